/**
 * Runs once when the server starts: migrate and seed before the first request, then start the scheduled reconcile
 * (lib/orders/reconcile-scheduler.ts) in the Node.js runtime, but not while `next build` renders pages nor under
 * Vitest, whose tests drive reconcile themselves. `RECONCILE_EVERY_MS=0` turns it off.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { connection } = await import("./db");
  connection();

  const { PHASE_PRODUCTION_BUILD } = await import("next/constants");
  if (process.env.NEXT_PHASE === PHASE_PRODUCTION_BUILD || process.env.VITEST) return;
  const { env } = await import("./lib/env");
  const everyMs = env().RECONCILE_EVERY_MS;
  if (everyMs === 0) return;
  // One scheduler per process, even if the server registers again (development reloads).
  const scheduled = globalThis as { reconcileScheduler?: unknown };
  if (scheduled.reconcileScheduler) return;
  const { startReconcileScheduler } = await import("./lib/orders/reconcile-scheduler");
  scheduled.reconcileScheduler = startReconcileScheduler(everyMs);
}
