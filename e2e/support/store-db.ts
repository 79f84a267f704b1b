import Database from "better-sqlite3";
import path from "node:path";

/** The e2e store's database (see playwright.config.ts), for arranging stock the way a warehouse would. */
export function storeDb(): Database.Database {
  const db = new Database(path.resolve(__dirname, "../../data/e2e-store.db"));
  db.pragma("busy_timeout = 5000");
  return db;
}

export function setStock(slug: string, stock: number): number {
  const db = storeDb();
  try {
    const before = db.prepare("select stock from products where slug = ?").get(slug) as { stock: number };
    db.prepare("update products set stock = ? where slug = ?").run(stock, slug);
    return before.stock;
  } finally {
    db.close();
  }
}
