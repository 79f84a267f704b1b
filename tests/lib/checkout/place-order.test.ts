import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { coupons } from "@/db/schema";
import { placeOrder } from "@/lib/payments/klarna-payments/place-order";
import { findCheckoutSession } from "@/lib/checkout/session-store";
import { validateOrder } from "@/lib/validation/validate-order";
import { cartWith, couponRow, insertCoupon, klarnaOrderOf, SE_SHOPPER, sessionFor, uniqueCode } from "../validation/support";

// env() is read once, on first use: the store's public URL must be set before anything touches it.
const STORE_URL = vi.hoisted(() => {
  const url = "https://shop.trailhead.test";
  process.env.STORE_URL = url;
  return url;
});

// A refused order must be refused before Klarna is asked to place it, and its authorization cancelled.
const cancelled = vi.hoisted(() => [] as string[]);
vi.mock("@/lib/klarna", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/klarna")>()),
  klarna: () => ({
    payments: {
      cancelAuthorization: async (token: string) => void cancelled.push(token),
      // An authorized session, as Klarna reads it back: with its authorization_token
      // (reference/klarna/payments-v1.openapi.json, session_read), which the authorization callback must match.
      readSession: async () => ({ billing_address: SE_SHOPPER_AT_KLARNA, authorization_token: authorizedWith.token }),
      placeOrder: async () => {
        throw new Error("Klarna was asked to place an order the store refuses");
      },
    },
  }),
}));
const SE_SHOPPER_AT_KLARNA = vi.hoisted(() => ({ email: "customer@email.se", country: "SE" }));
const authorizedWith = vi.hoisted(() => ({ token: "" }));

const MUG = [{ slug: "titanium-mug-450", quantity: 1 }];
const ADDRESSES = { billing_address: SE_SHOPPER, shipping_address: SE_SHOPPER };

describe("placeOrder for a checkout whose code can no longer be used", () => {
  it("sends the shopper to the page saying the code was used when another checkout took its only use", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("PLACE"), maxUses: 1 });
    const winner = await sessionFor(await cartWith(MUG, code));
    const loser = await sessionFor(await cartWith(MUG, code));
    expect(await validateOrder(winner, klarnaOrderOf(winner))).toMatchObject({ ok: true });

    authorizedWith.token = "loser-token";
    expect(await placeOrder(loser.id, "loser-token", "place_order", ADDRESSES)).toEqual({
      status: "rejected",
      location: `${STORE_URL}/checkout/rejected?reason=coupon_used`,
    });
    expect(cancelled).toContain("loser-token");
    expect(await findCheckoutSession(loser.id)).toMatchObject({
      order: loser.order,
      orderNumber: null,
      placingAt: null,
      providerReference: null,
    });
    expect((await couponRow(code)).uses).toBe(1);
  });

  it("sends the shopper to the page saying the code expired when it expired after they authorized", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("LATE"), expiresAt: new Date(Date.now() + 60_000).toISOString() });
    const session = await sessionFor(await cartWith(MUG, code));
    await db().update(coupons).set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).where(eq(coupons.code, code));

    authorizedWith.token = "late-token";
    expect(await placeOrder(session.id, "late-token", "authorization")).toEqual({
      status: "rejected",
      location: `${STORE_URL}/checkout/rejected?reason=coupon_expired`,
    });
    expect(cancelled).toContain("late-token");
    expect((await couponRow(code)).uses).toBe(0);
  });
});
