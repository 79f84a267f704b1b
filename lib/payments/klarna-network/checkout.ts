import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { WriteStatement } from "@/db/batch";
import { pricedCartFor } from "@/lib/checkout/priced-cart";
import { fingerprint, sessionOrder } from "@/lib/checkout/session-order";
import { storeNewSession } from "@/lib/checkout/open-checkout";
import { findCheckoutSession, type CheckoutSession } from "@/lib/checkout/session-store";
import { finalize, type FinalizeSource, type SettleWith } from "@/lib/orders/finalize";
import { allocateOrderNumber, type StoreOrder } from "@/lib/orders/order-store";
import type { Market } from "@/lib/pricing/markets";
import type { RequestCustomerToken } from "./client";
import { describeNetworkError, NetworkApiError, NetworkUnavailableError, requestSaysTokenExpired } from "./errors";
import { lineItemsFor } from "./line-items";
import { withKnownCheckout } from "./known-checkout";
import { networkClient, networkSettings } from "./settings";
import {
  findNetworkCheckout,
  findWallet,
  insertNetworkCheckout,
  insertWallet,
  keepToken,
  openCheckoutsOfCart,
  recordRequest,
  recordTransaction,
  recordTransactionWrite,
  updateNetworkCheckout,
  type CheckoutOfRequest,
  type NetworkCheckout,
} from "./storage";
import type { AuthorizeAnswer, PaymentRequest } from "./types";
import { applyPendingWebhooksOf, networkWebhookModule } from "./webhook-events";
import { ensureWebhookRegistered } from "./webhook-registration";

export const PROVIDER = "klarna-network" as const;

/** Where a checkout stands after the store looked at it; the shopper's page says it in these words. */
export type CheckoutOutcome =
  | { status: "redirect"; url: string }
  | { status: "paid"; order: StoreOrder | null; transactionId: string }
  | { status: "open"; url: string | null }
  | { status: "declined" | "expired" | "canceled"; message: string }
  /**
   * Klarna could not be asked, or refused: `retryable` false when Klarna understood and refused (4xx), so a webhook is
   * acknowledged instead of being delivered again for ever.
   */
  | { status: "unavailable"; message: string; retryable?: boolean };

export const MESSAGES = {
  declined: "Klarna could not approve this payment. Nothing was charged. You can try again or choose another way to pay.",
  expired:
    "The payment was not completed within 60 minutes, so it was cancelled. Nothing was charged; you can pay again.",
  canceled: "The payment was cancelled. Nothing was charged; you can pay again.",
} as const;

const TOKEN_SCOPES: RequestCustomerToken["scopes"] = ["payment:customer_present"];

/** Payment requests' part of the one webhook inbox (webhook-events.ts), settling checkouts with `settleCheckout`. */
export const networkWebhooks = networkWebhookModule((checkoutId, source, hint, options) => settleCheckout(checkoutId, source, hint, options));

/** Applies the kept events of a payment request the store has just recorded (they may have overtaken the answer). */
export async function applyPendingWebhooks(paymentRequestId: string): Promise<void> {
  await applyPendingWebhooksOf(networkWebhooks, paymentRequestId);
}

/**
 * Starts paying the cart: prices it on the server (lib/pricing), records a checkout, and asks Klarna for a payment
 * request (merchant) or an authorization (acquirer). The shopper is sent to Klarna's purchase journey, unless a
 * saved customer token lets Klarna approve at once.
 */
