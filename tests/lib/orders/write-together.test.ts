import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { rowsWhere, writeTogether } from "@/db/batch";
import { countingRoundTrips } from "@/db/round-trips";
import { emailOutbox, orderEvents, products } from "@/db/schema";
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

// An insert that decides by itself in a write batch (INSERT … SELECT … WHERE), as a settle batch's event and email do.
describe("rowsWhere", () => {
  const rows = (key: string) => [
    { dedupeKey: `${key}:a`, orderId: null, kind: "confirmation" as const, recipient: "a@example.se", payload: { n: 1 }, nextAttemptAt: 5 },
    { dedupeKey: `${key}:b`, orderId: null, kind: "refund" as const, recipient: "a@example.se", payload: { amount: 100 }, nextAttemptAt: 5, claimedAt: 7 },
  ];
  const eventExists = (reference: string) => sql`exists (select 1 from ${orderEvents} where ${orderEvents.providerReference} = ${reference})`;

  it("writes the rows as .values() would while its condition holds (read after the statements before it), none otherwise", async () => {
    const key = randomUUID();
    const reference = `session:${key}`;
    const { result, roundTrips } = await countingRoundTrips(
      () =>
        writeTogether([
          db().insert(orderEvents).values({ providerReference: reference, source: "test", action: "batch", outcome: "ok", latencyMs: 0 }),
          db().insert(emailOutbox).select(rowsWhere(emailOutbox, rows(key), eventExists(reference))).onConflictDoNothing().returning(),
          db().insert(emailOutbox).select(rowsWhere(emailOutbox, rows(`${key}-not`), eventExists(`${reference}-none`))).returning(),
          // The same rows again: the upsert clause after the select adds none.
          db().insert(emailOutbox).select(rowsWhere(emailOutbox, rows(key), sql`1 = 1`)).onConflictDoNothing().returning(),
        ]),
      async () => {},
    );
    expect(roundTrips).toBe(1);
    // Each value through its column (JSON), and the columns' defaults where a row leaves them out.
    expect(result[1]).toEqual([
      expect.objectContaining({ dedupeKey: `${key}:a`, payload: { n: 1 }, status: "pending", attempts: 0, claimedAt: null, createdAt: expect.any(String) }),
      expect.objectContaining({ dedupeKey: `${key}:b`, kind: "refund", payload: { amount: 100 }, claimedAt: 7 }),
    ]);
    expect(result[2]).toEqual([]);
    expect(result[3]).toEqual([]);
    expect(await db().select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, `${key}-not:a`))).toEqual([]);
  });
});
