import { skipped } from "../kernel/delivery";
import { jobBase, type FiredJob } from "../kernel/scheduler";
import type { JobRecord } from "../records";
import type { KnContext } from "./context";
import { loadRequest } from "./payment-requests";
import { deliver } from "./webhooks";

/** Runs this API's scheduled work: a webhook delivery attempt, or an expiry that falls due on the virtual clock. */
export async function runKlarnaNetworkJob(ctx: KnContext, job: JobRecord): Promise<FiredJob> {
  const payload = job.payload;
  if (payload.kind !== "klarna_network") throw new Error(`Klarna Network runs no ${payload.kind} job`);
  if (payload.task === "deliver") return deliver(ctx, job, payload.id);
  // Reading the request applies the expiry and sends its webhook, once.
  const before = ctx.store.get("request", payload.id)?.state;
  const after = loadRequest(ctx, payload.id)?.state;
  if (before === after) return skipped(job, "nothing to expire");
  return { ...jobBase(job), outcome: "sent", reason: `${before} → ${after}` };
}