export async function startPayment(input: {
  cartId: string;
  market: Market;
  remember: boolean;
  /** The wallet row named by the shopper's signed "remember me" cookie: "Pay with Klarna again". */
  walletId?: string;
}): Promise<CheckoutOutcome | { status: "empty" } | { status: "blocked" }> {
  const cart = await pricedCartFor(input.cartId, input.market);
  if (!cart.priced) return { status: "empty" };
  if (!cart.canCheckout) return { status: "blocked" };
  const wallet = input.walletId ? await findWallet(input.walletId) : null;
  const { role, storeUrl } = networkSettings();
  const order = sessionOrder(cart.priced);
  const id = randomUUID();
  const callbackToken = randomBytes(24).toString("base64url");
  const orderNumber = await allocateOrderNumber(`checkout:${id}`);
  const returnUrl = `${storeUrl}/api/klarna-network/return?checkout=${callbackToken}`;
  const lineItems = lineItemsFor(order.order_lines);
  const tokenRequest = input.remember && !wallet ? { scopes: TOKEN_SCOPES, customer_token_reference: id } : undefined;
  const client = networkClient();
  await ensureWebhookRegistered();

  let request: PaymentRequest | undefined;
  let authorized: AuthorizeAnswer | undefined;
  try {
    if (role === "merchant") {
      // The confirmation-token revision's request (client.ts CreatePaymentRequest cites each field).
      request = await client.createPaymentRequest(
        {
          currency: order.purchase_currency,
          payment_amount: order.order_amount,
          payment_reference: id,
          merchant_reference: orderNumber,
          line_items: lineItems,
          config: { redirect_url: returnUrl },
          ...(tokenRequest ? { request_customer_token: tokenRequest } : {}),
        },
        { idempotencyKey: `request-${id}`, customerToken: wallet?.customerToken },
      );
    } else {
      // Seed 003's acquiring-partner flow: authorize, step up when asked (reference/klarna-network/notes.md §2).
      authorized = await client.authorize(
        {
          currency: order.purchase_currency,
          supplementary_purchase_data: { purchase_reference: orderNumber, line_items: lineItems },
          request_payment_transaction: { amount: order.order_amount, payment_transaction_reference: id },
          step_up_config: { payment_request_reference: id, customer_interaction_config: { method: "HANDOVER", return_url: returnUrl } },
          ...(tokenRequest ? { request_customer_token: tokenRequest } : {}),
        },
        { idempotencyKey: `authorize-${id}`, customerToken: wallet?.customerToken },
      );
      request = authorized.payment_request;
    }
  } catch (error) {
    return { status: "unavailable", message: describeNetworkError(error) };
  }

  // Stored with the code's use its earlier checkouts claimed, in one write batch (lib/checkout/open-checkout.ts).
  const session = await storeNewSession({
    id,
    cartId: input.cartId,
    market: input.market.code,
    provider: PROVIDER,
    // The Klarna-side id of this checkout: its first payment request, or the authorization's reference.
    klarnaSessionId: request?.payment_request_id ?? `authorize:${id}`,
    clientToken: "",
    paymentMethodCategories: [],
    callbackToken,
    order,
    fingerprint: fingerprint(order),
    orderNumber,
    // Paid through Klarna's hosted journey, never through the Payments widget: Klarna Payments must not reuse it.
    placingAt: Date.now(),
  });
  await insertNetworkCheckout({ checkoutSessionId: id, role, remember: input.remember });
  // A new checkout supersedes this cart's earlier ones: their requests are cancelled at Klarna.
  for (const earlier of await openCheckoutsOfCart(input.cartId, id)) await abandonCheckout(earlier.checkoutSessionId);

  if (authorized) return applyAuthorizeAnswer(session, authorized, "place_order");
  if (!request) return { status: "unavailable", message: "Klarna did not return a payment request." };
  await trackRequest(session.id, request);
  // A token charge may come back already waiting for confirmation (notes.md §3).
  if (request.state === "PENDING_CONFIRMATION") return settleCheckout(session.id, "place_order");
  return outcomeOfRequest(session.id, request);
}

async function trackRequest(checkoutId: string, request: PaymentRequest): Promise<void> {
  await recordRequest(request.payment_request_id, checkoutId);
  await updateNetworkCheckout(checkoutId, { paymentRequestId: request.payment_request_id, paymentRequestUrl: journeyUrlOf(request) });
  // Webhooks that arrived before the store knew this request (a reordered delivery) are applied now.
  await applyPendingWebhooks(request.payment_request_id);
}

function journeyUrlOf(request: PaymentRequest): string | null {
  return request.state_context?.customer_interaction?.payment_request_url ?? request.state_context?.payment_distribution?.url ?? null;
}

