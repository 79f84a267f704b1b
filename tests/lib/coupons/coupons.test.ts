import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { checkoutSessions, couponClaims, coupons } from "@/db/schema";
import { openCheckout } from "@/lib/payments/klarna-payments/open-checkout";
import { claimPlacement, recordPlacedOrder, type CheckoutSession } from "@/lib/checkout/session-store";
import {
  claimCoupon,
  couponProblem,
  findCoupon,
  hasClaim,
  moveCouponClaims,
  releaseAbandonedCouponClaims,
} from "@/lib/coupons/coupons";
import { MARKETS, type Market } from "@/lib/pricing/markets";
import { validateOrder } from "@/lib/validation/validate-order";
import { cartWith, couponRow, insertCoupon, klarnaOrderOf, sessionFor, uniqueCode } from "../validation/support";

// openCheckout asks Klarna for a session; the rules under test only need one to exist.
vi.mock("@/lib/klarna", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/klarna")>()),
  klarna: () => ({
    payments: {
      createSession: async () => ({ session_id: crypto.randomUUID(), client_token: "test-client-token", payment_method_categories: [] }),
      updateSession: async () => undefined,
    },
  }),
}));

const LINES = [{ slug: "merino-base-layer", quantity: 1 }];

async function claimsOf(code: string): Promise<number> {
  return (await db().select({ n: count() }).from(couponClaims).where(eq(couponClaims.couponCode, code)).get())!.n;
}

async function claimingSessions(code: string): Promise<string[]> {
  const rows = await db().select({ id: couponClaims.checkoutSessionId }).from(couponClaims).where(eq(couponClaims.couponCode, code));
  return rows.map((row) => row.id);
}

describe("claimCoupon", () => {
  it("gives a single-use code to one checkout only; the next is told it was used", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("ONCE"), maxUses: 1 });
    expect(await claimCoupon(code, randomUUID())).toEqual({ ok: true });
    expect(await claimCoupon(code, randomUUID())).toEqual({ ok: false, reason: "coupon_used" });
    expect((await couponRow(code)).uses).toBe(1);
    expect(await claimsOf(code)).toBe(1);
  });

  it("lets the same checkout claim again (a retried validation) without using the code twice", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("ONCE"), maxUses: 1 });
    const session = randomUUID();
    expect(await claimCoupon(code, session)).toEqual({ ok: true });
    expect(await claimCoupon(code, session)).toEqual({ ok: true });
    expect(await claimCoupon(code, session)).toEqual({ ok: true });
    expect((await couponRow(code)).uses).toBe(1);
    expect(await hasClaim(code, session)).toBe(true);
  });

  it("counts one use when the same checkout claims many times at once (validations retried together)", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("TWICE"), maxUses: 2 });
    const session = randomUUID();
    const results = await Promise.all(Array.from({ length: 10 }, () => claimCoupon(code, session)));
    expect(results).toEqual(Array.from({ length: 10 }, () => ({ ok: true })));
    expect((await couponRow(code)).uses).toBe(1);
    expect(await claimsOf(code)).toBe(1);
  });

  it("refuses an expired code with coupon_expired and keeps no claim", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("OLD"), expiresAt: "2025-09-01T00:00:00.000Z" });
    const session = randomUUID();
    expect(await claimCoupon(code, session)).toEqual({ ok: false, reason: "coupon_expired" });
    expect((await couponRow(code)).uses).toBe(0);
    expect(await hasClaim(code, session)).toBe(false);
  });

  it("treats the moment of expiry as expired", async () => {
    const expiresAt = "2030-01-01T00:00:00.000Z";
    const { code } = await insertCoupon({ code: uniqueCode("EDGE"), expiresAt });
    expect(await claimCoupon(code, randomUUID(), new Date(Date.parse(expiresAt) - 1))).toEqual({ ok: true });
    expect(await claimCoupon(code, randomUUID(), new Date(expiresAt))).toEqual({ ok: false, reason: "coupon_expired" });
  });

  it("refuses a deactivated code as expired", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("OFF"), active: false });
    expect(await claimCoupon(code, randomUUID())).toEqual({ ok: false, reason: "coupon_expired" });
  });

  it("counts every use of a limited code up to its limit and no further", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("FIFTY"), kind: "amount", value: 10000, currency: "SEK", maxUses: 50 });
    const results = await Promise.all(Array.from({ length: 60 }, () => claimCoupon(code, randomUUID())));
    expect(results.filter((result) => result.ok)).toHaveLength(50);
    // Claimed at once: on libSQL the 60 transactions race, so which ten lose is not fixed, only that ten do.
    expect(results.filter((result) => !result.ok)).toEqual(Array.from({ length: 10 }, () => ({ ok: false, reason: "coupon_used" })));
    expect((await couponRow(code)).uses).toBe(50);
    expect(await claimsOf(code)).toBe(50);
  });

  it("counts the seeded TRAIL100 code (50 uses)", async () => {
    const before = (await couponRow("TRAIL100")).uses;
    expect(await claimCoupon("TRAIL100", randomUUID())).toEqual({ ok: true });
    expect((await couponRow("TRAIL100")).uses).toBe(before + 1);
  });

  it("never counts uses of an unlimited code against a limit", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("FREE") });
    for (let i = 0; i < 25; i++) expect(await claimCoupon(code, randomUUID())).toEqual({ ok: true });
    expect((await couponRow(code)).uses).toBe(25);
  });
});

