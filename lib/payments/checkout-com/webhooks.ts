import { paymentOutcome } from "./checkout";
import type { CheckoutComClient } from "./client";
import { isNotFound } from "./errors";
import { syncPayment } from "./payment-sync";
import type { CheckoutComStore } from "./store";
import { KLARNA_EVENT_TYPES, webhookEventSchema, type KlarnaEventType } from "./types";
import { verifyWebhookSignature } from "./webhook-signature";
import { receiveWebhook, type WebhookModule } from "../webhook-inbox";

export interface WebhookDeps {
  client: CheckoutComClient;
  store: CheckoutComStore;
  signatureKey: string;
  /** Whether the store has an order for this payment yet. */
  orderExists(paymentId: string): Promise<boolean>;
  /**
   * Makes the store order from the payment, exactly once however often it is called, and keeps it in step with the
   * payment (the shared finalize); answers whether an order now exists.
   */
  finalize(paymentId: string): Promise<boolean>;
  /**
   * The shopper authorized in Klarna's widget: request the payment (idempotent per context). True once the effect is
   * durable (the payment is requested and recorded, or the context is settled for good: not the store's, expired,
   * refused); false while another request is paying for the context right now, so the event stays to be applied
   * again. Throws when Checkout.com could not be reached.
   */
  contextApproved(contextId: string): Promise<boolean>;
}

export type WebhookOutcome =
  | { status: 401; body: { error: string } }
  | { status: 400; body: { error: string } }
  | { status: 200; body: { received: true; outcome: "duplicate" | "ignored" | "applied" | "kept" } };
type AppliedOutcome = { status: 200; body: { received: true; outcome: "ignored" | "applied" | "kept" } };

/** Events that mean the payment can become a store order. */
const CREATES_ORDER: ReadonlySet<KlarnaEventType> = new Set(["payment_approved", "payment_captured", "payment_capture_pending"]);

/**
 * POST /api/checkout-com/webhooks. Verifies Cko-Signature over the raw body before anything else (401), parses the
 * envelope (400), records the event id once (a redelivery of an applied event answers 200 "duplicate" and does
 * nothing; one recorded but not applied yet is applied again, whatever its type), then re-reads the payment from
 * Checkout.com and records its state. An event whose order does not exist yet is kept and applied when the order is
 * made. A failure to reach Checkout.com answers 503 and leaves the event recorded and unapplied, so Checkout.com's
 * redelivery and reconcile apply it. A signed event
 * for a payment Checkout.com itself does not have (another store sharing the endpoint's key, say) is answered 200
 * and recorded as ignored: delivering it again could not change the answer.
 */
export async function handleWebhook(rawBody: string, signature: string | null, deps: WebhookDeps): Promise<WebhookOutcome> {
  const headers = new Headers(signature === null ? {} : { "cko-signature": signature });
  const result = await receiveWebhook(checkoutComWebhooks(deps), rawBody, headers);
  if (result.status === 200) return { status: 200, body: { received: true, outcome: result.outcome } };
  return { status: result.status, body: { error: result.error } } as WebhookOutcome;
}

/** Checkout.com's part of the one webhook inbox (lib/payments/webhook-inbox.ts): its verify, parse and apply. */
export function checkoutComWebhooks(deps: WebhookDeps): WebhookModule {
  return {
    provider: "checkout-com",
    verify: (rawBody, headers) => (verifyWebhookSignature(rawBody, headers.get("cko-signature"), deps.signatureKey) ? null : "Invalid Cko-Signature"),
    parse(rawBody) {
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        return { error: "The body is not JSON" };
      }
      const parsed = webhookEventSchema.safeParse(json);
      if (!parsed.success) return { error: "Not a Checkout.com event" };
      const event = parsed.data;
      return { eventId: event.id, eventType: event.type, subjectReference: event.data.id, occurredAt: event.created_on, body: json };
    },
    async apply(event) {
      // An event type the store does not act on is recorded and done.
      if (!(KLARNA_EVENT_TYPES as readonly string[]).includes(event.eventType)) return "ignored";
      const outcome = await applyRecordedEvent(deps, { eventId: event.eventId, type: event.eventType, subjectId: event.subjectReference });
      return outcome.body.outcome;
    },
  };
}

/**
 * Applies one recorded event, whatever its type, and marks it applied only once its effect is durable: "applied",
 * or "kept" while it cannot be applied yet (its order does not exist, or another request is paying for its context).
 */
export async function applyRecordedEvent(
  deps: WebhookDeps,
  event: { eventId: string; type: string; subjectId: string },
): Promise<AppliedOutcome> {
  if (event.type === "payment_context_approved") {
    if (!(await deps.contextApproved(event.subjectId))) return { status: 200, body: { received: true, outcome: "kept" } };
    await deps.store.markApplied([event.eventId]);
    return { status: 200, body: { received: true, outcome: "applied" } };
  }
  return applyEvent(deps, event.eventId, event.type, event.subjectId);
}

/**
 * Applies a payment event (and any kept before it): "applied", or "kept" while its order does not exist. A payment
 * Checkout.com itself does not have has nothing to apply, now or on any redelivery: the event is marked done and
 * answered "ignored".
 */
async function applyEvent(deps: WebhookDeps, eventId: string, type: string, paymentId: string): Promise<AppliedOutcome> {
  try {
    const applied = await applyPaymentEvents(deps, paymentId, CREATES_ORDER.has(type as KlarnaEventType));
    return { status: 200, body: { received: true, outcome: applied ? "applied" : "kept" } };
  } catch (error) {
    if (!isNotFound(error)) throw error;
    console.warn(`Checkout.com webhook ${eventId} names payment ${paymentId}, which Checkout.com does not have: ignored`);
    await deps.store.markApplied([eventId]);
    return { status: 200, body: { received: true, outcome: "ignored" } };
  }
}

/**
 * Re-reads the payment and applies every kept event of it, once its order exists. With `mayCreate`, an approval
 * that arrives before the browser's confirmation makes the order itself, through the same finalize. A payment still
 * Pending makes no order (its events are kept for the decision); a declined one never will, so its events are done.
 */
export async function applyPaymentEvents(deps: WebhookDeps, paymentId: string, mayCreate: boolean): Promise<boolean> {
  const pending = await deps.store.unappliedEvents(paymentId);
  const { payment } = await syncPayment(deps.client, deps.store, paymentId);
  const outcome = paymentOutcome(payment);
  if (outcome !== "approved" && !(await deps.orderExists(paymentId))) {
    if (outcome === "pending") return false;
    await deps.store.markApplied(pending.map((event) => event.eventId));
    return true;
  }
  if (!mayCreate && !(await deps.orderExists(paymentId))) return false;
  // The same finalize keeps the store order in step: it is made once, and a void or expiry cancels it.
  if (!(await deps.finalize(paymentId))) return false;
  await deps.store.markApplied(pending.map((event) => event.eventId));
  return true;
}
