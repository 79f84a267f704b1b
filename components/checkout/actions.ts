"use server";

import { z } from "zod";
import { readCartCookie } from "@/lib/cart/session";
import { syncSessionWithCart } from "@/lib/checkout/open-checkout";
import { placeOrder, type PlaceOrderResult } from "@/lib/checkout/place-order";
import { findCheckoutSession, type CheckoutSession } from "@/lib/checkout/session-store";
import { formatMoney } from "@/lib/pricing/money";

const idSchema = z.uuid();
const tokenSchema = z.string().min(1).max(2048);
const text = z.string().max(255).optional();
const addressSchema = z
  .object({
    given_name: text,
    family_name: text,
    email: text,
    phone: text,
    street_address: text,
    street_address2: text,
    postal_code: text,
    city: text,
    region: text,
    country: z.string().regex(/^[A-Z]{2}$/).optional(),
  })
  .strict();
const addressesSchema = z.object({ billing_address: addressSchema.optional(), shipping_address: addressSchema.optional() }).strict();

/** A server action is a public endpoint: the session must belong to the cart in this browser's signed cookie. */
async function ownSession(sessionId: unknown): Promise<CheckoutSession | null> {
  const id = idSchema.safeParse(sessionId);
  if (!id.success) return null;
  const [cookie, session] = await Promise.all([readCartCookie(), findCheckoutSession(id.data)]);
  if (!session || cookie.status !== "valid" || cookie.cartId !== session.cartId) return null;
  return session;
}

export type PrepareResult =
  | { status: "ready"; changed: boolean; total: string }
  | { status: "blocked"; message: string };

/** Right before authorizing: make Klarna's session hold exactly what the cart holds now. */
export async function prepareAuthorization(sessionId: string): Promise<PrepareResult> {
  const session = await ownSession(sessionId);
  if (!session) return { status: "blocked", message: "Your checkout has expired. Reload the page to start again." };
  if (session.klarnaOrderId) return { status: "blocked", message: "This checkout already became an order." };
  const synced = await syncSessionWithCart(session);
  if (synced.status === "empty") return { status: "blocked", message: "Your cart is empty." };
  if (synced.status === "blocked") {
    return {
      status: "blocked",
      message:
        synced.cart.lines.find((line) => line.problem)?.problem ??
        (synced.cart.couponProblem ? `${synced.cart.couponProblem} Remove it in your cart to continue.` : null) ??
        "Your cart needs attention.",
    };
  }
  const { market, order_amount } = synced.cart.priced;
  return {
    status: "ready",
    changed: synced.session.fingerprint !== session.fingerprint,
    total: formatMoney(order_amount, market.currency, market.formatLocale),
  };
}

/**
 * Places the order after Klarna approved. The addresses are the ones the page passed to Klarna's `authorize`: the
 * store's rules (delivery, block list) check them before placing; finalize checks Klarna's own order again after.
 */
export async function placeOrderAction(
  sessionId: string,
  authorizationToken: string,
  addresses: unknown,
): Promise<PlaceOrderResult> {
  const session = await ownSession(sessionId);
  const token = tokenSchema.safeParse(authorizationToken);
  const given = addressesSchema.safeParse(addresses ?? {});
  if (!session || !token.success) {
    return { status: "failed", message: "Your checkout has expired. Reload the page to start again.", retryable: false };
  }
  if (!given.success) {
    return { status: "failed", message: "Your address could not be read. Check it and try again.", retryable: false };
  }
  return placeOrder(session.id, token.data, "place_order", given.data);
}