async function outcomeOfRequest(checkoutId: string, request: PaymentRequest): Promise<CheckoutOutcome> {
  switch (request.state) {
    case "SUBMITTED":
    case "IN_PROGRESS":
    case "CREATED": {
      const url = journeyUrlOf(request);
      return url ? { status: "redirect", url } : { status: "open", url: null };
    }
    case "DECLINED":
      await updateNetworkCheckout(checkoutId, { state: "declined" });
      return { status: "declined", message: MESSAGES.declined };
    case "EXPIRED":
      await updateNetworkCheckout(checkoutId, { state: "expired" });
      return { status: "expired", message: MESSAGES.expired };
    case "CANCELED":
      await updateNetworkCheckout(checkoutId, { state: "canceled" });
      return { status: "canceled", message: MESSAGES.canceled };
    default:
      return { status: "open", url: null };
  }
}

/**
 * Turns a finished journey into a payment transaction, whoever asks first: the shopper's return, a webhook or
 * reconcile. Reads the request from Klarna (a webhook body is only a hint), then confirms the confirmation token
 * (merchant) or authorizes with the session token (acquirer). Both calls are idempotent at Klarna per token, and the
 * store keeps the token before calling, so a retry repeats the same call and one transaction results; the one
 * `finalize` then makes one store order for it.
 *
 * A webhook passes what it read with its record (`known`: the session and this provider's row) and `defer`, where the
 * transaction's record is put instead of written, for the inbox to write with the event's mark in one round trip.
 */
export async function settleCheckout(
  checkoutId: string,
  source: FinalizeSource,
  hint?: { token?: string },
  options: SettleOptions = {},
): Promise<CheckoutOutcome> {
  const [session, checkout] = options.known
    ? [options.known.session, options.known.checkout]
    : await Promise.all([findCheckoutSession(checkoutId), findNetworkCheckout(checkoutId)]);
  if (!session || !checkout) return { status: "unavailable", message: "This checkout is not known to the store." };
  const record = async (transactionId: string) => {
    if (options.defer) options.defer.push(recordTransactionWrite(checkoutId, transactionId));
    else await recordTransaction(checkoutId, transactionId);
  };
  // The transaction's order as read with the webhook's record: a settled one is only kept in step (finalize's `order`).
  if (checkout.transactionId) return finalizeTransaction(checkout.transactionId, source, session, options.settleWith, options.known?.order ?? undefined);
  if (!checkout.paymentRequestId) return { status: "open", url: null };
  if (checkout.state === "declined" || checkout.state === "expired" || checkout.state === "canceled") {
    return { status: checkout.state, message: MESSAGES[checkout.state] };
  }
  const client = networkClient();
  let request: PaymentRequest;
  try {
    request = await client.readPaymentRequest(checkout.paymentRequestId);
  } catch (error) {
    return { status: "unavailable", message: describeNetworkError(error) };
  }
  const context = request.state_context;
  const ready =
    checkout.role === "merchant"
      ? request.state === "PENDING_CONFIRMATION" || request.state === "CONFIRMED" || request.state === "AUTHORIZED"
      : request.state === "COMPLETED";
  if (!ready) return outcomeOfRequest(checkoutId, request);
  // Already confirmed (say the confirm's answer was lost): the request names its transaction.
  if (checkout.role === "merchant" && context?.payment_transaction_id) {
    await record(context.payment_transaction_id);
    return finalizeTransaction(context.payment_transaction_id, source, session, options.settleWith);
  }
  // Past its 60 minutes the token is lost (seeds 002 and 003): nothing is charged and the shopper can pay again.
  if (requestSaysTokenExpired(request)) return markExpired(checkoutId);
  // A used token is no longer shown; a concurrent caller stored it before confirming. One statement keeps this
  // token (or the stored one) and answers the checkout as it is now, unless a concurrent caller has confirmed or asked
  // for a step-up meanwhile: then the checkout is read again to see which.
  const shown = context?.payment_confirmation_token ?? context?.klarna_network_session_token ?? context?.payment_token ?? hint?.token ?? null;
  const kept = await keepToken(checkoutId, checkout.paymentRequestId, shown);
  let token = kept?.token ?? null;
  if (!kept) {
    const fresh = (await findNetworkCheckout(checkoutId)) ?? checkout;
    if (fresh.transactionId) return finalizeTransaction(fresh.transactionId, source, session, options.settleWith);
    // A concurrent caller's authorize asked for a step-up meanwhile: the shopper goes to that journey.
    if (fresh.paymentRequestId !== checkout.paymentRequestId && fresh.paymentRequestUrl) {
      return { status: "redirect", url: fresh.paymentRequestUrl };
    }
    token = shown ?? fresh.token;
    if (token && token !== fresh.token) await updateNetworkCheckout(checkoutId, { token });
  }
  if (!token) return { status: "open", url: null };

  try {
    if (checkout.role === "merchant") {
      const answer = await client.confirm(
        token,
        {
          currency: session.order.purchase_currency,
          // Mandatory, and equal to the line items' sum (reference/seeds/002_77eec189f7ef5cc3.txt).
          payment_amount: session.order.order_amount,
          payment_transaction_reference: checkoutId,
        },
        { idempotencyKey: `confirm-${keyOf(token)}` },
      );
      const email = answer.transaction?.klarna_customer?.customer_profile?.email ?? context?.klarna_customer?.customer_profile?.email;
      await keepCustomerToken(checkout, answer.customerToken ?? context?.klarna_customer?.customer_token, email);
      await record(answer.transactionId);
      return finalizeTransaction(answer.transactionId, source, session, options.settleWith);
    }
    const answer = await client.authorize(
      {
        currency: session.order.purchase_currency,
        request_payment_transaction: { amount: session.order.order_amount, payment_transaction_reference: checkoutId },
      },
      { idempotencyKey: `authorize-${keyOf(token)}`, sessionToken: token },
    );
    return applyAuthorizeAnswer(session, answer, source);
  } catch (error) {
    if (error instanceof NetworkUnavailableError) return { status: "unavailable", message: describeNetworkError(error) };
    // Klarna refused (4xx). No error code for an expired token is documented, so the request says what happened:
    // EXPIRED, CONFIRMATION_TOKEN_EXPIRED or a token past state_expires_at is expiry; another final state is shown as such.
    const now = await client.readPaymentRequest(checkout.paymentRequestId).catch(() => null);
    if (now && requestSaysTokenExpired(now)) return markExpired(checkoutId);
    if (now && (now.state === "DECLINED" || now.state === "CANCELED")) return outcomeOfRequest(checkoutId, now);
    // The same call would get the same refusal: say so, and let a webhook be acknowledged rather than retried.
    return { status: "unavailable", message: describeNetworkError(error), retryable: !(error instanceof NetworkApiError) };
  }
}

