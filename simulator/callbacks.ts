import { HOUR, MINUTE, expandUrl, iso, type Core } from "./core";
import { runKlarnaNetworkJob } from "./klarna-network/jobs";
import { runExtensionJob } from "./hooks";
import type { CallOutcome } from "./merchant-calls";
import type { JobPayload, JobRecord, OrderRecord } from "./records";
import type { FiredJob, JobRunner } from "./scheduler";

/** Push: +2, +5, +15, +30, +60 minutes after the order, then every 4 hours up to 48 hours (17 attempts). */
export const PUSH_SCHEDULE_MS = [2, 5, 15, 30, 60].map((minutes) => minutes * MINUTE).concat(
  Array.from({ length: 12 }, (_, index) => (index + 1) * 4 * HOUR),
);

/** Authorization callback: 3 attempts in total, 1 s then 2 s apart (Klarna: exponential back-off from 1 s). */
const AUTHORIZATION_ATTEMPTS = 3;
const AUTHORIZATION_BACKOFF_MS = 1_000;
/** Notifications are retried the same way, on a minute scale. */
const NOTIFICATION_ATTEMPTS = 3;
const NOTIFICATION_BACKOFF_MS = MINUTE;

export function createJobRunner(core: Core): JobRunner {
  return async (job) => {
    const payload = job.payload;
    switch (payload.kind) {
      case "push":
        return runPush(core, job);
      case "authorization_callback":
        return runAuthorizationCallback(core, job, payload);
      case "notification":
        return runNotification(core, job, payload);
      case "klarna_network":
        return runKlarnaNetworkJob(core, job, payload);
      case "extension":
        return runExtensionJob(core, job, payload);
    }
  };
}

/** Sends one push for an order (also used by the `reorder` fault to push before the create-order response). */
export async function sendPush(core: Core, order: OrderRecord, attempt: number): Promise<CallOutcome | "dropped"> {
  const url = expandUrl(order.merchant_urls.push ?? "", { orderId: order.order_id, sessionId: order.session_id });
  const faults = core.faults.take("push", ["slow", "duplicate", "drop"]);
  const request = { kind: "push" as const, url, attempt, orderId: order.order_id, sessionId: order.session_id };
  if (faults.some((fault) => fault.mode === "drop")) {
    core.merchant.recordDropped(request);
    return "dropped";
  }
  const delayMs = faults.find((fault) => fault.mode === "slow")?.delay_ms;
  const call = () => core.merchant.call({ ...request, timeoutMs: core.config.timeouts.pushMs, delayMs });
  if (faults.some((fault) => fault.mode === "duplicate")) {
    const [first] = await Promise.all([call(), call()]);
    return first;
  }
  return call();
}

async function runPush(core: Core, job: JobRecord): Promise<FiredJob> {
  const order = job.order_id ? core.repo.getOrder(job.order_id) : undefined;
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
  const request = { kind: "authorization_callback" as const, url: payload.url, attempt: job.attempt, sessionId: job.session_id };
  const faults = core.faults.take("authorization_callback");
  if (faults.some((fault) => fault.mode === "drop")) {
    core.merchant.recordDropped(request);
    return fired(job, "dropped");
  }
  const outcome = await core.merchant.call({
    ...request,
    timeoutMs: core.config.timeouts.authorizationMs,
    delayMs: faults.find((fault) => fault.mode === "slow")?.delay_ms,
    body: { authorization_token: payload.authorization_token, session_id: job.session_id },
  });
  if (!succeeded(outcome) && job.attempt < AUTHORIZATION_ATTEMPTS) {
    const backoff = AUTHORIZATION_BACKOFF_MS * 2 ** (job.attempt - 1);
    core.scheduler.schedule(core.clock.now() + backoff, payload, {
      sessionId: job.session_id ?? undefined,
      attempt: job.attempt + 1,
    });
  }
  return fired(job, outcome);
}

/** A pending (fraud review) order is decided, then the merchant is told through merchant_urls.notification. */
async function runNotification(
  core: Core,
  job: JobRecord,
  payload: Extract<JobPayload, { kind: "notification" }>,
): Promise<FiredJob> {
  const order = job.order_id ? core.repo.getOrder(job.order_id) : undefined;
  if (!order) return skipped(job, "order not found");
  if (order.fraud_status === "PENDING") {
    const rejected = payload.event_type === "FRAUD_RISK_REJECTED";
    // A rejected order is cancelled by Klarna: the merchant must not ship it.
    core.repo.saveOrder({ ...order, fraud_status: rejected ? "REJECTED" : "ACCEPTED", cancelled: order.cancelled || rejected });
  }
  const template = order.merchant_urls.notification;
  if (!template) return skipped(job, "no notification URL");
  const request = {
    kind: "notification" as const,
    url: expandUrl(template, { orderId: order.order_id, sessionId: order.session_id }),
    attempt: job.attempt,
    orderId: order.order_id,
    sessionId: order.session_id,
  };
  const faults = core.faults.take("notification");
  if (faults.some((fault) => fault.mode === "drop")) {
    core.merchant.recordDropped(request);
    return fired(job, "dropped");
  }
  const outcome = await core.merchant.call({
    ...request,
    timeoutMs: core.config.timeouts.notificationMs,
    delayMs: faults.find((fault) => fault.mode === "slow")?.delay_ms,
    body: { order_id: order.order_id, event_type: payload.event_type },
  });
  if (!succeeded(outcome) && job.attempt < NOTIFICATION_ATTEMPTS) {
    core.scheduler.schedule(core.clock.now() + NOTIFICATION_BACKOFF_MS * 2 ** (job.attempt - 1), payload, {
      orderId: order.order_id,
      sessionId: order.session_id,
      attempt: job.attempt + 1,
    });
  }
  return fired(job, outcome);
}

function succeeded(outcome: CallOutcome): boolean {
  return outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
}

function base(job: JobRecord) {
  return {
    job_id: job.id,
    kind: job.kind,
    due_at: iso(job.due_at),
    attempt: job.attempt,
    order_id: job.order_id,
    session_id: job.session_id,
  };
}

function skipped(job: JobRecord, reason: string): FiredJob {
  return { ...base(job), outcome: "skipped", reason };
}

function fired(job: JobRecord, outcome: CallOutcome | "dropped"): FiredJob {
  if (outcome === "dropped") return { ...base(job), outcome: "dropped", reason: "fault injection" };
  return {
    ...base(job),
    outcome: "sent",
    url: outcome.url,
    status: outcome.status,
    latency_ms: outcome.latency_ms,
    error: outcome.error,
  };
}
