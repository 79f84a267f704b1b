"use server";

import { z } from "zod";
import { syncSessionWithCart } from "@/lib/payments/klarna-payments/open-checkout";
import { placeOrder } from "@/lib/payments/klarna-payments/place-order";
import type { PlaceOrderResult, PrepareResult } from "@/lib/checkout/place-order-result";
import { addressesSchema, ownSession } from "@/lib/checkout/session-ownership";
import { inActionContext } from "@/lib/observability/action";
import { klarnaPaymentsProvider } from "@/lib/payments/klarna-payments/provider";
import { formatMoney } from "@/lib/pricing/money";

const tokenSchema = z.string().min(1).max(2048);


/** Right before authorizing: make Klarna's session hold exactly what the cart holds now. */
export async function prepareAuthorization(sessionId: string): Promise<PrepareResult> {
  const session = await ownSession(sessionId);
  if (!session) return { status: "blocked", message: "Your checkout has expired. Reload the page to start again." };
  if (session.providerReference) return { status: "blocked", message: "This checkout already became an order." };
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
  return inActionContext("action:placeOrder", klarnaPaymentsProvider.id, () => placeOrder(session.id, token.data, "place_order", given.data));
}
