import type { Core } from "../core";
import { jobBase, skipped } from "../kernel/delivery";
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
  if (!ctx) return skipped(job, "Klarna Network API not mounted");
  if (payload.task === "deliver") return deliver(ctx, job, payload.id);
  // Reading the request applies the expiry and sends its webhook, once.
  const before = ctx.store.get("request", payload.id)?.state;
  const after = loadRequest(ctx, payload.id)?.state;
  if (before === after) return skipped(job, "nothing to expire");
  return { ...jobBase(job), outcome: "sent", reason: `${before} → ${after}` };
}
