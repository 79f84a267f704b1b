import { cpus, loadavg } from "node:os";
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

export type BenchDriver = "better-sqlite3" | "libsql";

/**
 * The store's database driver for a bench run, from `--driver=better-sqlite3|libsql` (default better-sqlite3): a
 * plain path for better-sqlite3, a `file:` URL for libSQL (db/index.ts), the same client and driver as on Turso.
 */
export function benchDriver(argv: readonly string[] = process.argv): BenchDriver {
  const given = argv.find((arg) => arg.startsWith("--driver="))?.slice("--driver=".length) ?? "better-sqlite3";
  if (given !== "better-sqlite3" && given !== "libsql") {
    console.error(`--driver=${given}: use --driver=better-sqlite3 or --driver=libsql.`);
    process.exit(2);
  }
  return given;
}

/**
 * `--latency=MS`: a fixed delay the store adds before every libSQL round trip (BENCH_DB_LATENCY_MS, db/round-trips.ts),
 * as a Turso database in the same region would (a few ms each). libSQL only; 0 by default.
 */
export function benchLatencyMs(argv: readonly string[] = process.argv, driver: BenchDriver = benchDriver(argv)): number {
  const given = argv.find((arg) => arg.startsWith("--latency="))?.slice("--latency=".length);
  if (given === undefined) return 0;
  const ms = Number(given);
  if (!Number.isFinite(ms) || ms < 0 || given.trim() === "") {
    console.error(`--latency=${given}: give the delay per round trip in ms, for example --latency=5.`);
    process.exit(2);
  }
  if (ms > 0 && driver !== "libsql") {
    console.error("--latency applies to libSQL's round trips: add --driver=libsql.");
    process.exit(2);
  }
  return ms;
}

/** The bench store's cart cookie secret, so a bench can be a shopper with a cart it made (bench/support/round-trips.ts). */
export const BENCH_CART_SECRET = "bench-cart-secret-for-pages-long-enough-5678";

/** The first argument that is not an option, as a number, or the default: the benches' duration or count. */
export function benchNumber(fallback: number, argv: readonly string[] = process.argv): number {
  const given = argv.slice(2).find((arg) => !arg.startsWith("--"));
  return given === undefined ? fallback : Number(given);
}

export interface BenchServers {
  simulator: ServerProcess;
  store: ServerProcess;
  sim: SimulatorControl;
  /** The store's DATABASE_URL (a SQLite file, or `file:` for libSQL): a bench may open it too (WAL lets both write). */
  storeDatabase: string;
  driver: BenchDriver;
  /** The delay added to every libSQL round trip, in ms (`--latency=`). */
  latencyMs: number;
  stop(): Promise<void>;
}

/**
 * The Klarna simulator (manual clock) and the production store (`next start`), each a child process with a fresh
 * database in a temporary directory. Both are stopped, and the directory removed, on `stop()`, on Ctrl+C and on a
 * crash, so a bench never leaves servers behind.
 */
export async function startBenchServers(
  driver: BenchDriver = "better-sqlite3",
  options: { storeEnv?: (simulatorUrl: string) => Record<string, string>; latencyMs?: number } = {},
): Promise<BenchServers> {
  const latencyMs = options.latencyMs ?? benchLatencyMs(process.argv, driver);
  if (!hasProductionBuild()) {
    console.error("The store has no production build. Run `npx next build` first, then run the bench again.");
    process.exit(1);
  }
  const temporary = temporaryDirectory("klarna-bench-");
  const file = path.join(temporary.directory, "store.db");
  const storeDatabase = driver === "libsql" ? `file:${file}` : file;
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
    const store = await startStore({
      dbPath: storeDatabase,
      klarnaUrl: simulator.url,
      env: {
        KUSTOM_API_URL: `${simulator.url}/kustom`,
        // The benches read the store's database round trips per request (db/round-trips.ts).
        STORE_COUNT_ROUND_TRIPS: "1",
        BENCH_DB_LATENCY_MS: String(latencyMs),
        CART_SECRET: BENCH_CART_SECRET,
        ...options.storeEnv?.(simulator.url),
      },
    });
    started.push(store);
    if (latencyMs > 0) console.log(`libSQL round trips delayed ${latencyMs} ms each (--latency)`);
    return { simulator, store, sim: simulatorControl(simulator.url), storeDatabase, driver, latencyMs, stop };
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
  process.env.KUSTOM_API_URL = `${servers.simulator.url}/kustom`;
  process.env.STORE_URL = servers.store.url;
}

/** Nearest-rank percentile of a sample, in the sample's unit. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}


/** The machine's load when a bench ends ("load average 1.9 / 1.7 / 2.9 on 2 cores"): figures on a shared machine drift with it. */
export function machineLoad(): string {
  return `load average ${loadavg().map((value) => value.toFixed(1)).join(" / ")} on ${cpus().length} cores`;
}
