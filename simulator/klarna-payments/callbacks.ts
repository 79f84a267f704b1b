import { HOUR, MINUTE, expandUrl, type Core } from "../core";
import { attempt, fired, send, skipped, type RetrySchedule, type SendFaults } from "../kernel/delivery";
import type { Fault } from "./faults";
import type { CallOutcome } from "../kernel/merchant-calls";
import type { JobPayload, JobRecord, OrderRecord } from "../records";
import type { FiredJob } from "../kernel/scheduler";

/** Push: +2, +5, +15, +30, +60 minutes after the order, then every 4 hours up to 48 hours (17 attempts). */
export const PUSH_SCHEDULE_MS = [2, 5, 15, 30, 60].map((minutes) => minutes * MINUTE).concat(
  Array.from({ length: 12 }, (_, index) => (index + 1) * 4 * HOUR),
);

/** Authorization callback: 3 attempts in total, 1 s then 2 s apart (Klarna: exponential back-off from 1 s). */
const AUTHORIZATION_RETRIES: RetrySchedule = { from: "previous", delaysMs: [1_000, 2_000] };
/** Notifications are retried the same way, on a minute scale: 3 attempts, +1 min then +2 min. */
const NOTIFICATION_RETRIES: RetrySchedule = { from: "previous", delaysMs: [MINUTE, 2 * MINUTE] };

/** The merchant calls Klarna Payments schedules (also for Kustom's orders, which share Order Management). */
export const CALLBACK_JOB_KINDS = ["push", "authorization_callback", "notification"] as const;

export function runCallbackJob(core: Core, job: JobRecord): Promise<FiredJob> {
  const payload = job.payload;
  switch (payload.kind) {
    case "push":
      return runPush(core, job);
    case "authorization_callback":
      return runAuthorizationCallback(core, job, payload);
    case "notification":
      return runNotification(core, job, payload);
    default:
      throw new Error(`Klarna Payments runs no ${payload.kind} job`);
  }
}

/** What the `drop`, `slow` and `duplicate` faults taken for a call ask of the kernel's send. */
function sendFaults(faults: readonly Fault[]): SendFaults {
  return {
    drop: faults.some((fault) => fault.mode === "drop"),
    delayMs: faults.find((fault) => fault.mode === "slow")?.delay_ms,
    duplicate: faults.some((fault) => fault.mode === "duplicate"),
  };
}

/** Sends one push for an order (also used by the `reorder` fault to push before the create-order response). */
export async function sendPush(core: Core, order: OrderRecord, attempt: number): Promise<CallOutcome | "dropped"> {
  const url = expandUrl(order.merchant_urls.push ?? "", { orderId: order.order_id, sessionId: order.session_id });
  const faults = sendFaults(core.faults.takeKind("push", ["slow", "duplicate", "drop"]));
  return send(core, { kind: "push", url, attempt, orderId: order.order_id, sessionId: order.session_id }, core.config.timeouts.pushMs, faults);
}

async function runPush(core: Core, job: JobRecord): Promise<FiredJob> {
  const order = job.order_id ? core.klarna.getOrder(job.order_id) : undefined;
  if (!order) return skipped(job, "order not found");
  // Klarna stops pushing once the order is acknowledged; a cancelled order needs no more pushes either.
  if (order.acknowledged_at !== null) return skipped(job, "acknowledged");
  if (order.cancelled) return skipped(job, "cancelled");
  if (!order.merchant_urls.push) return skipped(job, "no push URL");
  return fired(job, await sendPush(core, order, job.attempt));
}

async function runAuthorizationCallback(
  core: Core,
  job: JobRecord,
  payload: Extract<JobPayload, { kind: "authorization_callback" }>,
): Promise<FiredJob> {
  const result = await attempt(
    core,
    {
      kind: "authorization_callback",
      url: payload.url,
      attempt: job.attempt,
      sessionId: job.session_id,
      body: { authorization_token: payload.authorization_token, session_id: job.session_id },
    },
    { schedule: AUTHORIZATION_RETRIES, timeoutMs: core.config.timeouts.authorizationMs },
    { faults: sendFaults(core.faults.takeKind("authorization_callback")) },
  );
  if (result.retryAt !== undefined) {
    core.scheduler.schedule(result.retryAt, payload, { sessionId: job.session_id ?? undefined, attempt: job.attempt + 1 });
  }
  return fired(job, result.outcome);
}

/** A pending (fraud review) order is decided, then the merchant is told through merchant_urls.notification. */
async function runNotification(
  core: Core,
  job: JobRecord,
  payload: Extract<JobPayload, { kind: "notification" }>,
): Promise<FiredJob> {
  const order = job.order_id ? core.klarna.getOrder(job.order_id) : undefined;
  if (!order) return skipped(job, "order not found");
  if (order.fraud_status === "PENDING") {
    const rejected = payload.event_type === "FRAUD_RISK_REJECTED";
    // A rejected order is cancelled by Klarna: the merchant must not ship it.
    core.klarna.saveOrder({ ...order, fraud_status: rejected ? "REJECTED" : "ACCEPTED", cancelled: order.cancelled || rejected });
  }
  const template = order.merchant_urls.notification;
  if (!template) return skipped(job, "no notification URL");
  const result = await attempt(
    core,
    {
      kind: "notification",
      url: expandUrl(template, { orderId: order.order_id, sessionId: order.session_id }),
      attempt: job.attempt,
      orderId: order.order_id,
      sessionId: order.session_id,
      body: { order_id: order.order_id, event_type: payload.event_type },
    },
    { schedule: NOTIFICATION_RETRIES, timeoutMs: core.config.timeouts.notificationMs },
    { faults: sendFaults(core.faults.takeKind("notification")) },
  );
  if (result.retryAt !== undefined) {
    core.scheduler.schedule(result.retryAt, payload, { orderId: order.order_id, sessionId: order.session_id, attempt: job.attempt + 1 });
  }
  return fired(job, result.outcome);
}
