import { sql } from "drizzle-orm";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { CATALOGUE } from "./catalogue";
import * as schema from "./schema";
import { seedValidationData } from "./seed-validation";

type SeedDb = BetterSQLite3Database<typeof schema>;

/** Replaces the catalogue and empties carts. Synchronous: better-sqlite3 transactions cannot span awaits. */
export function seedCatalogue(db: SeedDb): void {
  db.transaction((tx) => {
    seedValidationData(tx);
    tx.delete(schema.cartItems).run();
    tx.delete(schema.carts).run();
    tx.delete(schema.productPrices).run();
    tx.delete(schema.products).run();
    CATALOGUE.forEach((entry, position) => {
      const product = tx
        .insert(schema.products)
        .values({
          slug: entry.slug,
          sku: entry.sku,
          name: entry.name,
          summary: entry.summary,
          description: entry.description,
          category: entry.category,
          taxClass: entry.taxClass,
          isDigital: entry.isDigital ?? false,
          stock: entry.stock,
          image: `/products/${entry.slug}.svg`,
          position,
        })
        .returning({ id: schema.products.id })
        .get();
      tx.insert(schema.productPrices)
        .values(
          Object.entries(entry.prices).map(([currency, unitPrice]) => ({ productId: product.id, currency, unitPrice })),
        )
        .run();
    });
  });
}

export function seedIfEmpty(db: SeedDb): void {
  const row = db.select({ count: sql<number>`count(*)` }).from(schema.products).get();
  if ((row?.count ?? 0) === 0) seedCatalogue(db);
}
