/**
 * Runs once when the server starts, before the first request: a deployment without its secrets refuses to start
 * and says which, and the database is opened and made ready (migrated and seeded on a local run, checked when
 * deployed), so a deployment that skipped `npm run db:migrate` fails here too, and says so. Then the scheduled
 * reconcile starts (lib/orders/reconcile-scheduler.ts), but not while `next build` renders pages nor under Vitest,
 * whose tests drive reconcile themselves. `RECONCILE_EVERY_MS=0` turns it off.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { assertDeploymentSecrets } = await import("./lib/secrets");
  assertDeploymentSecrets();
  const { prepareDatabase } = await import("./db");
  await prepareDatabase();

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
