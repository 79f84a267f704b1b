"use server";

import { pricedCartFor } from "@/lib/checkout/priced-cart";
import type { PlaceOrderResult, PrepareResult } from "@/lib/checkout/place-order-result";
import { fingerprint, sessionOrder } from "@/lib/checkout/session-order";
import { addressesSchema, ownSession } from "@/lib/checkout/session-ownership";
import { payForCheckout } from "@/lib/payments/checkout-com/store-checkout";
import { getMarket } from "@/lib/pricing/markets";
import { formatMoney } from "@/lib/pricing/money";

/** Right before authorizing: a payment context cannot be updated, so a changed cart needs a new one (a reload). */
export async function prepareCheckoutComPayment(sessionId: string): Promise<PrepareResult> {
  const session = await ownSession(sessionId);
  if (!session || session.provider !== "checkout-com") {
    return { status: "blocked", message: "Your checkout has expired. Reload the page to start again." };
  }
  if (session.providerReference) return { status: "blocked", message: "This checkout already became an order." };
  const cart = await pricedCartFor(session.cartId, getMarket(session.market), session.id);
  if (!cart.priced) return { status: "blocked", message: "Your cart is empty." };
  if (!cart.canCheckout) return { status: "blocked", message: cart.lines.find((line) => line.problem)?.problem ?? "Your cart needs attention." };
  if (fingerprint(sessionOrder(cart.priced)) !== session.fingerprint) {
    return { status: "blocked", message: "Your cart changed in another window. Reload the page to pay for the new total." };
  }
  const { market, order_amount } = cart.priced;
  return { status: "ready", changed: false, total: formatMoney(order_amount, market.currency, market.formatLocale) };
}

/** After Klarna approved in the popup: request the payment at Checkout.com and make the order. */
export async function payWithCheckoutCom(sessionId: string, _authorizationToken: string, addresses: unknown): Promise<PlaceOrderResult> {
  const session = await ownSession(sessionId);
  const given = addressesSchema.safeParse(addresses ?? {});
  if (!session) return { status: "failed", message: "Your checkout has expired. Reload the page to start again.", retryable: false };
  if (!given.success) return { status: "failed", message: "Your address could not be read. Check it and try again.", retryable: false };
  return payForCheckout(session.id, "place_order", given.data);
}
