import { finalize } from "@/lib/orders/finalize";
import { UnknownPurchaseError } from "@/lib/payments/provider";
import { settleCheckout } from "./checkout";
import { networkSettings } from "./settings";
import { verifySignature } from "./signature";
import { checkoutOfRequest, webhookEvents } from "./storage";
import { envelopeSchema, eventPayloadSchema, type Envelope } from "./types";

export type WebhookResult =
  | { status: 200; outcome: "applied" | "duplicate" | "kept" | "ignored" }
  | { status: 400 | 401; error: string }
  /** Applying failed (Klarna unreachable…): answering 5xx makes Klarna deliver it again. */
  | { status: 503; error: string };

/**
 * `POST /api/klarna/webhooks`: the signature is checked on the raw body before anything is parsed or written (401 and
 * nothing stored for a forged one), the event is kept once per event_id, then applied. Deliveries may come twice
 * or out of order: applying means reading the current state from Klarna, so they converge. An event about a
 * payment request the store does not know yet is kept and applied when the store records that request.
 */
export async function handleNetworkWebhook(rawBody: string, headers: Headers): Promise<WebhookResult> {
  const check = verifySignature(rawBody, headers, networkSettings().signingKeys);
  if (!check.ok) return { status: 401, error: `The webhook signature is not valid: ${check.reason}.` };
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { status: 400, error: "The body is not valid JSON." };
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) return { status: 400, error: "The body is not a Klarna notification envelope." };
  const envelope = parsed.data;
  const payload = eventPayloadSchema.safeParse(envelope.payload);
  const subject = payload.success ? (payload.data.payment_request_id ?? payload.data.payment_transaction_id ?? null) : null;
  const { firstTime } = await webhookEvents.recordOnce({
    eventId: envelope.metadata.event_id,
    eventType: envelope.metadata.event_type,
    subject,
    occurredAt: envelope.metadata.occurred_at,
    body: rawBody,
  });
  if (!firstTime) {
    // Klarna delivers at least once; a repeat changes nothing, but an event not applied yet gets another try.
    const pending = subject ? await webhookEvents.pendingFor(subject) : [];
    if (!pending.some((event) => event.eventId === envelope.metadata.event_id)) return { status: 200, outcome: "duplicate" };
  }
  try {
    const outcome = await applyEvent(envelope);
    if (outcome !== "kept") await webhookEvents.markApplied(envelope.metadata.event_id);
    return { status: 200, outcome };
  } catch (error) {
    return { status: 503, error: error instanceof Error ? error.message : String(error) };
  }
}

async function applyEvent(envelope: Envelope): Promise<"applied" | "kept" | "ignored"> {
  const payload = eventPayloadSchema.parse(envelope.payload);
  const type = envelope.metadata.event_type;
  if (type.startsWith("payment.request.") && payload.payment_request_id) {
    const checkoutId = await checkoutOfRequest(payload.payment_request_id);
    if (!checkoutId) return "kept";
    const outcome = await settleCheckout(checkoutId, "webhook", {
      token: payload.payment_confirmation_token ?? payload.klarna_network_session_token ?? payload.payment_token,
    });
    // Only an outage is worth another delivery; a refusal (4xx) would be refused again, so it is acknowledged.
    if (outcome.status === "unavailable" && outcome.retryable !== false) throw new Error(outcome.message);
    return "applied";
  }
  if (type.startsWith("payment.transaction.") && payload.payment_transaction_id) {
    // A transaction event brings the store order in step (voided, expired); it may even be the first to create it.
    try {
      await finalize({ provider: "klarna-network", reference: payload.payment_transaction_id }, "webhook");
    } catch (error) {
      if (error instanceof UnknownPurchaseError) return "ignored";
      throw error;
    }
    return "applied";
  }
  return "ignored";
}

/** Applies the kept events of a payment request the store has just recorded (they may have overtaken the answer). */
export async function applyPendingWebhooks(paymentRequestId: string): Promise<void> {
  for (const event of await webhookEvents.pendingFor(paymentRequestId)) {
    const parsed = envelopeSchema.safeParse(JSON.parse(event.body));
    if (!parsed.success) continue;
    try {
      if ((await applyEvent(parsed.data)) !== "kept") await webhookEvents.markApplied(event.eventId);
    } catch {
      // Left pending: the next delivery, the shopper's return or reconcile applies it.
    }
  }
}
