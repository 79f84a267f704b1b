import { and, asc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type { z } from "zod";
import { db } from "@/db";
import { fixedStatement, writeTogether, type Read, type WriteStatement } from "@/db/batch";
import { webhookEvents } from "@/db/schema";
import type { NewWebhookEvent, WebhookEvent } from "@/lib/orders/webhook-store";
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

/**
 * What applying did, with the writes that make its effect durable (the provider's own record of what it read), which
 * the inbox sends in one round trip together with the event's mark (`writeTogether`): the effect and "applied" are
 * stored together or not at all. With "kept", the writes go alone and the event stays unapplied.
 */
export interface AppliedWith {
  outcome: WebhookApplied;
  writes: readonly WriteStatement[];
  /**
   * True when the writes and the event's mark (`apply`'s `mark`) are durable already, written by the module with the
   * effect (in finalize's acknowledgement batch): the inbox then has nothing left to write.
   */
  written?: boolean;
  /**
   * True when `writes` already mark this event applied (a Checkout.com payment event marks every event of its payment
   * recorded up to its own row): the inbox then adds no mark of its own to them.
   */
  marked?: boolean;
}

/** What a provider module gives the inbox: its `verify`, `parse` and `apply`, and optionally a `lookup`. */
export interface WebhookModule<Known = never> {
  readonly provider: ProviderId;
  /** Null when the raw body's signature is valid; otherwise why it is not (answered 401, nothing written). */
  verify(rawBody: string, headers: Headers): string | null;
  /** The event, or why the body is not one of the vendor's events (answered 400, nothing written). */
  parse(rawBody: string): ParsedWebhook | { error: string };
  /**
   * A read of what applying the event needs from the store's database (its checkout, say), sent in the same round
   * trip as the event's record; its rows are handed to `apply`. Null when the event needs none.
   */
  lookup?(event: ParsedWebhook): Read<Known> | null;
  /**
   * Applies a recorded event; `known` is what `lookup` read with its record (undefined when applied again from
   * elsewhere: the module reads for itself then). Throws when it may succeed later (the vendor unreachable): it stays
   * unapplied.
   */
  apply(event: WebhookEvent, known?: Known[], mark?: WriteStatement): Promise<WebhookApplied | AppliedWith>;
}

export type InboxOutcome =
  | { status: 200; outcome: WebhookApplied | "duplicate" }
  | { status: 400 | 401; error: string };

/**
 * Receives one delivery. A redelivery of an applied event answers "duplicate" and does nothing; one recorded but not
 * applied yet (kept, or the store stopped or failed before its effect was durable) is applied again, whatever its type.
 * Its own round trips: the record (with the module's lookup) and, once applied, the effect's writes with the mark.
 */
export async function receiveWebhook<Known>(module: WebhookModule<Known>, rawBody: string, headers: Headers): Promise<InboxOutcome> {
  const invalid = module.verify(rawBody, headers);
  if (invalid !== null) return { status: 401, error: invalid };
  const parsed = module.parse(rawBody);
  if ("error" in parsed) return { status: 400, error: parsed.error };
  const { event, known } = await recordWebhook({ provider: module.provider, ...parsed }, module.lookup?.(parsed) ?? null);
  if (event.appliedAt !== null) return { status: 200, outcome: "duplicate" };
  return { status: 200, outcome: await applyRecorded(module, event, known ?? undefined) };
}

/** Applies a recorded event and marks it applied when the outcome is final; throws (left unapplied) on failure. */
export async function applyRecorded<Known>(module: WebhookModule<Known>, event: WebhookEvent, known?: Known[]): Promise<WebhookApplied> {
  const mark = markAppliedWrite(module.provider, { eventIds: [event.eventId] });
  // `mark` is offered to the module, which may write it with the effect (AppliedWith's `written`), saving a round trip.
  const applied = await module.apply(event, known, mark);
  const { outcome, writes, written, marked } = typeof applied === "string" ? { outcome: applied, writes: [], written: false, marked: false } : applied;
  if (written && outcome === "applied") return outcome;
  await writeTogether(outcome === "kept" || marked ? writes : [...writes, mark]);
  return outcome;
}

/**
 * Parses a verified body as JSON and then as the vendor's envelope, or says why it is not one (answered 400): the
 * first half of every module's `parse`.
 */
export function parseEnvelope<Schema extends z.ZodType>(
  rawBody: string,
  schema: Schema,
  errors: { notJson: string; notEnvelope: string },
): { json: unknown; envelope: z.infer<Schema> } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { error: errors.notJson };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { json, envelope: parsed.data } : { error: errors.notEnvelope };
}

/**
 * The record: an insert on the unique (provider, event id) that decides by itself, built once (`fixedStatement`, since
 * every delivery and every redelivery runs it). The conflict's update writes the event id the row already has, so the
 * row recorded first comes back either way.
 */
