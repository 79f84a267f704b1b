import { and, eq, inArray, isNull, sql, type Placeholder, type SQL } from "drizzle-orm";
import { db, prepared } from "@/db";
import { writeTogether, type Read, type WriteStatement } from "@/db/batch";
import { cartCoupons, checkoutSessions, couponClaims, coupons } from "@/db/schema";
import type { ClaimResult } from "@/db/units";
import type { Market } from "@/lib/pricing/markets";
import { formatMoney, minor } from "@/lib/pricing/money";
import type { OrderDiscount } from "@/lib/pricing/price-cart";

export type Coupon = typeof coupons.$inferSelect;

// Giving back abandoned uses is an atomic unit (db/units.ts); claiming one is the write batch below.
export { hasCouponClaim as hasClaim, releaseAbandonedCouponClaims, type ClaimResult } from "@/db/units";

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

// The cart's code and whether the checkout being paid already holds a use of it, in one statement (every cart view
// and every validation callback reads both).
const couponOfCartQuery = (
  database: ReturnType<typeof db>,
  cartId: string | Placeholder | SQL,
  checkoutSessionId: string | null | Placeholder | SQL,
) =>
  database
    .select({
      coupon: coupons,
      claimed: sql<number>`exists (select 1 from ${couponClaims} where ${couponClaims.couponCode} = ${coupons.code} and ${couponClaims.checkoutSessionId} = ${checkoutSessionId})`,
    })
    .from(cartCoupons)
    .innerJoin(coupons, eq(coupons.code, cartCoupons.couponCode))
    .where(eq(cartCoupons.cartId, cartId));
const couponOfCart = prepared((database) => couponOfCartQuery(database, sql.placeholder("cartId"), sql.placeholder("checkoutSessionId")).prepare());

type CartCouponRow = Awaited<ReturnType<ReturnType<typeof couponOfCart>["all"]>>[number];

/**
 * `cartCouponOf` as a read that can share a round trip with others (db/batch.ts); `cartCouponFrom` maps its rows.
 * The cart and the checkout may be given as subqueries of the same round trip (lib/checkout/session-store.ts).
 */
export function cartCouponRead(cartId: string | SQL, checkoutSessionId?: string | SQL): Read<CartCouponRow> {
  if (typeof cartId !== "string" || (checkoutSessionId !== undefined && typeof checkoutSessionId !== "string")) {
    const statement = () => couponOfCartQuery(db(), cartId, checkoutSessionId ?? null);
    return { query: statement, prepared: () => statement().all() };
  }
  return {
    query: () => couponOfCartQuery(db(), cartId, checkoutSessionId ?? null),
    prepared: () => couponOfCart().all({ cartId, checkoutSessionId: checkoutSessionId ?? null }),
  };
}

export function cartCouponFrom(rows: readonly CartCouponRow[]): { coupon: Coupon; claimed: boolean } | null {
  const row = rows[0];
  return row ? { coupon: row.coupon, claimed: Boolean(row.claimed) } : null;
}

/**
 * The code a cart carries, if any, and whether `checkoutSessionId` (the checkout being paid) holds a use of it;
 * without a checkout, `claimed` is false.
 */
export async function cartCouponOf(cartId: string, checkoutSessionId?: string): Promise<{ coupon: Coupon; claimed: boolean } | null> {
  const row = await couponOfCart().get({ cartId, checkoutSessionId: checkoutSessionId ?? null });
  return row ? { coupon: row.coupon, claimed: Boolean(row.claimed) } : null;
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
  await moveClaims(cartId, toCheckoutSessionId);
}

/** `moveCouponClaims` as a statement of a write batch (`writeTogether`, db/batch.ts), with the new session's insert. */
export function moveCouponClaimsWrite(cartId: string, toCheckoutSessionId: string): WriteStatement {
  return moveClaims(cartId, toCheckoutSessionId);
}

function moveClaims(cartId: string, toCheckoutSessionId: string) {
  return db()
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
              isNull(checkoutSessions.providerReference),
              isNull(checkoutSessions.placingAt),
            ),
          ),
      ),
    );
}

/**
 * Claims one use of a coupon for a checkout session, in one transaction and one round trip (`writeTogether`, db/batch.ts). The
 * claim row is inserted only while a use is left and the code is active and unexpired, and only if the session has
 * none yet (its primary key); the use is counted only when that insert made a row (`changes()`, the rows the batch's
 * previous statement changed, on the same connection inside the same transaction). So of two simultaneous checkouts
 * with a single-use code exactly one gets it, and a retried validation of the same session finds its claim and uses
 * the code no second time. The batch's last statement reads whether the session holds a claim now, and the code's
 * state, to say why not.
 */
export async function claimCoupon(code: string, checkoutSessionId: string, now = new Date()): Promise<ClaimResult> {
  const at = now.toISOString();
  const usable = and(
    eq(coupons.code, code),
    eq(coupons.active, true),
    sql`(${coupons.maxUses} is null or ${coupons.uses} < ${coupons.maxUses})`,
    sql`(${coupons.expiresAt} is null or ${coupons.expiresAt} > ${at})`,
  );
  const claim = () =>
    db()
      .insert(couponClaims)
      .select(
        db()
          .select({
            couponCode: coupons.code,
            checkoutSessionId: sql<string>`${checkoutSessionId}`.as("checkout_session_id"),
            createdAt: sql<string>`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`.as("created_at"),
          })
          .from(coupons)
          .where(usable),
      )
      .onConflictDoNothing();
  const count = () =>
    db()
      .update(coupons)
      .set({ uses: sql`${coupons.uses} + 1` })
      .where(and(eq(coupons.code, code), sql`changes() = 1`));
  const state = () =>
    db()
      .select({
        claimed: sql<number>`exists (select 1 from ${couponClaims} where ${couponClaims.couponCode} = ${code} and ${couponClaims.checkoutSessionId} = ${checkoutSessionId})`,
        active: coupons.active,
        expiresAt: coupons.expiresAt,
      })
      .from(coupons)
      .where(eq(coupons.code, code));
  const [, , rows] = await writeTogether([claim(), count(), state()], "claim coupon");
  const row = (rows as { claimed: number; active: boolean; expiresAt: string | null }[])[0];
  if (row && Boolean(row.claimed)) return { ok: true };
  const expired = !row || !row.active || (row.expiresAt !== null && row.expiresAt <= at);
  return { ok: false, reason: expired ? "coupon_expired" : "coupon_used" };
}
