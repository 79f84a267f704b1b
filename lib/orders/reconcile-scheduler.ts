import { settlePendingOrders } from "@/lib/admin/reconcile";
import { drainOutbox } from "@/lib/email/outbox";
import { log as storeLog } from "@/lib/observability/logger";

export interface ReconcileScheduler {
  /** Runs one pass now unless one is running; resolves when it ends. */
  runOnce(): Promise<void>;
  stop(): void;
}

/**
 * Settles pending orders every `everyMs` inside the store process, so an order whose acknowledgement was lost (a
 * crash between Klarna's answer and the store's write, a timeout Klarna applied) converges with no human: Klarna
 * stops pushing once it has an acknowledgement, so no push will come to heal it. One pass at a time; a failing pass
 * is logged and the next one tries again. The timer does not keep the process alive.
 */
export function startReconcileScheduler(
  everyMs: number,
  // Each pass also sends the shopper emails due for a retry (lib/email/outbox.ts), after the orders settle.
  pass: () => Promise<unknown> = () => settlePendingOrders().finally(() => drainOutbox()),
  log: (message: string, error: unknown) => void = (message, error) =>
    storeLog().error({ route: "reconcile-scheduler", outcome: "failed", err: error }, message),
): ReconcileScheduler {
  let running: Promise<void> | null = null;
  const runOnce = () => {
    running ??= pass()
      .then(() => undefined)
      .catch((error: unknown) => log("Scheduled reconcile failed; the next pass tries again.", error))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void runOnce(), everyMs);
  timer.unref();
  return { runOnce, stop: () => clearInterval(timer) };
}
