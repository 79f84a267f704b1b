import { setTimeout as sleep } from "node:timers/promises";
import { env } from "@/lib/env";
import { KlarnaApiError, klarna, type AddressRead } from "@/lib/klarna";
import { finalize, type FinalizeSource } from "@/lib/orders/finalize";
import { getMarket } from "@/lib/pricing/markets";
import { couponDenialReason } from "@/lib/coupons/coupons";
import { rejectionPath } from "@/lib/validation/denials";
import { validateOrder } from "@/lib/validation/validate-order";
import { confirmationUrl, merchantUrls } from "./merchant-urls";
import { pricedCartFor } from "./open-checkout";
import { fingerprint, sessionOrder } from "./session-order";
import {
  claimPlacement,
  findCheckoutSession,
  recordPlacedOrder,
  releasePlacement,
  updateSessionOrder,
  type CheckoutSession,
} from "./session-store";

export type PlaceOrderResult =
  | { status: "placed"; klarnaOrderId: string; redirectUrl: string }
  /** The cart changed since the shopper authorized: the session now holds the new cart; authorize again. */
  | { status: "cart_changed"; orderAmount: number }
  /** The store will not sell this cart as it is (for example an item sold out); nothing was placed. */
  | { status: "refused"; message: string }
  /** The merchant's validation refused the order; `location` is the page that explains why. */
  | { status: "rejected"; location: string }
  /** Another caller (the browser or Klarna's callback) is placing this order right now. */
  | { status: "in_progress" }
  /**
   * Nothing was placed. `retryable`: Klarna could not be reached, so the same call may succeed later; otherwise Klarna
   * refused (an expired or already used authorization, an order that does not match it) and repeating will not help.
   */
  | { status: "failed"; message: string; retryable: boolean };

/**
 * Places the Klarna order for an authorized session, once: the browser (after authorize) and Klarna's
 * authorization callback may both call this, concurrently; a claim on the session lets one of them place it and
 * the other waits for its result. The cart is re-checked first, so a stale or unsellable order is never placed.
 */
export async function placeOrder(
  sessionId: string,
  authorizationToken: string,
  source: Extract<FinalizeSource, "place_order" | "authorization">,
  addresses: { billing_address?: AddressRead; shipping_address?: AddressRead } = {},
): Promise<PlaceOrderResult> {
  const session = await findCheckoutSession(sessionId);
  if (!session) {
    return { status: "failed", message: "Your checkout session has expired. Please start checkout again.", retryable: false };
  }
  if (session.klarnaOrderId) return placed(session);

  const cart = await pricedCartFor(session.cartId, getMarket(session.market), session.id);
  if (!cart.priced) return { status: "refused", message: "Your cart is empty, so there is nothing to order." };
  const problem = cart.lines.find((line) => line.problem)?.problem;
  if (problem) return { status: "refused", message: problem };
  if (cart.coupon && cart.couponProblem) {
    const denial = { reason: couponDenialReason(cart.coupon), detail: cart.couponProblem } as const;
    return { status: "rejected", location: new URL(rejectionPath(denial), env().STORE_URL).href };
  }
  const order = sessionOrder(cart.priced);
  const print = fingerprint(order);
  if (print !== session.fingerprint) {
    // Never place an order for what the cart used to hold: update the session and let the shopper approve again.
    // Klarna's authorization callback has no shopper to ask, so it leaves this to the browser.
    if (source === "place_order") {
      await klarna().payments.updateSession(session.klarnaSessionId, order);
      await updateSessionOrder(session.id, order, print);
    }
    return { status: "cart_changed", orderAmount: order.order_amount };
  }

  // The same rules as Klarna's validation callback, so a purchase the callback never saw is held to them too.
  const validation = await validateOrder(session, { ...session.order, ...addresses });
  if (!validation.ok) {
    return { status: "rejected", location: new URL(rejectionPath(validation.denial), env().STORE_URL).href };
  }

  if (!(await claimPlacement(session.id, authorizationToken))) {
    // Klarna gives its callback 2 s: it need not wait for the browser, which is placing the same order.
    return source === "authorization" ? { status: "in_progress" } : waitForOtherPlacement(session.id);
  }

  let klarnaOrderId: string;
  let redirectUrl: string | null;
  try {
    const created = await klarna().payments.placeOrder(authorizationToken, {
      ...session.order,
      merchant_reference1: validation.orderNumber,
      merchant_reference2: session.id,
      merchant_urls: merchantUrls(env().STORE_URL, session.callbackToken),
    });
    klarnaOrderId = created.order_id;
    redirectUrl = created.redirect_url ?? null;
  } catch (error) {
    await releasePlacement(session.id);
    if (error instanceof KlarnaApiError) {
      return { status: "failed", message: "Klarna could not complete this purchase. Please try paying again.", retryable: false };
    }
    return { status: "failed", message: "We could not reach Klarna. Nothing was charged; please try again.", retryable: true };
  }
  await recordPlacedOrder(session.id, klarnaOrderId, redirectUrl);
  try {
    await finalize({ provider: "klarna-payments", reference: klarnaOrderId }, source, { expectedSessionId: session.id });
  } catch {
    // The order exists at Klarna; the confirmation page and Klarna's pushes finish what failed here.
  }
  return { status: "placed", klarnaOrderId, redirectUrl: redirectUrl ?? confirmationUrl(env().STORE_URL, klarnaOrderId) };
}

function placed(session: CheckoutSession): PlaceOrderResult {
  const klarnaOrderId = session.klarnaOrderId!;
  return {
    status: "placed",
    klarnaOrderId,
    redirectUrl: session.redirectUrl ?? confirmationUrl(env().STORE_URL, klarnaOrderId),
  };
}

async function waitForOtherPlacement(sessionId: string): Promise<PlaceOrderResult> {
  for (let attempt = 0; attempt < 200; attempt++) {
    await sleep(40);
    const session = await findCheckoutSession(sessionId);
    if (session?.klarnaOrderId) return placed(session);
    if (session && session.placingAt === null) break;
  }
  return {
    status: "failed",
    message: "Your order is still being placed. Please wait a moment and reload this page.",
    retryable: true,
  };
}
