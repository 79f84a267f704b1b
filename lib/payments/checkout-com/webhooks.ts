import { paymentOutcome } from "./checkout";
import type { CheckoutComClient } from "./client";
import { writeTogether, type Read, type WriteStatement } from "@/db/batch";
import { isNotFound } from "./errors";
import { readPayment } from "./payment-sync";
import type { StoreOrder } from "@/lib/orders/order-store";
import type { CheckoutComStore, PaymentFacts } from "./store";
import { KLARNA_EVENT_TYPES, webhookEventSchema, type KlarnaEventType, type Payment } from "./types";
import { verifyWebhookSignature } from "./webhook-signature";
import { markAppliedWrite, parseEnvelope, receiveWebhook, type AppliedWith, type WebhookModule } from "../webhook-inbox";

export interface WebhookDeps {
  client: CheckoutComClient;
  store: CheckoutComStore;
  signatureKey: string;
  /** Whether the store has an order for this payment yet. */
  orderExists(paymentId: string): Promise<boolean>;
  /**
   * Makes the store order from the payment, exactly once however often it is called, and keeps it in step with the
   * payment (the shared finalize); answers whether an order now exists. `payment` is the payment as this handler has
   * just read it from Checkout.com (GET /payments/{id}), so finalize need not read it again; `order` is the store's
   * order for it as read with the event's record (`paymentFacts`), so finalize need not read that again either.
   */
  finalize(paymentId: string, payment?: Payment, order?: StoreOrder): Promise<boolean>;
  /**
   * Optional: what the store's database says of a payment (its order as it is, back-office actions still requested),
   * read in the same round trip as the event's record (the inbox's `lookup`).
   */
  paymentFacts?(paymentId: string): Read<PaymentFacts>;
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
export function checkoutComWebhooks(deps: WebhookDeps): WebhookModule<PaymentFacts> {
  return {
    provider: "checkout-com",
    verify: (rawBody, headers) => (verifyWebhookSignature(rawBody, headers.get("cko-signature"), deps.signatureKey) ? null : "Invalid Cko-Signature"),
    parse(rawBody) {
      const parsed = parseEnvelope(rawBody, webhookEventSchema, { notJson: "The body is not JSON", notEnvelope: "Not a Checkout.com event" });
      if ("error" in parsed) return parsed;
      const { envelope: event, json } = parsed;
      return { eventId: event.id, eventType: event.type, subjectReference: event.data.id, occurredAt: event.created_on, body: json };
    },
    // A payment event's facts in the store (its order, requested actions) are read with the event's record.
    lookup: (event) =>
      deps.paymentFacts && event.eventType !== "payment_context_approved" && (KLARNA_EVENT_TYPES as readonly string[]).includes(event.eventType)
        ? deps.paymentFacts(event.subjectReference)
        : null,
    async apply(event, known) {
      // An event type the store does not act on is recorded and done.
      if (!(KLARNA_EVENT_TYPES as readonly string[]).includes(event.eventType)) return "ignored";
      // The effect's writes (the payment's state, its actions, the events it applied) go with the inbox's mark.
      const facts = known?.[0];
      return effectOf(deps, { eventId: event.eventId, type: event.eventType, subjectId: event.subjectReference, throughId: event.id }, facts);
    },
  };
}

/**
 * Applies one recorded event, whatever its type, and marks it applied only once its effect is durable: "applied",
 * or "kept" while it cannot be applied yet (its order does not exist, or another request is paying for its context).
 * For reconcile, outside the inbox: the effect's writes and the mark go in one round trip.
 */
export async function applyRecordedEvent(
  deps: WebhookDeps,
  event: { eventId: string; type: string; subjectId: string },
): Promise<AppliedOutcome> {
  const throughId = event.type === "payment_context_approved" ? null : await deps.store.lastUnappliedEvent(event.subjectId);
  const { outcome, writes, marked } = await effectOf(deps, { ...event, throughId });
  const mark = outcome === "kept" || marked ? [] : [markAppliedWrite("checkout-com", { eventIds: [event.eventId] })];
  await writeTogether([...writes, ...mark]);
  return { status: 200, body: { received: true, outcome } };
}

/**
 * What applying one event does, with the writes that record it, not written yet. A context approval requests the
 * payment (its own writes are durable before it answers). A payment event re-reads the payment and applies every
 * event of it recorded up to the row `throughId`.
 */
async function effectOf(
  deps: WebhookDeps,
  event: { eventId: string; type: string; subjectId: string; throughId: number | null },
  facts?: PaymentFacts,
): Promise<AppliedWith & { outcome: "applied" | "kept" | "ignored" }> {
  if (event.type === "payment_context_approved") {
    return { outcome: (await deps.contextApproved(event.subjectId)) ? "applied" : "kept", writes: [] };
  }
  return paymentEventEffect(deps, event.eventId, event.type, event.subjectId, event.throughId, facts);
}

/**
 * A payment event's effect (and that of any kept before it): "applied", or "kept" while its order does not exist. A
 * payment Checkout.com itself does not have has nothing to apply, now or on any redelivery: the event is done and
 * answered "ignored".
 */
async function paymentEventEffect(
  deps: WebhookDeps,
  eventId: string,
  type: string,
  paymentId: string,
  throughId: number | null,
  facts?: PaymentFacts,
): Promise<AppliedWith & { outcome: "applied" | "kept" | "ignored" }> {
  try {
    const { applied, writes, marked } = await paymentEffect(deps, paymentId, CREATES_ORDER.has(type as KlarnaEventType), throughId, facts);
    return { outcome: applied ? "applied" : "kept", writes, marked };
  } catch (error) {
    if (!isNotFound(error)) throw error;
    console.warn(`Checkout.com webhook ${eventId} names payment ${paymentId}, which Checkout.com does not have: ignored`);
    return { outcome: "ignored", writes: [] };
  }
}

/**
 * Re-reads the payment and applies every kept event of it, once its order exists. With `mayCreate`, an approval
 * that arrives before the browser's confirmation makes the order itself, through the same finalize. A payment still
 * Pending makes no order (its events are kept for the decision); a declined one never will, so its events are done.
 * Outside the inbox (the checkout after paying, reconcile): one read of how far to mark, and one round trip for the
 * payment's state with the marks.
 */
export async function applyPaymentEvents(deps: WebhookDeps, paymentId: string, mayCreate: boolean): Promise<boolean> {
  const throughId = await deps.store.lastUnappliedEvent(paymentId);
  const { applied, writes } = await paymentEffect(deps, paymentId, mayCreate, throughId);
  await writeTogether(writes);
  return applied;
}

/**
 * The payment's effect, not written yet: its state and actions as read now, and, once applied, the mark of its events
 * recorded up to the row `throughId` (read before the payment was, so none recorded after the read is marked: that
 * one is applied by its own delivery). The finalize it runs writes for itself, given the payment read here (it is not
 * read from Checkout.com twice); the state is written with the marks.
 *
 * `facts`, read with the event's record, save reads: an order that existed then exists now (orders are never
 * deleted), so only "no order" is asked again; and with an order and no back-office action waiting for its outcome,
 * GET /payments/{id}/actions has nothing to settle and is not called. An action the back office records after the
 * event's record is settled by its own webhook, the order page's read or the next event, as one recorded after
 * the actions' read always was.
 */
async function paymentEffect(
  deps: WebhookDeps,
  paymentId: string,
  mayCreate: boolean,
  throughId: number | null,
  facts?: PaymentFacts,
): Promise<{ applied: boolean; writes: WriteStatement[]; marked?: boolean }> {
  const knownOrder = facts?.order != null;
  const { payment, state, settled } = await readPayment(deps.client, paymentId, { actions: !(knownOrder && !facts?.actionsRequested) });
  const writes = deps.store.paymentWrites(state, settled);
  // Applied: every event of the payment recorded up to `throughId` (the applying event's own row) is marked with it.
  const done = () =>
    throughId === null ? { applied: true, writes } : { applied: true, writes: [...writes, deps.store.markAppliedThrough(paymentId, throughId)], marked: true };
  const outcome = paymentOutcome(payment);
  let orderExists: boolean | undefined = knownOrder || undefined;
  const hasOrder = async () => (orderExists ??= await deps.orderExists(paymentId));
  if (outcome !== "approved" && !(await hasOrder())) {
    if (outcome === "pending") return { applied: false, writes };
    return done();
  }
  if (!mayCreate && !(await hasOrder())) return { applied: false, writes };
  // The same finalize keeps the store order in step: it is made once, and a void or expiry cancels it.
  if (!(await deps.finalize(paymentId, payment, facts?.order ?? undefined))) return { applied: false, writes };
  return done();
}
