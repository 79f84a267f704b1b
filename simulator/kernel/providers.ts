import type { Hono } from "hono";
import type { Core } from "../core";
import type { JobKind, JobRecord } from "../records";
import type { FiredJob } from "./scheduler";

/**
 * A provider's API in the simulator: one folder (`simulator/<provider>/`) that exports one of these, mounted with one
 * line in `simulator/app.ts`. `mount` adds its routes (its vendor base URL, hosted pages, `/_sim/<provider>` helpers)
 * and returns what the kernel asks of it: its scheduled jobs, its dashboard section, its part of `/_sim/reset`.
 */
export interface SimulatorProvider {
  name: string;
  mount(app: Hono, core: Core): ProviderHooks;
}

export interface ProviderHooks {
  /** Job kinds this provider runs, besides the `extension` jobs that name it. */
  jobKinds?: readonly JobKind[];
  /** Runs one of its scheduled jobs (a webhook delivery attempt, an expiry…). */
  runJob?(job: JobRecord): Promise<FiredJob>;
  /** A Klarna Payments session was authorized (the shopper confirmed in the popup): a PSP learns it from Klarna. */
  sessionAuthorized?(sessionId: string, authorizationToken: string): void;
  /** An HTML section for the dashboard (already escaped), and whether it goes below the callback attempts. */
  dashboardSection?(): string;
  dashboardBelowAttempts?: boolean;
  /** Wipes the provider's own state (POST /_sim/reset). */
  reset?(): void;
}

// Kept per simulator instance, so tests stay isolated.
const registry = new WeakMap<Core, Map<string, ProviderHooks>>();

function hooksOf(core: Core): [string, ProviderHooks][] {
  return [...(registry.get(core)?.entries() ?? [])];
}

/** Mounts each provider, in order, and keeps its hooks for the kernel. */
export function mountProviders(app: Hono, core: Core, providers: readonly SimulatorProvider[]): void {
  const mounted = registry.get(core) ?? new Map<string, ProviderHooks>();
  registry.set(core, mounted);
  for (const provider of providers) mounted.set(provider.name, provider.mount(app, core));
}

/** The scheduler's runner: the job goes to the provider that named it or owns its kind. */
export async function runProviderJob(core: Core, job: JobRecord): Promise<FiredJob> {
  const payload = job.payload;
  const owner =
    payload.kind === "extension"
      ? registry.get(core)?.get(payload.extension)
      : hooksOf(core).find(([, hooks]) => hooks.jobKinds?.includes(payload.kind))?.[1];
  if (!owner?.runJob) throw new Error(`No provider runs job ${job.id} (${payload.kind})`);
  return owner.runJob(job);
}

export function notifySessionAuthorized(core: Core, sessionId: string, authorizationToken: string): void {
  for (const [, hooks] of hooksOf(core)) hooks.sessionAuthorized?.(sessionId, authorizationToken);
}

export function providerDashboardSections(core: Core, belowAttempts: boolean): string[] {
  return hooksOf(core).flatMap(([, hooks]) =>
    hooks.dashboardSection && Boolean(hooks.dashboardBelowAttempts) === belowAttempts ? [hooks.dashboardSection()] : [],
  );
}

export function resetProviders(core: Core): void {
  for (const [, hooks] of hooksOf(core)) hooks.reset?.();
}
