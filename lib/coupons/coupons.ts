import { and, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { db } from "@/db";
import { cartCoupons, checkoutSessions, couponClaims, coupons } from "@/db/schema";
import type { Market } from "@/lib/pricing/markets";
import { formatMoney, minor } from "@/lib/pricing/money";
import type { OrderDiscount } from "@/lib/pricing/price-cart";

export type Coupon = typeof coupons.$inferSelect;

export const couponCodeSchemaPattern = /^[A-Z0-9-]{3,32}$/;

export function normalizeCouponCode(code: string): string {
  return code.trim().toUpperCase();
}

export async function findCoupon(code: string): Promise<Coupon | null> {
  const [row] = await db().select().from(coupons).where(eq(coupons.code, normalizeCouponCode(code)));
  return row ?? null;
}

/**
 * Why a coupon cannot be used in this market now, in the shopper's words; null when it can. A checkout that has
 * already claimed a use of it (`claimed`) may still use it, even if that was the last use.
 */
export function couponProblem(coupon: Coupon, market: Market, now = new Date(), claimed = false): string | null {
  if (!coupon.active) return `The code ${coupon.code} is no longer valid.`;
  if (coupon.expiresAt && Date.parse(coupon.expiresAt) <= now.getTime()) {
    return `The code ${coupon.code} expired on ${new Date(coupon.expiresAt).toLocaleDateString("en-GB", { dateStyle: "long" })}.`;
  }
  if (!claimed && coupon.maxUses !== null && coupon.uses >= coupon.maxUses) return `The code ${coupon.code} has already been used.`;
  if (coupon.kind === "amount" && coupon.currency !== market.currency) {
    return `The code ${coupon.code} can only be used in ${coupon.currency}.`;
  }
  return null;
}

/** How the merchant's validation names a coupon that cannot be used: used up, or no longer valid. */
export function couponDenialReason(coupon: Coupon, now = new Date()): "coupon_used" | "coupon_expired" {
  const expired = !coupon.active || (coupon.expiresAt !== null && Date.parse(coupon.expiresAt) <= now.getTime());
  return !expired && coupon.maxUses !== null && coupon.uses >= coupon.maxUses ? "coupon_used" : "coupon_expired";
}

export function couponDiscount(coupon: Coupon, market: Market): OrderDiscount {
  return coupon.kind === "percent"
    ? { reference: coupon.code, name: `Code ${coupon.code} (${coupon.value} % off)`, percent: coupon.value }
    : {
        reference: coupon.code,
        name: `Code ${coupon.code} (${formatMoney(coupon.value, market.currency, market.formatLocale)} off)`,
        amount: minor(coupon.value),
      };
}

export async function cartCouponOf(cartId: string): Promise<Coupon | null> {
  const [row] = await db()
    .select({ coupon: coupons })
    .from(cartCoupons)
    .innerJoin(coupons, eq(coupons.code, cartCoupons.couponCode))
    .where(eq(cartCoupons.cartId, cartId));
  return row?.coupon ?? null;
}

export async function hasClaim(code: string, checkoutSessionId: string): Promise<boolean> {
  const [row] = await db()
    .select({ code: couponClaims.couponCode })
    .from(couponClaims)
    .where(and(eq(couponClaims.couponCode, code), eq(couponClaims.checkoutSessionId, checkoutSessionId)));
  return Boolean(row);
}

export async function setCartCoupon(cartId: string, code: string): Promise<void> {
  await db()
    .insert(cartCoupons)
    .values({ cartId, couponCode: code })
    .onConflictDoUpdate({ target: cartCoupons.cartId, set: { couponCode: code } });
}

export async function removeCartCoupon(cartId: string): Promise<void> {
  await db().delete(cartCoupons).where(eq(cartCoupons.cartId, cartId));
}

/**
 * A cart that starts a new checkout session (another market, an expired session) keeps the coupon use it claimed,
 * so the shopper's own single-use code does not turn into "already used".
 */
export async function moveCouponClaims(cartId: string, toCheckoutSessionId: string): Promise<void> {
  await db()
    .update(couponClaims)
    .set({ checkoutSessionId: toCheckoutSessionId })
    .where(
      inArray(
        couponClaims.checkoutSessionId,
        db()
          .select({ id: checkoutSessions.id })
          .from(checkoutSessions)
          // A checkout being placed right now keeps its claim: its order may be about to use the code.
          .where(
            and(
              eq(checkoutSessions.cartId, cartId),
              isNull(checkoutSessions.klarnaOrderId),
              isNull(checkoutSessions.placingAt),
            ),
          ),
      ),
    );
}

/**
 * Gives back the uses claimed before `before` by checkouts that never became an order and are not being placed
 * (Klarna's authorization lasts 60 minutes, so an older claim can no longer be paid for; a shopper who comes back
 * is validated, and claims, again). Run by the reconcile job.
 */
export function releaseAbandonedCouponClaims(before: Date): number {
  return db().transaction((tx) => {
    const abandoned = tx
      .select({ code: couponClaims.couponCode, sessionId: couponClaims.checkoutSessionId })
      .from(couponClaims)
      .innerJoin(checkoutSessions, eq(checkoutSessions.id, couponClaims.checkoutSessionId))
      .where(
        and(
          isNull(checkoutSessions.klarnaOrderId),
          isNull(checkoutSessions.placingAt),
          lt(couponClaims.createdAt, before.toISOString()),
        ),
      )
      .all();
    for (const claim of abandoned) {
      tx.delete(couponClaims)
        .where(and(eq(couponClaims.couponCode, claim.code), eq(couponClaims.checkoutSessionId, claim.sessionId)))
        .run();
      tx.update(coupons)
        .set({ uses: sql`max(${coupons.uses} - 1, 0)` })
        .where(eq(coupons.code, claim.code))
        .run();
    }
    return abandoned.length;
  });
}

export type ClaimResult = { ok: true } | { ok: false; reason: "coupon_used" | "coupon_expired" };

/**
 * Claims one use of a coupon for a checkout session. The conditional update only counts a use while one is left and
 * the code has not expired, so of two simultaneous checkouts with a single-use code exactly one gets it. The claim
 * row makes a retried validation of the same session succeed without using the code again. Synchronous on purpose:
 * a better-sqlite3 transaction must not span an await.
 */
export function claimCoupon(code: string, checkoutSessionId: string, now = new Date()): ClaimResult {
  return db().transaction((tx) => {
    const claimed = tx.insert(couponClaims).values({ couponCode: code, checkoutSessionId }).onConflictDoNothing().run();
    if (claimed.changes === 0) return { ok: true } as const;
    const counted = tx
      .update(coupons)
      .set({ uses: sql`${coupons.uses} + 1` })
      .where(
        and(
          eq(coupons.code, code),
          eq(coupons.active, true),
          sql`(${coupons.maxUses} is null or ${coupons.uses} < ${coupons.maxUses})`,
          sql`(${coupons.expiresAt} is null or ${coupons.expiresAt} > ${now.toISOString()})`,
        ),
      )
      .run();
    if (counted.changes > 0) return { ok: true } as const;
    tx.delete(couponClaims)
      .where(and(eq(couponClaims.couponCode, code), eq(couponClaims.checkoutSessionId, checkoutSessionId)))
      .run();
    const coupon = tx.select().from(coupons).where(eq(coupons.code, code)).get();
    const expired = !coupon || !coupon.active || (coupon.expiresAt !== null && coupon.expiresAt <= now.toISOString());
    return { ok: false, reason: expired ? "coupon_expired" : "coupon_used" } as const;
  });
}
