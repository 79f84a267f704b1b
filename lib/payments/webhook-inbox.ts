import { and, asc, eq, inArray, isNull, lte } from "drizzle-orm";
import { db } from "@/db";
import { webhookEvents } from "@/db/schema";
import { recordWebhookOnce, type WebhookEvent } from "@/lib/orders/webhook-store";
import type { ProviderId } from "./provider";

/**
 * The one webhook inbox. Every provider's signed events go through the same steps, in one table (`webhook_events`,
 * unique on provider + event id): verified over the raw body before anything is read or written (401), parsed (400),
 * recorded once, applied, and marked applied only once their effect is durable. An event that cannot be applied yet
 * (its purchase does not exist, another request is settling it) is kept, unapplied, and applied again by its
 * redelivery, by the path that makes the purchase, or by reconcile. A failure to apply leaves it recorded and unapplied
 * and is thrown, so the route answers 5xx and the vendor delivers it again. The vendors' URLs stay their own routes.
 */

/** An event as a provider's `parse` reads it from the verified body. */
export interface ParsedWebhook {
  /** The vendor's id of the event, the same on every redelivery. */
  eventId: string;
  eventType: string;
  /** What the event is about (a payment id, a payment request id); empty when the event names nothing. */
  subjectReference: string;
  /** When the vendor says it happened (its clock). */
  occurredAt: string;
  /** The verified body, kept as received (parsed JSON). */
  body: unknown;
}

/** What applying did: "applied" and "ignored" are final (marked applied); "kept" leaves it to be applied again. */
export type WebhookApplied = "applied" | "kept" | "ignored";

/** What a provider module gives the inbox: its `verify`, `parse` and `apply`. */
export interface WebhookModule {
  readonly provider: ProviderId;
  /** Null when the raw body's signature is valid; otherwise why it is not (answered 401, nothing written). */
  verify(rawBody: string, headers: Headers): string | null;
  /** The event, or why the body is not one of the vendor's events (answered 400, nothing written). */
  parse(rawBody: string): ParsedWebhook | { error: string };
  /** Applies a recorded event. Throws when it may succeed later (the vendor unreachable): it stays unapplied. */
  apply(event: WebhookEvent): Promise<WebhookApplied>;
}

export type InboxOutcome =
  | { status: 200; outcome: WebhookApplied | "duplicate" }
  | { status: 400 | 401; error: string };

/**
 * Receives one delivery. A redelivery of an applied event answers "duplicate" and does nothing; one recorded but not
 * applied yet (kept, or the store stopped or failed before its effect was durable) is applied again, whatever its type.
 */
export async function receiveWebhook(module: WebhookModule, rawBody: string, headers: Headers): Promise<InboxOutcome> {
  const invalid = module.verify(rawBody, headers);
  if (invalid !== null) return { status: 401, error: invalid };
  const parsed = module.parse(rawBody);
  if ("error" in parsed) return { status: 400, error: parsed.error };
  const { firstTime, event } = await recordWebhookOnce({ provider: module.provider, ...parsed });
  if (!firstTime && event.appliedAt !== null) return { status: 200, outcome: "duplicate" };
  return { status: 200, outcome: await applyRecorded(module, event) };
}

/** Applies a recorded event and marks it applied when the outcome is final; throws (left unapplied) on failure. */
export async function applyRecorded(module: WebhookModule, event: WebhookEvent): Promise<WebhookApplied> {
  const outcome = await module.apply(event);
  if (outcome !== "kept") await markApplied(module.provider, [event.eventId]);
  return outcome;
}

/** Marks events applied by their vendor ids (an event applied as part of another's effect, say). */
export async function markApplied(provider: ProviderId, eventIds: readonly string[], now = new Date()): Promise<void> {
  if (eventIds.length === 0) return;
  await db()
    .update(webhookEvents)
    .set({ appliedAt: now.toISOString() })
    .where(and(eq(webhookEvents.provider, provider), inArray(webhookEvents.eventId, [...eventIds]), isNull(webhookEvents.appliedAt)));
}

/** One recorded event by its vendor id, or null. */
export async function findWebhook(provider: ProviderId, eventId: string): Promise<WebhookEvent | null> {
  const [row] = await db()
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.provider, provider), eq(webhookEvents.eventId, eventId)));
  return row ?? null;
}

/** A provider's events recorded at or before `receivedBefore` and still unapplied, oldest first: reconcile's sweep. */
export async function keptWebhooks(
  provider: ProviderId,
  options: { receivedBefore: Date; eventTypes?: readonly string[]; limit?: number },
): Promise<WebhookEvent[]> {
  return db()
    .select()
    .from(webhookEvents)
    .where(
      and(
        eq(webhookEvents.provider, provider),
        isNull(webhookEvents.appliedAt),
        lte(webhookEvents.receivedAt, options.receivedBefore.toISOString()),
        options.eventTypes ? inArray(webhookEvents.eventType, [...options.eventTypes]) : undefined,
      ),
    )
    .orderBy(asc(webhookEvents.receivedAt), asc(webhookEvents.id))
    .limit(options.limit ?? 100);
}

export { pendingWebhooksFor, type WebhookEvent } from "@/lib/orders/webhook-store";

/**
 * The same shape for the callbacks that are not signed events: Klarna Payments' and Kustom Checkout's push ("this
 * order exists, acknowledge it") and Kustom's validation ("may the shopper buy this?"). A provider module in its
 * folder gives `parse` (the request's URL and body: 400/413, nothing read or written), `recorded` (optional: the
 * answer to a repeat from what the store already recorded), `verify` (the callback token of the store's checkout
 * session: 401, nothing written) and `apply`; `receiveCallback` runs them in that order.
 *
 * They are not recorded in `webhook_events`. A push carries no event id, only the order id in its URL
 * (reference/klarna/payments-v1.openapi.json, merchant_urls.push; reference/kustom/notes.md §7), and the vendor
 * repeats it until the order is acknowledged; the store's order row is already unique on provider + that order id, so
 * it is the record (`recorded`: one indexed read answers a repeat), and `apply` always re-reads the order from the
 * vendor (finalize), never the body. A validation is answered within the vendor's timeout and recorded in the order's
 * event log (reference/kustom/notes.md §6). A row in the inbox would add a write to every delivery and a read to
 * every repeat (tests/app/round-trips.test.ts holds their counts) and record nothing the order row does not.
 */
export interface CallbackModule<Parsed, Verified> {
  readonly provider: ProviderId;
  parse(request: Request): Promise<Checked<Parsed>>;
  recorded?(parsed: Parsed): Promise<Response | null>;
  verify(parsed: Parsed): Promise<Checked<Verified>>;
  apply(verified: Verified): Promise<Response>;
}

/** A step's value, or the answer that ends the callback there. */
export type Checked<T> = { ok: true; value: T } | { ok: false; response: Response };

/** Receives one callback through its provider's module: parse, answer a repeat, verify, apply. */
export async function receiveCallback<Parsed, Verified>(module: CallbackModule<Parsed, Verified>, request: Request): Promise<Response> {
  const parsed = await module.parse(request);
  if (!parsed.ok) return parsed.response;
  const repeat = module.recorded ? await module.recorded(parsed.value) : null;
  if (repeat) return repeat;
  const verified = await module.verify(parsed.value);
  if (!verified.ok) return verified.response;
  return module.apply(verified.value);
}
