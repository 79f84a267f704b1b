import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { couponClaims, coupons } from "@/db/schema";
import { claimCoupon, couponProblem, findCoupon, hasClaim } from "@/lib/coupons/coupons";
import { MARKETS } from "@/lib/pricing/markets";
import { validateOrder } from "@/lib/validation/validate-order";
import { cartWith, couponRow, insertCoupon, klarnaOrderOf, sessionFor, uniqueCode } from "../validation/support";

async function claimsOf(code: string): Promise<number> {
  return (await db().select({ n: count() }).from(couponClaims).where(eq(couponClaims.couponCode, code)).get())!.n;
}

describe("claimCoupon", () => {
  it("gives a single-use code to one checkout only; the next is told it was used", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("ONCE"), maxUses: 1 });
    expect(claimCoupon(code, randomUUID())).toEqual({ ok: true });
    expect(claimCoupon(code, randomUUID())).toEqual({ ok: false, reason: "coupon_used" });
    expect((await couponRow(code)).uses).toBe(1);
    expect(await claimsOf(code)).toBe(1);
  });

  it("lets the same checkout claim again (a retried validation) without using the code twice", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("ONCE"), maxUses: 1 });
    const session = randomUUID();
    expect(claimCoupon(code, session)).toEqual({ ok: true });
    expect(claimCoupon(code, session)).toEqual({ ok: true });
    expect(claimCoupon(code, session)).toEqual({ ok: true });
    expect((await couponRow(code)).uses).toBe(1);
    expect(await hasClaim(code, session)).toBe(true);
  });

  it("refuses an expired code with coupon_expired and keeps no claim", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("OLD"), expiresAt: "2025-09-01T00:00:00.000Z" });
    const session = randomUUID();
    expect(claimCoupon(code, session)).toEqual({ ok: false, reason: "coupon_expired" });
    expect((await couponRow(code)).uses).toBe(0);
    expect(await hasClaim(code, session)).toBe(false);
  });

  it("treats the moment of expiry as expired", async () => {
    const expiresAt = "2030-01-01T00:00:00.000Z";
    const { code } = await insertCoupon({ code: uniqueCode("EDGE"), expiresAt });
    expect(claimCoupon(code, randomUUID(), new Date(Date.parse(expiresAt) - 1))).toEqual({ ok: true });
    expect(claimCoupon(code, randomUUID(), new Date(expiresAt))).toEqual({ ok: false, reason: "coupon_expired" });
  });

  it("refuses a deactivated code as expired", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("OFF"), active: false });
    expect(claimCoupon(code, randomUUID())).toEqual({ ok: false, reason: "coupon_expired" });
  });

  it("counts every use of a limited code up to its limit and no further", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("FIFTY"), kind: "amount", value: 10000, currency: "SEK", maxUses: 50 });
    const results = Array.from({ length: 60 }, () => claimCoupon(code, randomUUID()));
    expect(results.filter((result) => result.ok)).toHaveLength(50);
    expect(results.slice(50)).toEqual(Array.from({ length: 10 }, () => ({ ok: false, reason: "coupon_used" })));
    expect((await couponRow(code)).uses).toBe(50);
    expect(await claimsOf(code)).toBe(50);
  });

  it("counts the seeded TRAIL100 code (50 uses)", async () => {
    const before = (await couponRow("TRAIL100")).uses;
    expect(claimCoupon("TRAIL100", randomUUID())).toEqual({ ok: true });
    expect((await couponRow("TRAIL100")).uses).toBe(before + 1);
  });

  it("never counts uses of an unlimited code against a limit", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("FREE") });
    for (let i = 0; i < 25; i++) expect(claimCoupon(code, randomUUID())).toEqual({ ok: true });
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
    claimCoupon(coupon.code, session);
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
  const LINES = [{ slug: "merino-base-layer", quantity: 1 }];

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

  // BUG-V1 (lib/validation/validate-order.ts validateOrder, via lib/cart/cart-view.ts loadCartView): once a
  // single-use code is used up (or expires), loadCartView prices the second checkout's cart without the discount, so
  // checkCartMatches sees Klarna's discounted order differ and denies with cart_changed; claimCoupon is only reached
  // when the coupon still looks fine, so coupon_used/coupon_expired are only ever given in a sub-millisecond race. The
  // shopper is told "Your cart changed while you were paying" instead of "Your discount code has already been used".
  // Fix: in validateOrder, before checkCartMatches, if the cart has a coupon whose couponProblem is not null and
  // Klarna's order still carries that code's discount line (reference === coupon.code), deny with coupon_used or
  // coupon_expired (the same test claimCoupon makes); prepareAuthorization/syncSessionWithCart should likewise refuse
  // with that message rather than silently re-pricing without the discount (see the e2e test).
  it.todo("tells the second checkout of a single-use code, validated after the first, that the code was used", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("ONCE"), maxUses: 1 });
    const first = await sessionFor(await cartWith(LINES, code));
    const second = await sessionFor(await cartWith(LINES, code));
    expect(await validateOrder(first, klarnaOrderOf(first))).toMatchObject({ ok: true });
    expect(await validateOrder(second, klarnaOrderOf(second))).toMatchObject({ ok: false, denial: { reason: "coupon_used" } });
    expect((await couponRow(code)).uses).toBe(1);
  });

  // BUG-V6 (lib/coupons/coupons.ts claimCoupon + lib/cart/cart-view.ts): a use is claimed per checkout session at
  // validation and never released, and only that session may still use it. When the same cart gets a new session
  // (openCheckout replaces it after a market switch and back, after 47 h, or while a placement claim is held), the
  // shopper's own single-use code now reads "has already been used" and its discount is dropped, though no order used
  // it; a shopper who abandons after validation burns the code for everyone. Fix: claim per cart (cart_id in
  // coupon_claims, or count claims of any session of the cart as `claimed`), and release claims of sessions that never
  // became an order once their authorization can no longer be used (e.g. in the reconcile cron).
  it.todo("keeps a single-use code for the shopper whose validated checkout was replaced by a new one for the same cart", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("MINE"), maxUses: 1 });
    const cartId = await cartWith(LINES, code);
    const first = await sessionFor(cartId);
    expect(await validateOrder(first, klarnaOrderOf(first))).toMatchObject({ ok: true });
    const second = await sessionFor(cartId);
    expect(second.order.order_lines.some((line) => line.type === "discount" && line.reference === code)).toBe(true);
    expect(await validateOrder(second, klarnaOrderOf(second))).toMatchObject({ ok: true });
    expect((await couponRow(code)).uses).toBe(1);
  });

  // BUG-V1 as well: an expiry between opening the checkout and confirming gives cart_changed, not coupon_expired.
  it.todo("tells a checkout whose code expired while the shopper was paying that the code expired", async () => {
    const coupon = await insertCoupon({ code: uniqueCode("SOON"), expiresAt: new Date(Date.now() + 60_000).toISOString() });
    const session = await sessionFor(await cartWith(LINES, coupon.code));
    await db().update(coupons).set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).where(eq(coupons.code, coupon.code));
    expect(await validateOrder(session, klarnaOrderOf(session))).toMatchObject({ ok: false, denial: { reason: "coupon_expired" } });
    expect((await couponRow(coupon.code)).uses).toBe(0);
  });
});
