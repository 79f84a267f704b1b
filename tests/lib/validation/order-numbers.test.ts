import { count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { writeTogether } from "@/db/batch";
import { orderNumberAllocation } from "@/db/units";
import { checkoutSessions, orderNumbers } from "@/db/schema";
import { findCheckoutSession } from "@/lib/checkout/session-store";
import { allocateOrderNumber, orderNumberFor } from "@/lib/orders/order-store";
import { validateOrder } from "@/lib/validation/validate-order";
import { cartWith, klarnaOrderOf, sessionFor } from "./support";

const YEAR = new Date().getUTCFullYear();
const LINES = [{ slug: "lumen-400-headlamp", quantity: 1 }];
const sequenceOf = (orderNumber: string) => Number(/^ORD-\d{4}-(\d{6})$/.exec(orderNumber)![1]);

async function approvedNumber(sessionId?: string): Promise<string> {
  const session = sessionId ? (await findCheckoutSession(sessionId))! : await sessionFor(await cartWith(LINES));
  const result = await validateOrder(session, klarnaOrderOf(session));
  if (!result.ok) throw new Error(`validation refused: ${"denial" in result ? result.denial.reason : "placed meanwhile"}`);
  return result.orderNumber;
}

async function numbersAllocated(): Promise<number> {
  return (await db().select({ n: count() }).from(orderNumbers).get())!.n;
}

describe("order numbers given at validation", () => {
  it("are ORD-YYYY-NNNNNN, in sequence, one per approved checkout", async () => {
    const numbers = [await approvedNumber(), await approvedNumber(), await approvedNumber()];
    for (const number of numbers) expect(number).toMatch(new RegExp(`^ORD-${YEAR}-\\d{6}$`));
    const first = sequenceOf(numbers[0]!);
    expect(numbers.map(sequenceOf)).toEqual([first, first + 1, first + 2]);
  });

  it("are stored on the checkout session, for merchant_reference1 and the store order", async () => {
    const session = await sessionFor(await cartWith(LINES));
    const number = await approvedNumber(session.id);
    const [row] = await db().select({ orderNumber: checkoutSessions.orderNumber }).from(checkoutSessions).where(eq(checkoutSessions.id, session.id));
    expect(row!.orderNumber).toBe(number);
  });

  it("stay the same for the same checkout however often it is validated, and allocate nothing more", async () => {
    const session = await sessionFor(await cartWith(LINES));
    const first = await approvedNumber(session.id);
    const allocated = await numbersAllocated();
    // Once with the session as read before its number was stored (Klarna's retry racing the first call)…
    expect(await validateOrder(session, klarnaOrderOf(session))).toMatchObject({ ok: true, orderNumber: first });
    // …and again as read now.
    expect(await approvedNumber(session.id)).toBe(first);
    expect(await numbersAllocated()).toBe(allocated);
  });

  it("are not given to a refused checkout", async () => {
    const session = await sessionFor(await cartWith(LINES));
    const allocated = await numbersAllocated();
    const blocked = klarnaOrderOf(session, { billing_address: { email: "blocked@email.se" } });
    expect(await validateOrder(session, blocked)).toMatchObject({ ok: false });
    expect(await numbersAllocated()).toBe(allocated);
    expect((await findCheckoutSession(session.id))!.orderNumber).toBeNull();
  });

  it("are all different when many checkouts are validated at once, with no gaps", async () => {
    const sessions = await Promise.all(Array.from({ length: 30 }, async () => sessionFor(await cartWith(LINES))));
    const numbers = await Promise.all(sessions.map((session) => approvedNumber(session.id)));
    expect(new Set(numbers).size).toBe(30);
    const sorted = numbers.map(sequenceOf).sort((a, b) => a - b);
    expect(sorted.at(-1)! - sorted[0]!).toBe(29);
  });

  it("are never reused, even after a number's row is deleted", async () => {
    const last = await allocateOrderNumber(`test:${Date.now()}:a`);
    await db().delete(orderNumbers).where(eq(orderNumbers.id, sequenceOf(last)));
    const next = await allocateOrderNumber(`test:${Date.now()}:b`);
    expect(sequenceOf(next)).toBe(sequenceOf(last) + 1);
  });

  it("format with six digits and the year", () => {
    expect(orderNumberFor(1, 2026)).toBe("ORD-2026-000001");
    expect(orderNumberFor(123456, 2026)).toBe("ORD-2026-123456");
  });

  it("are spelled by a write batch's SQL (orderNumberAllocation) exactly as by orderNumberFor, past six digits too", async () => {
    // The format is written twice, in TypeScript and in the creation batch's SQL (db/units.ts): this holds them equal.
    const spelled = async (key: string) => {
      const { insert, number } = orderNumberAllocation(key, 2026);
      await writeTogether([insert]);
      return (await db().select({ id: orderNumbers.id, number: sql<string>`${number}` }).from(orderNumbers).where(eq(orderNumbers.key, key)))[0]!;
    };
    const small = await spelled(`spell:${Date.now()}:a`);
    expect(small.number).toBe(orderNumberFor(small.id, 2026));
    await db().insert(orderNumbers).values({ id: 1_234_566, key: `spell:${Date.now()}:gap` });
    const large = await spelled(`spell:${Date.now()}:b`);
    expect(large.id).toBe(1_234_567);
    expect(large.number).toBe(orderNumberFor(large.id, 2026));
    expect(large.number).toBe("ORD-2026-1234567");
  });
});
