"use server";

import { z } from "zod";
import { readCartCookie } from "@/lib/cart/session";
import { syncSessionWithCart } from "@/lib/checkout/open-checkout";
import { placeOrder, type PlaceOrderResult } from "@/lib/checkout/place-order";
import { findCheckoutSession, type CheckoutSession } from "@/lib/checkout/session-store";
import { formatMoney } from "@/lib/pricing/money";

const idSchema = z.uuid();
const tokenSchema = z.string().min(1).max(2048);

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
      message: synced.cart.lines.find((line) => line.problem)?.problem ?? "Your cart needs attention.",
    };
  }
  const { market, order_amount } = synced.cart.priced;
  return {
    status: "ready",
    changed: synced.session.fingerprint !== session.fingerprint,
    total: formatMoney(order_amount, market.currency, market.formatLocale),
  };
}

export async function placeOrderAction(sessionId: string, authorizationToken: string): Promise<PlaceOrderResult> {
  const session = await ownSession(sessionId);
  const token = tokenSchema.safeParse(authorizationToken);
  if (!session || !token.success) {
    return { status: "failed", message: "Your checkout has expired. Reload the page to start again." };
  }
  return placeOrder(session.id, token.data, "place_order");
}
