import { createHmac } from "node:crypto";
import type { Core } from "../core";
import type { CallOutcome, MerchantCall } from "./merchant-calls";
import type { JobRecord } from "../records";
import { jobBase, type FiredJob } from "./scheduler";

/**
 * The simulator's one delivery loop for calls to the merchant (callbacks, pushes, notifications, signed webhooks).
 * Each API hands it its vendor's rules as data: when to retry (`RetrySchedule`), which answers acknowledge, how to
 * sign the body. What the vendor documents stays cited where the API defines its policy.
 */
export type RetrySchedule =
  /** Attempt n failed: attempt n + 1 comes `delaysMs[n - 1]` after it. */
  | { from: "previous"; delaysMs: readonly number[] }
  /** Attempt n failed: attempt n + 1 comes `offsetsMs[n - 1]` after the first attempt (never in the past). */
  | { from: "first"; offsetsMs: readonly number[] };

export interface DeliveryPolicy {
  schedule: RetrySchedule;
  /** Real-time limit of one attempt. */
  timeoutMs: number;
  /** Which statuses acknowledge a delivery; 2xx unless the vendor says otherwise. */
  acknowledges?: (status: number) => boolean;
  /** Headers that sign the exact body sent (a webhook's signature). */
  sign?: (rawBody: string) => Record<string, string>;
}

/** No retries: a single attempt (Klarna's push, whose series is scheduled up front). */
export const NO_RETRY: RetrySchedule = { from: "previous", delaysMs: [] };

export const isSuccess = (status: number) => status >= 200 && status < 300;

/** Lowercase hex HMAC-SHA256 of the exact body: both webhook signatures the simulator sends are this. */
export function hmacSha256Hex(body: string, key: string): string {
  return createHmac("sha256", key).update(body).digest("hex");
}

/** When the attempt after `attempt` is due, or undefined when the schedule is used up. */
export function nextAttemptAt(schedule: RetrySchedule, attempt: number, now: number, firstAttemptAt: number): number | undefined {
  if (schedule.from === "previous") {
    const delay = schedule.delaysMs[attempt - 1];
    return delay === undefined ? undefined : now + delay;
  }
  const offset = schedule.offsetsMs[attempt - 1];
  return offset === undefined ? undefined : Math.max(now, firstAttemptAt + offset);
}

/** What a delivery's faults ask of one send: not at all (`drop`), after a delay (`slow`), or twice at once. */
export interface SendFaults {
  drop?: boolean;
  delayMs?: number;
  duplicate?: boolean;
}

export type Call = Omit<MerchantCall, "timeoutMs" | "delayMs">;

/** Sends once (or twice, or not at all, as the faults say); a dropped call is recorded so the log shows why. */
export async function send(core: Core, call: Call, timeoutMs: number, faults: SendFaults = {}): Promise<CallOutcome | "dropped"> {
  if (faults.drop) {
    core.merchant.recordDropped(call);
    return "dropped";
  }
  const once = () => core.merchant.call({ ...call, timeoutMs, delayMs: faults.delayMs });
  if (faults.duplicate) {
    const [first] = await Promise.all([once(), once()]);
    return first;
  }
  return once();
}

export interface Attempt {
  outcome: CallOutcome | "dropped";
  acknowledged: boolean;
  /** When the next attempt is due; undefined when none follows (acknowledged, or the schedule is used up). */
  retryAt?: number;
  /** Not acknowledged and no attempt left. */
  gaveUp: boolean;
}

/**
 * One attempt of a delivery: signs the body, sends it within the policy's timeout, and says whether (and when) to
 * try again. The caller schedules the retry on the virtual clock with its own job payload.
 */
export async function attempt(
  core: Core,
  call: Call,
  policy: DeliveryPolicy,
  options: { faults?: SendFaults; firstAttemptAt?: number } = {},
): Promise<Attempt> {
  const headers = { ...call.headers };
  if (policy.sign && call.rawBody !== undefined) Object.assign(headers, policy.sign(call.rawBody));
  const outcome = await send(core, { ...call, headers }, policy.timeoutMs, options.faults);
  const acknowledges = policy.acknowledges ?? isSuccess;
  const acknowledged = outcome !== "dropped" && outcome.status !== null && acknowledges(outcome.status);
  const now = core.clock.now();
  // A dropped call was never made: nothing failed that the vendor would know to retry.
  const retryAt =
    acknowledged || outcome === "dropped" ? undefined : nextAttemptAt(policy.schedule, call.attempt, now, options.firstAttemptAt ?? now);
  return { outcome, acknowledged, retryAt, gaveUp: !acknowledged && retryAt === undefined };
}

export function skipped(job: JobRecord, reason: string): FiredJob {
  return { ...jobBase(job), outcome: "skipped", reason };
}

/** The report of a job that sent (or, by a `drop` fault, did not send) a call. */
export function fired(job: JobRecord, outcome: CallOutcome | "dropped"): FiredJob {
  if (outcome === "dropped") return { ...jobBase(job), outcome: "dropped", reason: "fault injection" };
  return {
    ...jobBase(job),
    outcome: "sent",
    url: outcome.url,
    status: outcome.status,
    latency_ms: outcome.latency_ms,
    error: outcome.error,
  };
}
