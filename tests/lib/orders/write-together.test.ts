import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { writeTogether } from "@/db/batch";
import { countingRoundTrips } from "@/db/round-trips";
import { orderEvents, products } from "@/db/schema";
import { productBySlug } from "../validation/support";

// The write batch finalize's units are made of (db/batch.ts), on both drivers: one transaction in one round trip.
describe("writeTogether", () => {
  const event = (reference: string) =>
    db().insert(orderEvents).values({ providerReference: reference, source: "test", action: "batch", outcome: "ok", latencyMs: 0 });
  const eventsOf = (reference: string) => db().select().from(orderEvents).where(eq(orderEvents.providerReference, reference));

  it("runs its statements in order in one round trip, each giving what it would alone", async () => {
    const reference = `session:${randomUUID()}`;
    const socks = await productBySlug("hiking-wool-socks");
    const { result, roundTrips } = await countingRoundTrips(
      () =>
        writeTogether([
          event(reference),
          db().update(products).set({ stock: socks.stock - 1 }).where(eq(products.sku, socks.sku)).returning({ stock: products.stock }),
          eventsOf(reference),
        ]),
      async () => {},
    );
    expect(roundTrips).toBe(1);
    expect(result[1]).toEqual([{ stock: socks.stock - 1 }]);
    // The select sees what the statements before it wrote.
    expect(result[2]).toEqual([expect.objectContaining({ providerReference: reference, outcome: "ok" })]);
    await db().update(products).set({ stock: socks.stock }).where(eq(products.sku, socks.sku));
  });

  it("is all or nothing: a statement that fails (here the stock's CHECK) undoes the ones before it", async () => {
    const reference = `session:${randomUUID()}`;
    const socks = await productBySlug("hiking-wool-socks");
    await expect(
      writeTogether([event(reference), db().update(products).set({ stock: -1 }).where(eq(products.sku, socks.sku))]),
    ).rejects.toThrow();
    expect(await eventsOf(reference)).toEqual([]);
    expect((await productBySlug("hiking-wool-socks")).stock).toBe(socks.stock);
  });
});