describe("couponProblem", () => {
  const now = new Date("2026-06-01T12:00:00Z");

  it("explains an expired code with its date", async () => {
    const summer = (await findCoupon("summer2025"))!;
    expect(couponProblem(summer, MARKETS.SE, now)).toBe("The code SUMMER2025 expired on 1 September 2025.");
  });

  it("says a used-up single-use code has been used, except to the checkout that claimed it", async () => {
    const coupon = await insertCoupon({ code: uniqueCode("ONCE"), maxUses: 1 });
    const session = randomUUID();
    await claimCoupon(coupon.code, session);
    const used = await couponRow(coupon.code);
    expect(couponProblem(used, MARKETS.SE, now)).toBe(`The code ${coupon.code} has already been used.`);
    expect(couponProblem(used, MARKETS.SE, now, true)).toBeNull();
  });

  it("keeps an amount code to its currency", async () => {
    const trail = (await findCoupon("TRAIL100"))!;
    expect(couponProblem(trail, MARKETS.SE, now)).toBeNull();
    expect(couponProblem(trail, MARKETS.DE, now)).toBe("The code TRAIL100 can only be used in SEK.");
  });
});

describe("validateOrder with a coupon", () => {
  it("claims the cart's code on approval, once per checkout however often Klarna validates", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("ONCE"), maxUses: 1, value: 20 });
    const session = await sessionFor(await cartWith(LINES, code));
    expect(session.order.order_lines.some((line) => line.type === "discount" && line.reference === code)).toBe(true);
    expect(await validateOrder(session, klarnaOrderOf(session))).toMatchObject({ ok: true });
    expect(await validateOrder(session, klarnaOrderOf(session))).toMatchObject({ ok: true });
    expect((await couponRow(code)).uses).toBe(1);
    expect(await hasClaim(code, session.id)).toBe(true);
  });

  it("does not claim the code when another rule refuses the order", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("ONCE"), maxUses: 1 });
    const session = await sessionFor(await cartWith(LINES, code));
    const blocked = klarnaOrderOf(session, { billing_address: { email: "blocked@email.se", country: "SE" } });
    expect(await validateOrder(session, blocked)).toMatchObject({ ok: false, denial: { reason: "blocked" } });
    expect((await couponRow(code)).uses).toBe(0);
    expect(await claimsOf(code)).toBe(0);
  });

  it("gives a single-use code to exactly one of two checkouts validated at the same moment", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("ONCE"), maxUses: 1 });
    const first = await sessionFor(await cartWith(LINES, code));
    const second = await sessionFor(await cartWith(LINES, code));
    const results = await Promise.all([validateOrder(first, klarnaOrderOf(first)), validateOrder(second, klarnaOrderOf(second))]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toMatchObject({ ok: false, denial: { reason: "coupon_used" } });
    expect((await couponRow(code)).uses).toBe(1);
  });

  it("tells the second checkout of a single-use code, validated after the first, that the code was used", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("ONCE"), maxUses: 1 });
    const first = await sessionFor(await cartWith(LINES, code));
    const second = await sessionFor(await cartWith(LINES, code));
    expect(await validateOrder(first, klarnaOrderOf(first))).toMatchObject({ ok: true });
    expect(await validateOrder(second, klarnaOrderOf(second))).toMatchObject({
      ok: false,
      denial: { reason: "coupon_used", detail: `Code ${code}: The code ${code} has already been used.` },
    });
    expect((await couponRow(code)).uses).toBe(1);
    expect(await hasClaim(code, second.id)).toBe(false);
  });

  it("tells a checkout whose code expired while the shopper was paying that the code expired", async () => {
    const coupon = await insertCoupon({ code: uniqueCode("SOON"), expiresAt: new Date(Date.now() + 60_000).toISOString() });
    const session = await sessionFor(await cartWith(LINES, coupon.code));
    await db().update(coupons).set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).where(eq(coupons.code, coupon.code));
    expect(await validateOrder(session, klarnaOrderOf(session))).toMatchObject({ ok: false, denial: { reason: "coupon_expired" } });
    expect((await couponRow(coupon.code)).uses).toBe(0);
  });
});

