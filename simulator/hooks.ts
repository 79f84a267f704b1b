import type { Core } from "./core";
import type { JobPayload, JobRecord } from "./records";
import type { FiredJob } from "./scheduler";

/**
 * Extension points for the API folders that sit beside Klarna's (Checkout.com, …), so they plug in without the core
 * knowing them: their scheduled jobs, a Klarna session being authorized in the popup (a PSP learns it from Klarna),
 * their rows on the dashboard and their part of /_sim/reset. Kept per simulator instance, so tests stay isolated.
 */
export type ExtensionJob = Extract<JobPayload, { kind: "extension" }>;

export interface Extension {
  /** Runs a scheduled job whose payload names this extension. */
  runJob?(job: JobRecord, payload: ExtensionJob): Promise<FiredJob>;
  /** A Klarna Payments session was authorized (the shopper confirmed in the popup). */
  sessionAuthorized?(sessionId: string, authorizationToken: string): void;
  /** An HTML section for the dashboard (already escaped). */
  dashboardSection?(): string;
  /** Wipes the extension's own state (POST /_sim/reset). */
  reset?(): void;
}

const registry = new WeakMap<Core, Map<string, Extension>>();

export function registerExtension(core: Core, name: string, extension: Extension): void {
  const extensions = registry.get(core) ?? new Map<string, Extension>();
  extensions.set(name, extension);
  registry.set(core, extensions);
}

function extensions(core: Core): Extension[] {
  return [...(registry.get(core)?.values() ?? [])];
}

export async function runExtensionJob(core: Core, job: JobRecord, payload: ExtensionJob): Promise<FiredJob> {
  const runner = registry.get(core)?.get(payload.extension)?.runJob;
  if (!runner) throw new Error(`No extension ${payload.extension} to run job ${job.id}`);
  return runner(job, payload);
}

export function notifySessionAuthorized(core: Core, sessionId: string, authorizationToken: string): void {
  for (const extension of extensions(core)) extension.sessionAuthorized?.(sessionId, authorizationToken);
}

export function extensionDashboardSections(core: Core): string[] {
  return extensions(core).flatMap((extension) => (extension.dashboardSection ? [extension.dashboardSection()] : []));
}

export function resetExtensions(core: Core): void {
  for (const extension of extensions(core)) extension.reset?.();
}