const recordStatement = fixedStatement(sql`insert into ${webhookEvents}
    (${sql.identifier(webhookEvents.provider.name)}, ${sql.identifier(webhookEvents.eventId.name)}, ${sql.identifier(webhookEvents.eventType.name)},
     ${sql.identifier(webhookEvents.subjectReference.name)}, ${sql.identifier(webhookEvents.occurredAt.name)}, ${sql.identifier(webhookEvents.body.name)})
  values (${sql.placeholder("provider")}, ${sql.placeholder("eventId")}, ${sql.placeholder("eventType")}, ${sql.placeholder("subjectReference")},
    ${sql.placeholder("occurredAt")}, ${sql.placeholder("body")})
  on conflict (${sql.identifier(webhookEvents.provider.name)}, ${sql.identifier(webhookEvents.eventId.name)})
    do update set ${sql.identifier(webhookEvents.eventId.name)} = excluded.${sql.identifier(webhookEvents.eventId.name)}
  returning ${sql.identifier(webhookEvents.id.name)}, ${sql.identifier(webhookEvents.provider.name)}, ${sql.identifier(webhookEvents.eventId.name)},
    ${sql.identifier(webhookEvents.eventType.name)}, ${sql.identifier(webhookEvents.subjectReference.name)}, ${sql.identifier(webhookEvents.occurredAt.name)},
    ${sql.identifier(webhookEvents.receivedAt.name)}, ${sql.identifier(webhookEvents.body.name)}, ${sql.identifier(webhookEvents.appliedAt.name)}`);

/**
 * Records a verified event once and reads what the module asked for, in one round trip. The insert on the unique
 * (provider, event id) decides by itself: the first delivery inserts the row; a redelivery (vendors retry until they
 * get a 2xx) changes nothing and returns the row recorded first, so whether it was applied is known without another
 * read. With a lookup, both go as one batch (a write batch on libSQL).
 */
export async function recordWebhook<Known>(
  event: NewWebhookEvent,
  lookup: Read<Known> | null = null,
): Promise<{ event: WebhookEvent; known: Known[] | null }> {
  const values = {
    provider: event.provider,
    eventId: event.eventId,
    eventType: event.eventType,
    subjectReference: event.subjectReference,
    occurredAt: event.occurredAt,
    // The column is JSON text (db/schema.ts, `mode: "json"`), written as drizzle writes it.
    body: JSON.stringify(event.body),
  };
  const [rows, found] = lookup ? await recordStatement.with(values, lookup) : [await recordStatement(values)];
  const row = rows[0];
  if (!row) throw new Error(`Webhook ${event.provider}:${event.eventId} neither recorded nor found`);
  return { event: webhookEventOfRow(row), known: lookup ? ((found as Known[] | undefined) ?? []) : null };
}

/**
 * The record's returned columns, in `recordStatement`'s order, as the row drizzle would map (read by index: a libSQL
 * row is array-like, not iterable).
 */
function webhookEventOfRow(row: unknown[]): WebhookEvent {
  const [id, provider, eventId, eventType, subjectReference, occurredAt, receivedAt, body, appliedAt] = Array.from({ length: 9 }, (_, index) => row[index]);
  return {
    id: Number(id),
    provider: provider as ProviderId,
    eventId: String(eventId),
    eventType: String(eventType),
    subjectReference: String(subjectReference),
    occurredAt: String(occurredAt),
    receivedAt: String(receivedAt),
    body: JSON.parse(String(body)) as unknown,
    appliedAt: appliedAt === null ? null : String(appliedAt),
  };
}

/**
 * The statement that marks events applied, for `writeTogether` with the writes of their effect: by their vendor ids,
 * or every unapplied event of a subject recorded up to and including the row `throughId` (ids only grow), so an
 * event recorded after the effect's read began is left for its own delivery.
 */
export function markAppliedWrite(
  provider: ProviderId,
  which: { eventIds: readonly string[] } | { subjectReference: string; throughId: number },
  now = new Date(),
): WriteStatement {
  return db()
    .update(webhookEvents)
    .set({ appliedAt: now.toISOString() })
    .where(
      and(
        eq(webhookEvents.provider, provider),
        isNull(webhookEvents.appliedAt),
        "eventIds" in which
          ? inArray(webhookEvents.eventId, [...which.eventIds])
          : and(eq(webhookEvents.subjectReference, which.subjectReference), lte(webhookEvents.id, which.throughId)),
      ),
    );
}

/** The newest unapplied event of a subject (its row id), or null: how far a caller outside the inbox may mark. */
export async function lastUnappliedWebhook(provider: ProviderId, subjectReference: string): Promise<number | null> {
  const [row] = await db()
    .select({ id: sql<number | null>`max(${webhookEvents.id})` })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.provider, provider), eq(webhookEvents.subjectReference, subjectReference), isNull(webhookEvents.appliedAt)));
  return row?.id ?? null;
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
