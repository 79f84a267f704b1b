import { AsyncLocalStorage } from "node:async_hooks";
import type { Transaction } from "@libsql/client";
import type Database from "better-sqlite3";

/**
 * Database round trips, counted on both drivers. Against Turso every statement is a network round trip, and a
 * network database charges for each, so this is the figure the benches print per request and the tests hold to
 * issue 28's ceilings. One round trip is one statement, one `batch` (however many statements it carries), one
 * transaction's BEGIN and one COMMIT or ROLLBACK. better-sqlite3 makes no network trip at all; it is counted the same
 * way (each statement, BEGIN, COMMIT) so that both drivers give the figure libSQL would pay.
 *
 * Counting is always on (an addition per statement): the process's running total, read by the benches through
 * `/api/bench/round-trips` when STORE_COUNT_ROUND_TRIPS=1 (and nowhere else), and a per-call count for tests
 * (`countingRoundTrips`), which follows the call's async context, background work it starts included.
 */

// Kept on globalThis, like the connection (db/index.ts): a production build may load this module more than once
// (instrumentation.ts is bundled apart from the routes), and the copy that opened the connection counts for all.
const totals = globalThis as typeof globalThis & {
  __storeRoundTrips?: number;
  /** Above 0 while better-sqlite3 runs statements that count as one round trip together (`asOneRoundTrip`). */
  __storeInOneRoundTrip?: number;
  __storeRoundTripScopes?: AsyncLocalStorage<{ roundTrips: number }>;
};
const scopes = (totals.__storeRoundTripScopes ??= new AsyncLocalStorage<{ roundTrips: number }>());

export function countRoundTrip(): void {
  if ((totals.__storeInOneRoundTrip ?? 0) > 0) return;
  totals.__storeRoundTrips = (totals.__storeRoundTrips ?? 0) + 1;
  const scope = scopes.getStore();
  if (scope) scope.roundTrips += 1;
}

/**
 * Runs synchronous better-sqlite3 statements counted as the one round trip libSQL pays for them as a `batch`
 * (db/batch.ts). Synchronous only: nothing else can run in between.
 */
export function asOneRoundTrip<T>(work: () => T): T {
  countRoundTrip();
  totals.__storeInOneRoundTrip = (totals.__storeInOneRoundTrip ?? 0) + 1;
  try {
    const result = work();
    if (result instanceof Promise) throw new Error("asOneRoundTrip runs synchronous statements only.");
    return result;
  } finally {
    totals.__storeInOneRoundTrip = (totals.__storeInOneRoundTrip ?? 1) - 1;
  }
}

/** Every round trip this process has made so far. */
export function roundTripsSoFar(): number {
  return totals.__storeRoundTrips ?? 0;
}

/** Whether the process exposes its count to the benches (STORE_COUNT_ROUND_TRIPS=1); never on by default. */
export function roundTripCountExposed(): boolean {
  return process.env.STORE_COUNT_ROUND_TRIPS === "1";
}

/**
 * Runs `work` and counts the round trips it makes, including those of work it starts in the background (an event
 * row's group commit, the email outbox), once `settle` has let them run.
 */
export async function countingRoundTrips<T>(
  work: () => Promise<T>,
  settle: () => Promise<void> = () => new Promise((resolve) => setTimeout(resolve, 25)),
): Promise<{ result: T; roundTrips: number }> {
  const scope = { roundTrips: 0 };
  const result = await scopes.run(scope, work);
  await settle();
  return { result, roundTrips: scope.roundTrips };
}

/**
 * A fixed delay before every libSQL round trip (BENCH_DB_LATENCY_MS, in ms; 0 or unset: none), as a Turso database
 * in the same region adds: the benches' way to see what the distance costs. Read once per connection.
 */
export function libsqlLatencyMs(): number {
  const value = Number(process.env.BENCH_DB_LATENCY_MS ?? 0);
  return Number.isFinite(value) && value > 0 ? value : 0;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Counts (and, with a latency, delays) one round trip before `call` runs. */
export async function roundTrip<T>(latencyMs: number, call: () => Promise<T>): Promise<T> {
  countRoundTrip();
  if (latencyMs > 0) await wait(latencyMs);
  return call();
}

/** A libSQL transaction whose statements, commit and rollback are each counted (and delayed) as a round trip. */
export function countedTransaction(transaction: Transaction, latencyMs: number): Transaction {
  return new Proxy(transaction, {
    get(tx, name) {
      const member: unknown = Reflect.get(tx, name, tx);
      if (typeof member !== "function") return member;
      if (name !== "execute" && name !== "batch" && name !== "executeMultiple" && name !== "commit" && name !== "rollback") {
        return member.bind(tx);
      }
      return (...args: unknown[]) => roundTrip(latencyMs, () => member.apply(tx, args) as Promise<unknown>);
    },
  });
}

/** The libSQL client calls that are one round trip each (a transaction: its BEGIN). */
export const LIBSQL_ROUND_TRIP_CALLS = new Set<PropertyKey>(["execute", "batch", "executeMultiple", "migrate", "transaction"]);

/**
 * Counts better-sqlite3's statements: each run, get, all or iterate of a prepared statement, each `exec` and
 * `pragma`, and each transaction's BEGIN and COMMIT (or ROLLBACK), in place on the connection.
 */
export function countBetterSqliteRoundTrips(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    const statement = prepare(source);
    for (const method of ["run", "get", "all", "iterate"] as const) {
      const original = statement[method] as (...args: unknown[]) => unknown;
      Object.defineProperty(statement, method, {
        value: function counted(this: unknown, ...args: unknown[]) {
          countRoundTrip();
          return original.apply(this, args);
        },
      });
    }
    return statement;
  }) as typeof sqlite.prepare;

  for (const method of ["exec", "pragma"] as const) {
    const original = sqlite[method].bind(sqlite) as (...args: unknown[]) => unknown;
    Object.defineProperty(sqlite, method, {
      value: (...args: unknown[]) => {
        countRoundTrip();
        return original(...args);
      },
    });
  }

  const transaction = sqlite.transaction.bind(sqlite);
  sqlite.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const native = transaction(fn) as unknown as Record<string, (...args: unknown[]) => unknown> & ((...args: unknown[]) => unknown);
    const counted = (run: (...args: unknown[]) => unknown) =>
      (...args: unknown[]) => {
        countRoundTrip(); // BEGIN
        try {
          return run(...args);
        } finally {
          countRoundTrip(); // COMMIT or ROLLBACK
        }
      };
    const wrapped = counted(native) as ReturnType<typeof transaction>;
    for (const variant of ["deferred", "immediate", "exclusive"] as const) {
      Object.defineProperty(wrapped, variant, { value: counted(native[variant]!) });
    }
    return wrapped;
  }) as typeof sqlite.transaction;
}
