import type { Instrumentation } from "next";

/**
 * Runs once when the server starts, before the first request: a deployment without its secrets refuses to start
 * and says which, and the database is opened and made ready (migrated and seeded on a local run, checked when
 * deployed), so a deployment that skipped `npm run db:migrate` fails here too, and says so. Then the scheduled
 * reconcile starts (lib/orders/reconcile-scheduler.ts), but not while `next build` renders pages nor under Vitest,
 * whose tests drive reconcile themselves. `RECONCILE_EVERY_MS=0` turns it off.
 *
 * OpenTelemetry: when an OTLP endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; OTEL_SERVICE_NAME names the service, "storefront" by default), @vercel/otel
 * registers a tracer that exports Next.js's request spans and the store's own (lib/observability/tracing.ts).
 * With neither set, nothing is registered and the store's spans are skipped.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
    const { registerOTel } = await import("@vercel/otel");
    registerOTel({ serviceName: process.env.OTEL_SERVICE_NAME || "storefront" });
    const { enableTracing } = await import("./lib/observability/tracing");
    enableTracing();
  }
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

/**
 * Errors Next.js caught in route handlers, server components, server actions and the proxy: one JSON log line each
 * (lib/observability/logger.ts) with where it happened, and an error on the active span when tracing is on. The
 * error's message and stack go in, never the request's body or headers.
 */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { reportRequestError } = await import("./lib/observability/request-error");
  reportRequestError(error, request, context);
};
