import path from "node:path";
import {
  hasProductionBuild,
  ROOT,
  startSimulator,
  startStore,
  temporaryDirectory,
  type ServerProcess,
} from "../../tests/integration/support/child-servers";
import { simulatorControl, type SimulatorControl } from "../../tests/integration/support/simulator-control";

export interface BenchServers {
  simulator: ServerProcess;
  store: ServerProcess;
  sim: SimulatorControl;
  /** The store's SQLite file: a bench may open it too (WAL lets both write). */
  storeDatabase: string;
  stop(): Promise<void>;
}

/**
 * The Klarna simulator (manual clock) and the production store (`next start`), each a child process with a fresh
 * database in a temporary directory. Both are stopped, and the directory removed, on `stop()`, on Ctrl+C and on a
 * crash, so a bench never leaves servers behind.
 */
export async function startBenchServers(
  options: { storeEnv?: (simulatorUrl: string) => Record<string, string> } = {},
): Promise<BenchServers> {
  if (!hasProductionBuild()) {
    console.error("The store has no production build. Run `npx next build` first, then run the bench again.");
    process.exit(1);
  }
  const temporary = temporaryDirectory("klarna-bench-");
  const storeDatabase = path.join(temporary.directory, "store.db");
  const started: ServerProcess[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= Promise.all(started.map((server) => server.stop())).then(() => temporary.remove()));

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the servers`);
      void stop().finally(() => process.exit(130));
    });
  }
  process.once("uncaughtException", (error) => {
    console.error(error);
    void stop().finally(() => process.exit(1));
  });

  try {
    const simulator = await startSimulator({ dbPath: path.join(temporary.directory, "simulator.db") });
    started.push(simulator);
    const store = await startStore({ dbPath: storeDatabase, klarnaUrl: simulator.url, env: options.storeEnv?.(simulator.url) });
    started.push(store);
    return { simulator, store, sim: simulatorControl(simulator.url), storeDatabase, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Points this process's store code (`@/lib/...`) at the bench's store database and Klarna, before its first `env()`
 * call, so the bench can set up carts and orders with the store's own functions.
 */
export function pointStoreCodeAt(servers: BenchServers): void {
  process.chdir(ROOT);
  process.env.DATABASE_URL = servers.storeDatabase;
  process.env.KLARNA_API_URL = servers.simulator.url;
  process.env.STORE_URL = servers.store.url;
}

/** Nearest-rank percentile of a sample, in the sample's unit. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
