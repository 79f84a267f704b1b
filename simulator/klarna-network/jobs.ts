import { iso, type Core } from "../core";
import type { JobPayload, JobRecord } from "../records";
import type { FiredJob } from "../scheduler";
import { knContextOf } from "./context";
import { loadRequest } from "./payment-requests";
import { deliver } from "./webhooks";

/** Runs this API's scheduled work: a webhook delivery attempt, or an expiry that falls due on the virtual clock. */
export async function runKlarnaNetworkJob(
  core: Core,
  job: JobRecord,
  payload: Extract<JobPayload, { kind: "klarna_network" }>,
): Promise<FiredJob> {
  const ctx = knContextOf(core);
  const base = { job_id: job.id, kind: job.kind, due_at: iso(job.due_at), attempt: job.attempt, order_id: job.order_id, session_id: job.session_id };
  if (!ctx) return { ...base, outcome: "skipped", reason: "Klarna Network API not mounted" };
  if (payload.task === "deliver") return deliver(ctx, job, payload.id);
  // Reading the request applies the expiry and sends its webhook, once.
  const before = ctx.store.get("request", payload.id)?.state;
  const after = loadRequest(ctx, payload.id)?.state;
  return { ...base, outcome: before !== after ? "sent" : "skipped", reason: before !== after ? `${before} → ${after}` : "nothing to expire" };
}
