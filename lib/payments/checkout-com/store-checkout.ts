import { eq } from "drizzle-orm";
import { randomBytes, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { db } from "@/db";
import { checkoutSessions } from "@/db/schema";
import type { CartView } from "@/lib/cart/cart-view";
import { pricedCartFor } from "@/lib/checkout/priced-cart";
import type { PlaceOrderResult } from "@/lib/checkout/place-order-result";
import { startCheckout, storeNewSession, type CheckoutPaused } from "@/lib/checkout/open-checkout";
import type { RateRule } from "@/lib/security/rate-limit";
import { fingerprint, sessionOrder } from "@/lib/checkout/session-order";
import type { CheckoutSession } from "@/lib/checkout/session-store";
import { claimPlacementWrite, findCheckoutSession, recordPlacedOrder, releasePlacement } from "@/lib/checkout/session-store";
import { env } from "@/lib/env";
import type { AddressRead } from "@/lib/klarna";
import { finalize } from "@/lib/orders/finalize";
import { findOrderByReference } from "@/lib/orders/order-store";
import { getMarket, type Market } from "@/lib/pricing/markets";
import type { PricedCart } from "@/lib/pricing/price-cart";
import { rejectionPath } from "@/lib/validation/denials";
import { validateOrder } from "@/lib/validation/validate-order";
import { checkoutCom } from ".";
import {
  ContextExpiredError,
  ContextNotApprovedError,
  CONTEXT_LIFETIME_MS,
  openPaymentContext,
  paymentOutcome,
  requestPaymentForContext,
  type PaymentOutcome,
} from "./checkout";
import { buildPaymentContextRequest, describePromoCode } from "./context-request";
import { CheckoutComApiError } from "./errors";
import { purchaseOfPayment } from "./payment-provider";
import { paymentFactsRead } from "./store";
import { applyPaymentEvents, type WebhookDeps } from "./webhooks";
import { ensureWebhookWorkflow } from "./workflow";

/** A context younger than this is reused for an unchanged cart; an older one is replaced before its 48 hours end. */
const CONTEXT_REUSE_MS = CONTEXT_LIFETIME_MS - 60 * 60 * 1000;

/**
 * Klarna's payment method categories, offered in the widget. Checkout.com's context does not list them (unlike a
 * direct Klarna session); one Klarna does not offer for the purchase loads with show_form false, and the page says so.
 */
const CATEGORIES = [
  { identifier: "pay_later", name: "Pay later" },
  { identifier: "pay_over_time", name: "Pay over time" },
  { identifier: "pay_now", name: "Pay now" },
];

export type OpenCheckoutComCheckout =
  | { status: "ready"; session: CheckoutSession; promotions: string[]; cart: CartView & { priced: PricedCart } }
  | { status: "empty" }
  | { status: "blocked"; cart: CartView };

let registration: Promise<unknown> | undefined;

/** Registers the store's webhook once per process; a failure is retried at the next checkout. */
function registerWebhooks(): Promise<unknown> {
  registration ??= ensureWebhookWorkflow(checkoutCom().client, {
    url: `${env().STORE_URL.replace(/\/$/, "")}/api/checkout-com/webhooks`,
    signatureKey: env().CHECKOUT_COM_WEBHOOK_SIGNATURE_KEY,
    processingChannelId: env().CHECKOUT_COM_PROCESSING_CHANNEL_ID,
  }).catch((error: unknown) => {
    registration = undefined;
    console.error("[checkout-com] could not register the webhook:", error);
  });
  return registration;
}

/**
 * The Checkout.com payment context for this cart: reused while the cart is unchanged and the context is young enough,
 * opened anew otherwise (a context cannot be updated). Prices come from the database, never the browser.
 */
export async function openCheckoutComCheckout(cartId: string, market: Market): Promise<OpenCheckoutComCheckout>;
/** With the checkout page's per-cart limit, counted with the checkout's reads (lib/checkout/open-checkout.ts). */
export async function openCheckoutComCheckout(cartId: string, market: Market, options: { admit: RateRule }): Promise<OpenCheckoutComCheckout | CheckoutPaused>;
export async function openCheckoutComCheckout(cartId: string, market: Market, options: { admit?: RateRule } = {}): Promise<OpenCheckoutComCheckout | CheckoutPaused> {
  const start = await startCheckout(cartId, market, "checkout-com", options.admit);
  // A cart over the checkout page's limit opens nothing, as before the page called this.
  if (start.status === "paused") return start;
  await registerWebhooks();
  if (start.status !== "priced") return start;
  const { existing, cart: priced, order, print } = start;
  const promotions = env().CHECKOUT_COM_PROMO_CODES.map(describePromoCode);
  if (
    existing &&
    existing.market === market.code &&
    existing.fingerprint === print &&
    existing.placingAt === null &&
    Date.now() - Date.parse(existing.createdAt) < CONTEXT_REUSE_MS
  ) {
    return { status: "ready", session: existing, promotions, cart: priced };
  }

  const id = randomUUID();
  const request = buildPaymentContextRequest({
    lines: priced.priced.lines,
    market,
    reference: id,
    processingChannelId: env().CHECKOUT_COM_PROCESSING_CHANNEL_ID,
    promoCodes: env().CHECKOUT_COM_PROMO_CODES,
  });
  const context = await openPaymentContext(checkoutCom().client, request, `context-${id}`);
  const inserted = await storeNewSession({
    id,
    cartId,
    market: market.code,
    provider: "checkout-com",
    klarnaSessionId: context.contextId,
    clientToken: context.clientToken,
    paymentMethodCategories: CATEGORIES,
    callbackToken: randomBytes(24).toString("base64url"),
    order,
    fingerprint: print,
  });
  return { status: "ready", session: inserted, promotions, cart: priced };
}

export function checkoutComConfirmationUrl(paymentId: string): string {
  return `${env().STORE_URL.replace(/\/$/, "")}/checkout/confirmation?checkout_com_payment_id=${encodeURIComponent(paymentId)}`;
}

/**
 * After Klarna's authorize approved: check the cart and the merchant's rules, request the payment, make the store
 * order through finalize. The browser and the payment_context_approved webhook both call this; the claim on the
 * session and the context's idempotency key make it one payment and one order.
 */
export async function payForCheckout(
  sessionId: string,
  source: "place_order" | "webhook",
  addresses: { billing_address?: AddressRead; shipping_address?: AddressRead } = {},
): Promise<PlaceOrderResult> {
  const session = await findCheckoutSession(sessionId);
  if (!session || session.provider !== "checkout-com") {
    return { status: "failed", message: "Your checkout session has expired. Please start checkout again.", retryable: false };
  }
  if (session.providerReference) return placed(session.providerReference);
  const createdAt = Date.parse(session.createdAt);
  if (Date.now() - createdAt >= CONTEXT_LIFETIME_MS) {
    return { status: "failed", message: new ContextExpiredError().message, retryable: false };
  }
  const cart = await pricedCartFor(session.cartId, getMarket(session.market), session.id);
  if (!cart.priced) return { status: "failed", message: "Your cart is empty, so there is nothing to order.", retryable: false };
  if (fingerprint(sessionOrder(cart.priced)) !== session.fingerprint) {
    // A context cannot change: the next page load opens one for the new cart.
    return { status: "failed", message: "Your cart changed while you were paying. Reload the page to pay for the new total.", retryable: false };
  }
  // The placement's claim goes in the write batch that gives the order number, once the rules accept the order.
  const validation = await validateOrder(session, { ...session.order, ...addresses }, undefined, [claimPlacementWrite(session.id)]);
  if (!validation.ok && "placed" in validation) return placed(validation.placed.providerReference!);
  if (!validation.ok) return { status: "rejected", location: new URL(rejectionPath(validation.denial), env().STORE_URL).href };

  const [claimed] = (validation.alongside ?? [[]]) as [{ id: string }[]];
  if (claimed.length === 0) return source === "webhook" ? { status: "in_progress" } : waitForPayment(session.id);
  let paymentId: string;
  let outcome: PaymentOutcome;
  try {
    const payment = await requestPaymentForContext(checkoutCom().client, {
      contextId: session.klarnaSessionId,
      contextCreatedAt: createdAt,
      amount: session.order.order_amount,
      currency: session.order.purchase_currency,
      processingChannelId: env().CHECKOUT_COM_PROCESSING_CHANNEL_ID,
      checkoutSessionId: session.id,
    });
    outcome = paymentOutcome(payment);
    if (outcome === "declined") {
      await releasePlacement(session.id);
      return { status: "failed", message: DECLINED_MESSAGE, retryable: false };
    }
    paymentId = payment.id;
  } catch (error) {
    await releasePlacement(session.id);
    if (error instanceof ContextNotApprovedError || error instanceof ContextExpiredError) {
      return { status: "failed", message: error.message, retryable: false };
    }
    if (error instanceof CheckoutComApiError) {
      return { status: "failed", message: "Checkout.com could not complete this purchase. Please reload the page and pay again.", retryable: false };
    }
    return { status: "failed", message: "We could not reach Checkout.com. Nothing was charged; please try again.", retryable: true };
  }
  await recordPlacedOrder(session.id, {
    providerReference: paymentId,
    redirectUrl: checkoutComConfirmationUrl(paymentId),
    // The context the payment was made from, as Klarna Payments keeps its authorization token.
    authorizationToken: session.klarnaSessionId,
  });
  // Pending (202): the confirmation page says the payment is being confirmed until the decision arrives (webhook,
  // GET /payments/{id} or reconcile), and the order is made then.
  if (outcome === "pending") return placed(paymentId);
  try {
    await finalize({ provider: "checkout-com", reference: paymentId }, source, { expectedSessionId: session.id });
    // Webhooks that arrived before the order existed were kept: the order exists now.
    await applyPaymentEvents(storeWebhookDeps(), paymentId, false);
  } catch {
    // The payment exists; the confirmation page and the webhooks finish what failed here.
  }
  return placed(paymentId);
}

export const DECLINED_MESSAGE = "Klarna did not approve this payment. Nothing was charged; you can choose another way to pay.";

function placed(paymentId: string): PlaceOrderResult {
  return { status: "placed", providerReference: paymentId, redirectUrl: checkoutComConfirmationUrl(paymentId) };
}

async function waitForPayment(sessionId: string): Promise<PlaceOrderResult> {
  for (let attempt = 0; attempt < 200; attempt++) {
    await sleep(40);
    const session = await findCheckoutSession(sessionId);
    if (session?.providerReference) return placed(session.providerReference);
    if (session && session.placingAt === null) break;
  }
  return { status: "failed", message: "Your payment is still being made. Please wait a moment and reload this page.", retryable: true };
}

/** The checkout session a payment context belongs to (for the payment_context_approved webhook). */
export async function sessionForContext(contextId: string): Promise<string | null> {
  const [row] = await db().select({ id: checkoutSessions.id }).from(checkoutSessions).where(eq(checkoutSessions.klarnaSessionId, contextId));
  return row?.id ?? null;
}

/** The webhook handler's collaborators in the store: its storage, the shared finalize, and paying for a context. */
export function storeWebhookDeps(): WebhookDeps {
  const { client, store } = checkoutCom();
  return {
    client,
    store,
    signatureKey: env().CHECKOUT_COM_WEBHOOK_SIGNATURE_KEY,
    orderExists: async (paymentId) => (await findOrderByReference("checkout-com", paymentId)) !== null,
    paymentFacts: paymentFactsRead,
    finalize: async (paymentId, payment, order) => {
      // The payment the webhook has just read from Checkout.com is the purchase; a Pending one (an order cannot be
      // made from it) is left to finalize's own read, as before. The order read with the event's record goes with it.
      const purchase = payment && paymentOutcome(payment) !== "pending" ? { purchase: purchaseOfPayment(payment), ...(order ? { order } : {}) } : {};
      await finalize({ provider: "checkout-com", reference: paymentId }, "webhook", purchase);
      return true;
    },
    contextApproved: async (contextId) => {
      const sessionId = await sessionForContext(contextId);
      // A context the store did not open (another shop on the same account) is none of its business.
      if (!sessionId) return true;
      const result = await payForCheckout(sessionId, "webhook");
      // Another request is paying for it right now: not durable yet, so the event is applied again later.
      if (result.status === "in_progress") return false;
      // Checkout.com could not be reached: nothing was paid, so the event must be applied again (503, reconcile).
      if (result.status === "failed" && result.retryable) throw new Error(result.message);
      // Paid and recorded, refused by the store's rules, or settled for good (expired, declined, cart changed).
      return true;
    },
  };
}
