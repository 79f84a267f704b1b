import { asc, desc, eq } from "drizzle-orm";
import { db } from "@/db";
import { coupons } from "@/db/schema";
import type { Coupon } from "@/lib/coupons/coupons";
import { MARKETS } from "@/lib/pricing/markets";
import { formatMoney } from "@/lib/pricing/money";
import type { CouponInput } from "./coupon-input";
import { formatDate } from "./format";
import type { ActionResult } from "./order-management";

export type CouponState = "active" | "inactive" | "expired" | "used-up";

/** What a shopper entering the code would find now; an inactive code is off whatever else is true. */
export function couponState(coupon: Coupon, now: Date = new Date()): CouponState {
  if (!coupon.active) return "inactive";
  if (coupon.expiresAt && Date.parse(coupon.expiresAt) <= now.getTime()) return "expired";
  if (coupon.maxUses !== null && coupon.uses >= coupon.maxUses) return "used-up";
  return "active";
}

/** "10 % off" or "100,00 kr off", the amount written the way its market writes it. */
export function describeDiscount(coupon: Pick<Coupon, "kind" | "value" | "currency">): string {
  if (coupon.kind === "percent" || !coupon.currency) return `${coupon.value} % off`;
  const market = Object.values(MARKETS).find((candidate) => candidate.currency === coupon.currency);
  return `${formatMoney(coupon.value, coupon.currency, market?.formatLocale ?? "en-GB")} off`;
}

export interface CouponListRow {
  code: string;
  description: string;
  discount: string;
  /** Set for amount-off codes, which only work in this currency. */
  currency: string | null;
  uses: number;
  maxUses: number | null;
  expiresAt: string | null;
  active: boolean;
  state: CouponState;
}

/** Every code, newest first, with what a shopper would find if they entered it now. */
export async function listCoupons(now: Date = new Date()): Promise<CouponListRow[]> {
  const rows = await db().select().from(coupons).orderBy(desc(coupons.createdAt), asc(coupons.code));
  return rows.map((coupon) => ({
    code: coupon.code,
    description: coupon.description,
    discount: describeDiscount(coupon),
    currency: coupon.kind === "amount" ? coupon.currency : null,
    uses: coupon.uses,
    maxUses: coupon.maxUses,
    expiresAt: coupon.expiresAt,
    active: coupon.active,
    state: couponState(coupon, now),
  }));
}

/** Adds a code. The code is the table's key, so a taken code is refused by the insert itself, not by a look first. */
export async function createCoupon(input: CouponInput): Promise<ActionResult> {
  const inserted = await db()
    .insert(coupons)
    .values(input)
    .onConflictDoNothing({ target: coupons.code })
    .returning({ code: coupons.code });
  if (inserted.length === 0) {
    return {
      ok: false,
      status: 409,
      message: `There is already a code ${input.code}. Choose another code, or reactivate ${input.code} in the list.`,
    };
  }
  const limits = [
    input.maxUses === null ? "no use limit" : `${input.maxUses} ${input.maxUses === 1 ? "use" : "uses"}`,
    input.expiresAt ? `expires ${formatDate(input.expiresAt)}` : "no expiry",
  ];
  return { ok: true, message: `Created ${input.code}: ${describeDiscount(input)}, ${limits.join(", ")}.` };
}

/**
 * Turns a code off or on again. Off takes effect at once, also for checkouts in progress: the cart and Klarna's
 * validation both refuse an inactive code (lib/coupons/coupons.ts couponProblem).
 */
export async function setCouponActive(code: string, active: boolean): Promise<ActionResult> {
  const updated = await db().update(coupons).set({ active }).where(eq(coupons.code, code)).returning({ code: coupons.code });
  if (updated.length === 0) return { ok: false, status: 404, message: `There is no code ${code}. Reload the page to see the list.` };
  return {
    ok: true,
    message: active ? `${code} is active again.` : `${code} is deactivated: shoppers can no longer use it.`,
  };
}
