import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { reconcileAllAction } from "@/components/admin/order-actions";
import { db } from "@/db";
import { carts, checkoutSessions, couponClaims, coupons } from "@/db/schema";
import { reconcileAll } from "@/lib/admin/reconcile";

// Reconcile gives back the coupon uses of checkouts that can no longer be paid: Klarna's authorization lasts 60 min.

vi.mock("@/lib/admin/session", () => ({
  currentMerchant: vi.fn(async () => ({ id: 1, email: "merchant@trailhead.example", name: "Demo Merchant" })),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

// The dashboard's action reconciles as of the real time, so the checkouts are dated from it too.
const NOW = new Date();
let sequence = 0;

/** A checkout that claimed a use of `code`, last touched `minutesAgo` before NOW; placed when it has a Klarna order. */
async function claimedCheckout(code: string, minutesAgo: number, klarnaOrderId: string | null = null) {
  sequence += 1;
  const id = `session-${sequence}`;
  const at = new Date(NOW.getTime() - minutesAgo * 60_000).toISOString();
  await db().insert(carts).values({ id: `cart-${sequence}` });
  await db().insert(checkoutSessions).values({
    id,
    cartId: `cart-${sequence}`,
    market: "SE",
    klarnaSessionId: `klarna-session-${sequence}`,
    clientToken: "client-token",
    paymentMethodCategories: [],
    callbackToken: `callback-${sequence}`,
    order: { purchase_country: "SE", purchase_currency: "SEK", locale: "en-SE", order_amount: 0, order_tax_amount: 0, order_lines: [] },
    fingerprint: "fingerprint",
    providerReference: klarnaOrderId,
    createdAt: at,
    updatedAt: at,
  });
  await db().insert(couponClaims).values({ couponCode: code, checkoutSessionId: id, createdAt: at });
  await db().update(coupons).set({ uses: sequence }).where(eq(coupons.code, code));
}

async function usesOf(code: string) {
  const [row] = await db().select({ uses: coupons.uses }).from(coupons).where(eq(coupons.code, code));
  return row!.uses;
}

describe("reconcile and coupon claims", () => {
  it("gives back the uses of checkouts abandoned over an hour ago, and reports how many", async () => {
    await db().insert(coupons).values({ code: "RECONCILE", description: "Test", kind: "percent", value: 10, maxUses: 10 });
    await claimedCheckout("RECONCILE", 61);
    await claimedCheckout("RECONCILE", 90);
    await claimedCheckout("RECONCILE", 59);
    await claimedCheckout("RECONCILE", 120, "klarna-order-placed");
    expect(await usesOf("RECONCILE")).toBe(4);

    const summary = await reconcileAll(NOW);

    expect(summary).toMatchObject({ checked: 0, releasedCouponClaims: 2 });
    expect(await usesOf("RECONCILE")).toBe(2);
    const kept = await db().select({ session: couponClaims.checkoutSessionId }).from(couponClaims).where(eq(couponClaims.couponCode, "RECONCILE"));
    expect(kept.map((claim) => claim.session).sort()).toEqual(["session-3", "session-4"]);
    expect((await reconcileAll(NOW)).releasedCouponClaims).toBe(0);
  });

  it("says so when the merchant reconciles from the dashboard", async () => {
    await claimedCheckout("WELCOME10", 24 * 60);
    expect(await reconcileAllAction()).toEqual({
      ok: true,
      message: "Nothing to reconcile: every order is settled. Gave back 1 coupon use from abandoned checkouts.",
    });
  });
});
