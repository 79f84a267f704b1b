import { randomUUID } from "node:crypto";
import { HOUR, MINUTE, iso } from "../core";
import { attempt, fired, hmacSha256Hex, skipped, type RetrySchedule } from "../kernel/delivery";
import type { FiredJob } from "../kernel/scheduler";
import type { JobRecord } from "../records";
import type { KnContext } from "./context";
import type { DeliveryRecord, WebhookRecord } from "./records";

/**
 * Klarna retries a delivery that is not answered 200, 201, 202 or 204 "for up to 12 hours", then marks it permanently
 * failed (reference/klarna-network/notes.md §6). The retries come 10 s, 2 min, 15 min, 3 h, 6 h and 12 h (docs
 * .../setup-your-integration/connection-configuration/setup-your-webhooks: the step table the stored copy lost, as
 * issue 21 quotes it). Read as times after the first attempt, they end at the documented 12 hours: 7 attempts in all.
 */
export const WEBHOOK_RETRY_AT_MS = [10_000, 2 * MINUTE, 15 * MINUTE, 3 * HOUR, 6 * HOUR, 12 * HOUR];
const WEBHOOK_RETRIES: RetrySchedule = { from: "first", offsetsMs: WEBHOOK_RETRY_AT_MS };
const ACKNOWLEDGED = new Set([200, 201, 202, 204]);

/** `payment.*` and `*` match by prefix (notes.md §6: event types accept wildcards). */
export function subscribes(webhook: WebhookRecord, eventType: string): boolean {
  if (webhook.status !== "ENABLED") return false;
  return webhook.event_types.some((pattern) =>
    pattern.endsWith("*") ? eventType.startsWith(pattern.slice(0, -1)) : pattern === eventType,
  );
}

/** Lowercase hex HMAC-SHA256 of the exact body, as the store must verify it (notes.md §6). */
export const sign = hmacSha256Hex;

/**
 * Queues one event for every webhook subscribed to its type, each in the envelope
 * `{ metadata: { event_type, event_id, event_version, occurred_at, … }, payload }`.
 */
export function emit(ctx: KnContext, eventType: string, subject: string, accountId: string | null, payload: object): void {
  const now = ctx.core.clock.now();
  const webhooks = ctx.store.list("webhook", 50).filter((webhook) => subscribes(webhook, eventType));
  if (webhooks.length === 0) return;
  const eventId = randomUUID();
  for (const webhook of webhooks) {
    const envelope = {
      metadata: {
        event_type: eventType,
        event_id: eventId,
        event_version: webhook.event_version,
        occurred_at: iso(now),
        correlation_id: randomUUID(),
        subject_account_id: accountId,
        recipient_account_id: accountId,
        webhook_id: webhook.webhook_id,
        live: false,
      },
      payload,
    };
    const delivery: DeliveryRecord = {
      delivery_id: randomUUID(),
      webhook_id: webhook.webhook_id,
      event_id: eventId,
      event_type: eventType,
      subject,
      body: JSON.stringify(envelope),
      created_at: now,
      attempts: 0,
      state: "pending",
      last_status: null,
      last_error: null,
    };
    ctx.store.put("delivery", delivery.delivery_id, now, delivery);
    const fault = ctx.faults.takeFirst("webhook");
    if (fault?.mode === "drop") {
      ctx.store.put("delivery", delivery.delivery_id, now, { ...delivery, state: "failed", last_error: "dropped (fault injection)" });
      ctx.core.merchant.recordDropped({ kind: "klarna_network", url: webhook.url, attempt: 1, orderId: subject, sessionId: subject });
      continue;
    }
    const delay = fault?.mode === "reorder" ? MINUTE : fault?.mode === "late" ? (fault.delay_ms ?? 0) : 0;
    schedule(ctx, delivery.delivery_id, now + delay, 1, subject);
    if (fault?.mode === "duplicate") schedule(ctx, delivery.delivery_id, now + delay, 1, subject, true);
  }
  ctx.core.scheduler.kick();
}

function schedule(ctx: KnContext, deliveryId: string, dueAt: number, attempt: number, subject: string, duplicate = false): void {
  // A duplicate is a second job for the same delivery: Klarna's at-least-once delivery sending an event twice.
  ctx.core.scheduler.schedule(
    dueAt,
    { kind: "klarna_network", task: "deliver", id: duplicate ? `${deliveryId}#duplicate` : deliveryId },
    { orderId: subject, attempt },
  );
}

/** Sends one attempt of a delivery, signed with the webhook's key; schedules the next attempt if it failed. */
export async function deliver(ctx: KnContext, job: JobRecord, id: string): Promise<FiredJob> {
  const [deliveryId = id, duplicateMark] = id.split("#");
  const delivery = ctx.store.get("delivery", deliveryId);
  if (!delivery) return skipped(job, "delivery not found");
  if (delivery.state === "delivered" && duplicateMark === undefined) return skipped(job, "delivered");
  const webhook = ctx.store.get("webhook", delivery.webhook_id);
  const key = webhook ? ctx.store.get("signing_key", webhook.signing_key_id) : undefined;
  if (!webhook || !key) {
    ctx.store.put("delivery", delivery.delivery_id, delivery.created_at, { ...delivery, state: "failed", last_error: "webhook or signing key deleted" });
    return skipped(job, "webhook or signing key deleted");
  }
  const result = await attempt(
    ctx.core,
    { kind: "klarna_network", url: webhook.url, rawBody: delivery.body, attempt: job.attempt, orderId: delivery.subject, sessionId: delivery.subject },
    {
      schedule: WEBHOOK_RETRIES,
      timeoutMs: ctx.core.config.timeouts.notificationMs,
      acknowledges: (status) => ACKNOWLEDGED.has(status),
      sign: (body) => ({ "Klarna-Signature": sign(body, key.signing_key), "Klarna-Signing-Key-Id": key.signing_key_id }),
    },
    // Counted from the delivery's creation; never in the past if an attempt itself ran late.
    { firstAttemptAt: delivery.created_at },
  );
  // A duplicate is the same delivery sent again: it neither updates the delivery nor retries.
  if (duplicateMark === undefined) {
    const current = ctx.store.get("delivery", deliveryId) ?? delivery;
    const outcome = result.outcome === "dropped" ? undefined : result.outcome;
    ctx.store.put("delivery", deliveryId, delivery.created_at, {
      ...current,
      attempts: current.attempts + 1,
      state: result.acknowledged ? "delivered" : result.gaveUp ? "failed" : "pending",
      last_status: outcome?.status ?? null,
      last_error: outcome?.error ?? null,
    });
    if (result.retryAt !== undefined) schedule(ctx, deliveryId, result.retryAt, job.attempt + 1, delivery.subject);
  }
  return fired(job, result.outcome);
}