async function markExpired(checkoutId: string): Promise<CheckoutOutcome> {
  await updateNetworkCheckout(checkoutId, { state: "expired" });
  return { status: "expired", message: MESSAGES.expired };
}

/**
 * Cancels the payment request of a checkout the shopper abandoned (came back without finishing) or that a new
 * checkout superseded, by Klarna's documented cancel (client.cancelPaymentRequest). Only a request still SUBMITTED or
 * IN_PROGRESS is cancelled: a finished journey is settled instead, so no approved payment is thrown away. Best effort:
 * a failure leaves the request to expire at Klarna on its own (3 h or 48 h, reference/klarna-network/notes.md §4).
 */
export async function abandonCheckout(checkoutId: string): Promise<void> {
  const checkout = await findNetworkCheckout(checkoutId);
  if (!checkout?.paymentRequestId || (checkout.state !== "open" && checkout.state !== "step_up")) return;
  const client = networkClient();
  try {
    const request = await client.readPaymentRequest(checkout.paymentRequestId);
    // A finished journey is left to the webhook, the return and reconcile; a final one needs nothing.
    if (request.state !== "SUBMITTED" && request.state !== "IN_PROGRESS") return;
    const canceled = await client.cancelPaymentRequest(checkout.paymentRequestId, { idempotencyKey: `cancel-${keyOf(checkout.paymentRequestId)}` });
    await outcomeOfRequest(checkoutId, canceled);
  } catch {
    // Left for Klarna's own expiry; reconcile still reads it.
  }
}

