import { hashSync } from "bcryptjs";
import { eq, sql } from "drizzle-orm";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { DEMO_MERCHANT } from "@/lib/admin/demo-merchant";
import { isLocalRun } from "@/lib/admin/deployment";
import { PASSWORD_HASH_COST } from "@/lib/admin/password-cost";
import { env } from "@/lib/env";
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

/**
 * Adds the back office's demo merchant once, on local runs only: a deployment makes its own accounts. The hash is
 * made only when the account is missing, as it takes a third of a second.
 */
export function seedDemoMerchant(db: SeedDb): void {
  const existing = db
    .select({ id: schema.merchantUsers.id })
    .from(schema.merchantUsers)
    .where(eq(schema.merchantUsers.email, DEMO_MERCHANT.email))
    .get();
  if (existing) return;
  db.insert(schema.merchantUsers)
    .values({
      email: DEMO_MERCHANT.email,
      name: DEMO_MERCHANT.name,
      passwordHash: hashSync(DEMO_MERCHANT.password, PASSWORD_HASH_COST),
    })
    .onConflictDoNothing()
    .run();
}

export function seedIfEmpty(db: SeedDb): void {
  const row = db.select({ count: sql<number>`count(*)` }).from(schema.products).get();
  if ((row?.count ?? 0) === 0) seedCatalogue(db);
  if (isLocalRun(env().STORE_URL)) seedDemoMerchant(db);
}
