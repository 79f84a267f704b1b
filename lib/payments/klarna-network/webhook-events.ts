import type { WriteStatement } from "@/db/batch";
import { finalize } from "@/lib/orders/finalize";
import { UnknownPurchaseError } from "@/lib/payments/provider";
import type { CheckoutOutcome, SettleOptions } from "./checkout";
import { networkSettings } from "./settings";
import { verifySignature } from "./signature";
import { checkoutOfRequest, checkoutOfRequestRead, type CheckoutOfRequest } from "./storage";
import { applyRecorded, parseEnvelope, pendingWebhooksFor, receiveWebhook, type AppliedWith, type WebhookModule } from "../webhook-inbox";
import { envelopeSchema, eventPayloadSchema, type Envelope } from "./types";

const PROVIDER = "klarna-network" as const;

export type WebhookResult =
  | { status: 200; outcome: "applied" | "duplicate" | "kept" | "ignored" }
  | { status: 400 | 401; error: string }
  /** Applying failed (Klarna unreachable…): answering 5xx makes Klarna deliver it again. */
  | { status: 503; error: string };

/**
 * Klarna payment requests' part of the one webhook inbox (lib/payments/webhook-inbox.ts): the signature is checked
 * on the raw body before anything is parsed or written (401 and nothing stored for a forged one); the event is kept
 * once per event_id, then applied. Deliveries may come twice or out of order: applying means reading the current
 * state from Klarna, so they converge. An event about a payment request the store does not know yet is kept and
 * applied when the store records that request.
 */
/** How a payment request's event settles its checkout (lib/payments/klarna-network/checkout.ts: `settleCheckout`). */
export type SettleCheckout = (checkoutId: string, source: "webhook", hint: { token?: string }, options: SettleOptions) => Promise<CheckoutOutcome>;

/**
 * The module, given the checkout's settlement: checkout.ts composes it (`networkWebhooks` there), because settling a
 * checkout applies the events kept for its payment request, and applying an event settles a checkout. Injected, so
 * neither file imports the other at load time.
 */
export const networkWebhookModule = (settle: SettleCheckout): WebhookModule<CheckoutOfRequest> => ({
  provider: PROVIDER,
  verify(rawBody, headers) {
    const check = verifySignature(rawBody, headers, networkSettings().signingKeys);
    return check.ok ? null : `The webhook signature is not valid: ${check.reason}.`;
  },
  parse(rawBody) {
    const parsed = parseEnvelope(rawBody, envelopeSchema, {
      notJson: "The body is not valid JSON.",
      notEnvelope: "The body is not a Klarna notification envelope.",
    });
    if ("error" in parsed) return parsed;
    const { envelope, json } = parsed;
    const payload = eventPayloadSchema.safeParse(envelope.payload);
    const subject = payload.success ? (payload.data.payment_request_id ?? payload.data.payment_transaction_id ?? null) : null;
    return {
      eventId: envelope.metadata.event_id,
      eventType: envelope.metadata.event_type,
      subjectReference: subject ?? "",
      occurredAt: envelope.metadata.occurred_at,
      body: json,
    };
  },
  // A payment request's event settles its checkout: the checkout is read with the event's record, in one round trip.
  lookup: (event) => (event.eventType.startsWith("payment.request.") && event.subjectReference ? checkoutOfRequestRead(event.subjectReference) : null),
  async apply(event, known, mark) {
    const envelope = envelopeSchema.safeParse(event.body);
    return envelope.success ? applyEvent(envelope.data, settle, known, mark) : "ignored";
  },
});

/** `POST /api/klarna/webhooks`: the inbox's answer; applying that failed (Klarna unreachable…) answers 503. */
export async function handleNetworkWebhook(webhooks: WebhookModule<CheckoutOfRequest>, rawBody: string, headers: Headers): Promise<WebhookResult> {
  try {
    const result = await receiveWebhook(webhooks, rawBody, headers);
    return result.status === 200 ? { status: 200, outcome: result.outcome } : { status: result.status, error: result.error };
  } catch (error) {
    return { status: 503, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Applies one event. A payment request's event settles its checkout (`known`: the checkout as read with the event's
 * record; read here when the event is applied again from elsewhere); the transaction that makes is recorded with the
 * event's mark, by the inbox, in one round trip.
 */
async function applyEvent(
  envelope: Envelope,
  settleCheckout: SettleCheckout,
  known?: CheckoutOfRequest[],
  mark?: WriteStatement,
): Promise<AppliedWith | "ignored"> {
  const payload = eventPayloadSchema.parse(envelope.payload);
  const type = envelope.metadata.event_type;
  if (type.startsWith("payment.request.") && payload.payment_request_id) {
    const checkout = known ? (known[0] ?? null) : null;
    const checkoutId = known ? (checkout?.session.id ?? null) : await checkoutOfRequest(payload.payment_request_id);
    if (!checkoutId) return { outcome: "kept", writes: [] };
    const writes: WriteStatement[] = [];
    const hint = { token: payload.payment_confirmation_token ?? payload.klarna_network_session_token ?? payload.payment_token };
    // The transaction's record and the event's mark go in finalize's acknowledgement batch when it acknowledges the
    // order (one round trip fewer); otherwise the inbox writes them after.
    const settleWith = mark ? { statements: () => [...writes, mark], written: false } : undefined;
    const outcome = await settleCheckout(checkoutId, "webhook", hint, { known: checkout ?? undefined, defer: writes, ...(settleWith ? { settleWith } : {}) });
    // Only an outage is worth another delivery; a refusal (4xx) would be refused again, so it is acknowledged.
    if (outcome.status === "unavailable" && outcome.retryable !== false) throw new Error(outcome.message);
    return { outcome: "applied", writes, written: settleWith?.written ?? false };
  }
  if (type.startsWith("payment.transaction.") && payload.payment_transaction_id) {
    // A transaction event brings the store order in step (voided, expired); it may even be the first to create it.
    try {
      await finalize({ provider: PROVIDER, reference: payload.payment_transaction_id }, "webhook");
    } catch (error) {
      if (error instanceof UnknownPurchaseError) return "ignored";
      throw error;
    }
    return { outcome: "applied", writes: [] };
  }
  return "ignored";
}

/** Applies the kept events of a payment request the store has just recorded (they may have overtaken the answer). */
export async function applyPendingWebhooksOf(webhooks: WebhookModule<CheckoutOfRequest>, paymentRequestId: string): Promise<void> {
  for (const event of await pendingWebhooksFor(PROVIDER, paymentRequestId)) {
    try {
      await applyRecorded(webhooks, event);
    } catch {
      // Left pending: the next delivery, the shopper's return or reconcile applies it.
    }
  }
}
