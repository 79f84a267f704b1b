import { hashSync } from "bcryptjs";
import { eq, sql } from "drizzle-orm";
import { DEMO_MERCHANT } from "./demo-merchant";
import { isLocalRun } from "./local-run";
import { PASSWORD_HASH_COST } from "./password-cost";
import { env } from "@/lib/env";
import { CATALOGUE } from "./catalogue";
import * as schema from "./schema";
import { seedValidationData } from "./seed-validation";
import { step, type Unit, type UnitTx } from "./unit";

/** Replaces the catalogue and empties carts, in one transaction (an atomic unit, see db/unit.ts). */
export function* seedCatalogue(tx: UnitTx): Generator<unknown, void, unknown> {
  yield* seedValidationData(tx);
  yield* step(tx.delete(schema.cartItems).run());
  yield* step(tx.delete(schema.carts).run());
  yield* step(tx.delete(schema.productPrices).run());
  yield* step(tx.delete(schema.products).run());
  for (const [position, entry] of CATALOGUE.entries()) {
    const product = yield* step(
      tx
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
          subscriptionInterval: entry.subscription?.interval ?? null,
          subscriptionIntervalCount: entry.subscription?.intervalCount ?? null,
        })
        .returning({ id: schema.products.id })
        .get(),
    );
    yield* step(
      tx
        .insert(schema.productPrices)
        .values(Object.entries(entry.prices).map(([currency, unitPrice]) => ({ productId: product.id, currency, unitPrice })))
        .run(),
    );
  }
}

/**
 * Adds the back office's demo merchant once, on local runs only: a deployment makes its own accounts. The hash is
 * made only when the account is missing, as it takes a third of a second.
 */
function* seedDemoMerchant(tx: UnitTx): Generator<unknown, void, unknown> {
  const existing = yield* step(
    tx
      .select({ id: schema.merchantUsers.id })
      .from(schema.merchantUsers)
      .where(eq(schema.merchantUsers.email, DEMO_MERCHANT.email))
      .get(),
  );
  if (existing) return;
  yield* step(
    tx
      .insert(schema.merchantUsers)
      .values({
        email: DEMO_MERCHANT.email,
        name: DEMO_MERCHANT.name,
        passwordHash: hashSync(DEMO_MERCHANT.password, PASSWORD_HASH_COST),
      })
      .onConflictDoNothing()
      .run(),
  );
}

/**
 * What the store does when it opens a database it migrates itself: the demo catalogue if there is none, and on a
 * local run the demo merchant, though never into a hosted database (`hosted`), where its published password would
 * open the back office of a real store (a CLI run against Turso from a laptop is a local run).
 */
export function seedIfEmpty(hosted: boolean): Unit<void> {
  return function* (tx) {
    const row = yield* step(tx.select({ count: sql<number>`count(*)` }).from(schema.products).get());
    if ((row?.count ?? 0) === 0) yield* seedCatalogue(tx);
    if (isLocalRun(env().STORE_URL) && !hosted) yield* seedDemoMerchant(tx);
  };
}
