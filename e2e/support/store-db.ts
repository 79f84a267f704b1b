import Database from "better-sqlite3";
import path from "node:path";
import { STORE_PORT } from "../../playwright.config";

/** The e2e store's database (see playwright.config.ts), for arranging stock the way a warehouse would. */
export function storeDb(): Database.Database {
  const db = new Database(path.resolve(__dirname, `../../data/e2e-store-${STORE_PORT}.db`));
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

function read<T>(query: (db: Database.Database) => T): T {
  const db = storeDb();
  try {
    return query(db);
  } finally {
    db.close();
  }
}

export function stockOf(slug: string): number {
  return read((db) => (db.prepare("select stock from products where slug = ?").get(slug) as { stock: number }).stock);
}

export function orderCount(): number {
  return read((db) => (db.prepare("select count(*) as n from orders").get() as { n: number }).n);
}

export interface StoreOrderRow {
  klarna_order_id: string;
  order_number: string;
  status: "pending" | "acknowledged" | "cancelled";
  order_amount: number;
  acknowledged_at: string | null;
}

/** The store orders placed from this cart's checkout sessions. */
export function ordersOfCart(cartId: string): StoreOrderRow[] {
  return read(
    (db) =>
      db
        .prepare(
          `select o.klarna_order_id, o.order_number, o.status, o.order_amount, o.acknowledged_at
           from orders o join checkout_sessions s on s.id = o.checkout_session_id
           where s.cart_id = ? order by o.id`,
        )
        .all(cartId) as StoreOrderRow[],
  );
}

export function ordersWithKlarnaId(klarnaOrderId: string): StoreOrderRow[] {
  return read(
    (db) =>
      db
        .prepare(
          "select klarna_order_id, order_number, status, order_amount, acknowledged_at from orders where klarna_order_id = ?",
        )
        .all(klarnaOrderId) as StoreOrderRow[],
  );
}

export interface OrderEventRow {
  source: string;
  action: string;
  outcome: string;
}

/** The order's log, oldest first: who created it, who acknowledged it, what failed. */
export function orderEvents(klarnaOrderId: string): OrderEventRow[] {
  return read(
    (db) =>
      db
        .prepare("select source, action, outcome from order_events where klarna_order_id = ? order by id")
        .all(klarnaOrderId) as OrderEventRow[],
  );
}