/**
 * The shopper is back on the return URL (Klarna sends them there after a completed or a canceled journey: the
 * redirect URL of docs.klarna.com/klarna-network-distribution/process-payments/web-payments/one-time-payments/create-a-payment-request).
 * A finished journey is settled; one whose request is still open was left, so that request is cancelled and the
 * shopper may start again. A step-up the settle asked for (a new request) is followed instead.
 */
export async function returnFromJourney(checkoutId: string): Promise<CheckoutOutcome> {
  const before = await findNetworkCheckout(checkoutId);
  const outcome = await settleCheckout(checkoutId, "confirmation");
  if (outcome.status !== "redirect" && outcome.status !== "open") return outcome;
  const after = await findNetworkCheckout(checkoutId);
  if (!before?.paymentRequestId || after?.paymentRequestId !== before.paymentRequestId) return outcome;
  await abandonCheckout(checkoutId);
  return { status: "open", url: null };
}

/** A token can be longer than an idempotency key may be (255): the key is derived from it. */
const keyOf = (token: string) => createHash("sha256").update(token).digest("hex").slice(0, 40);

async function applyAuthorizeAnswer(session: CheckoutSession, answer: AuthorizeAnswer, source: FinalizeSource): Promise<CheckoutOutcome> {
  const response = answer.payment_transaction_response;
  const checkout = await findNetworkCheckout(session.id);
  if (response.result === "APPROVED" && response.payment_transaction) {
    const transaction = response.payment_transaction;
    if (checkout) {
      await keepCustomerToken(checkout, answer.customer_token_response?.customer_token?.customer_token_id, transaction.klarna_customer?.customer_profile?.email);
    }
    await recordTransaction(session.id, transaction.payment_transaction_id);
    return finalizeTransaction(transaction.payment_transaction_id, source, session);
  }
  if (response.result === "STEP_UP_REQUIRED" && answer.payment_request) {
    // Send the shopper to the step-up, then authorize again with its token within 60 minutes.
    await updateNetworkCheckout(session.id, { state: "step_up", token: null });
    await trackRequest(session.id, answer.payment_request);
    const url = journeyUrlOf(answer.payment_request);
    return url ? { status: "redirect", url } : { status: "open", url: null };
  }
  await updateNetworkCheckout(session.id, { state: "declined" });
  return { status: "declined", message: MESSAGES.declined };
}

async function keepCustomerToken(checkout: NetworkCheckout, customerToken: string | undefined, email: string | undefined): Promise<void> {
  if (!checkout.remember || !customerToken || checkout.walletId) return;
  const walletId = randomBytes(24).toString("base64url");
  await insertWallet({ id: walletId, customerToken, email: email ?? null });
  await updateNetworkCheckout(checkout.checkoutSessionId, { walletId });
}

/** What a caller of `settleCheckout` already holds or wants written later (see there). */
export interface SettleOptions {
  known?: CheckoutOfRequest;
  defer?: WriteStatement[];
  /** The caller's writes (`defer`'s, with its own) for finalize's acknowledgement batch (lib/orders/finalize.ts). */
  settleWith?: SettleWith;
}

/**
 * Finalizes the transaction's order; the checkout session it was made for, when the caller holds it, is not read
 * again, and the caller's `settleWith` writes go with the acknowledgement.
 */
async function finalizeTransaction(
  transactionId: string,
  source: FinalizeSource,
  session?: CheckoutSession,
  settleWith?: SettleWith,
  order?: StoreOrder,
): Promise<CheckoutOutcome> {
  try {
    const ref = { provider: PROVIDER, reference: transactionId } as const;
    const options = { ...(settleWith ? { settleWith } : {}), ...(session ? { expectedSession: session } : {}), ...(order ? { order } : {}) };
    const result = await (session ? withKnownCheckout(session, () => finalize(ref, source, options)) : finalize(ref, source, options));
    return { status: "paid", order: result.order, transactionId };
  } catch {
    // The transaction exists at Klarna; the order follows on the next webhook, return or reconcile.
    return { status: "paid", order: null, transactionId };
  }
}