describe("a cart's claim on a code when its checkout is replaced", () => {
  async function opened(cartId: string, market: Market): Promise<CheckoutSession> {
    const result = await openCheckout(cartId, market);
    if (result.status !== "ready") throw new Error(`The checkout is ${result.status}`);
    return result.session;
  }

  it("keeps a single-use code for the shopper whose validated checkout was replaced by a new one for the same cart", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("MINE"), maxUses: 1 });
    const cartId = await cartWith(LINES, code);
    const first = await opened(cartId, MARKETS.SE);
    expect(await validateOrder(first, klarnaOrderOf(first))).toMatchObject({ ok: true });

    // Klarna's session is per market: shipping to Germany instead opens a new checkout for the same cart.
    const second = await opened(cartId, MARKETS.DE);
    expect(second.id).not.toBe(first.id);
    expect(second.order.order_lines.some((line) => line.type === "discount" && line.reference === code)).toBe(true);
    expect(await validateOrder(second, klarnaOrderOf(second))).toMatchObject({ ok: true });

    expect((await couponRow(code)).uses).toBe(1);
    expect(await claimingSessions(code)).toEqual([second.id]);
  });

  it("moves only the cart's own claim to its new checkout, never another shopper's", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("TWICE"), maxUses: 2 });
    const someoneElse = await opened(await cartWith(LINES, code), MARKETS.SE);
    expect(await validateOrder(someoneElse, klarnaOrderOf(someoneElse))).toMatchObject({ ok: true });

    const mine = await opened(await cartWith(LINES, code), MARKETS.SE);

    expect(await claimingSessions(code)).toEqual([someoneElse.id]);
    expect(await validateOrder(mine, klarnaOrderOf(mine))).toMatchObject({ ok: true });
    expect((await couponRow(code)).uses).toBe(2);
  });
});

describe("releaseAbandonedCouponClaims", () => {
  const HOUR = 60 * 60 * 1000;
  const anHourAgo = () => new Date(Date.now() - HOUR);

  /** A checkout that claimed a use of `code` at validation `minutesAgo`. */
  async function validatedCheckout(code: string, minutesAgo: number): Promise<CheckoutSession> {
    const session = await sessionFor(await cartWith(LINES, code));
    expect(await validateOrder(session, klarnaOrderOf(session))).toMatchObject({ ok: true });
    const at = new Date(Date.now() - minutesAgo * 60_000).toISOString();
    await db().update(checkoutSessions).set({ createdAt: at, updatedAt: at }).where(eq(checkoutSessions.id, session.id));
    await db().update(couponClaims).set({ createdAt: at }).where(eq(couponClaims.checkoutSessionId, session.id));
    return session;
  }

  it("gives back the use of a checkout abandoned after validation, so the next shopper gets the code", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("LEFT"), maxUses: 1 });
    const abandoned = await validatedCheckout(code, 90);
    expect((await couponRow(code)).uses).toBe(1);

    expect(await releaseAbandonedCouponClaims(anHourAgo())).toBe(1);

    expect((await couponRow(code)).uses).toBe(0);
    expect(await hasClaim(code, abandoned.id)).toBe(false);
    const next = await sessionFor(await cartWith(LINES, code));
    expect(await validateOrder(next, klarnaOrderOf(next))).toMatchObject({ ok: true });
    expect((await couponRow(code)).uses).toBe(1);
  });

  it("keeps the use of a checkout that became an order, however old", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("SOLD"), maxUses: 1 });
    const ordered = await validatedCheckout(code, 3 * 24 * 60);
    await recordPlacedOrder(ordered.id, { providerReference: randomUUID(), redirectUrl: null, authorizationToken: "token" });

    expect(await releaseAbandonedCouponClaims(anHourAgo())).toBe(0);

    expect((await couponRow(code)).uses).toBe(1);
    expect(await hasClaim(code, ordered.id)).toBe(true);
  });

  it("keeps the use of a checkout that is being placed right now, however old its claim", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("PLACE"), maxUses: 1 });
    const placing = await validatedCheckout(code, 90);
    expect(await claimPlacement(placing.id)).toBe(true);

    expect(await releaseAbandonedCouponClaims(anHourAgo())).toBe(0);
    expect(await hasClaim(code, placing.id)).toBe(true);
  });

  it("keeps the use of a checkout that claimed within the last hour, which Klarna may still place", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("BUSY"), maxUses: 1 });
    const paying = await validatedCheckout(code, 30);

    expect(await releaseAbandonedCouponClaims(anHourAgo())).toBe(0);

    expect((await couponRow(code)).uses).toBe(1);
    expect(await hasClaim(code, paying.id)).toBe(true);
  });

  it("gives back one use per abandoned checkout of a code with several", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("MANY"), maxUses: 5 });
    await validatedCheckout(code, 120);
    await validatedCheckout(code, 61);
    const recent = await validatedCheckout(code, 5);
    expect((await couponRow(code)).uses).toBe(3);

    expect(await releaseAbandonedCouponClaims(anHourAgo())).toBe(2);

    expect((await couponRow(code)).uses).toBe(1);
    expect(await claimingSessions(code)).toEqual([recent.id]);
  });
});

describe("moveCouponClaims", () => {
  it("leaves the claim with a checkout that is being placed, so its order keeps the code's use", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("HOLD"), maxUses: 1 });
    const cartId = await cartWith(LINES, code);
    const placing = await sessionFor(cartId);
    expect(await validateOrder(placing, klarnaOrderOf(placing))).toMatchObject({ ok: true });
    expect(await claimPlacement(placing.id)).toBe(true);

    await moveCouponClaims(cartId, randomUUID());

    expect(await hasClaim(code, placing.id)).toBe(true);
  });
});
