import type { BatchItem } from "drizzle-orm/batch";
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { databaseDriver, db } from "./index";
import { asOneRoundTrip } from "./round-trips";

/**
 * One statement of several that `writeTogether` runs as one transaction: the statement as a drizzle builder (libSQL
 * sends the builders in one `batch`), and the same statement run synchronously on better-sqlite3 (`.all()` for one
 * that returns rows, `.run()` otherwise).
 */
export interface Write<Result> {
  query: () => BatchItem<"sqlite">;
  run: () => Result | Promise<Result>;
}

type Results<Writes> = { [K in keyof Writes]: Writes[K] extends Write<infer Result> ? Result : never };

/**
 * Statements that must all happen or none, in one database round trip: a libSQL `batch`, which is one transaction
 * in one request (against Turso, one round trip instead of BEGIN, one per statement and COMMIT), and on
 * better-sqlite3 one synchronous transaction, counted as the one round trip libSQL pays (db/round-trips.ts). Each
 * statement gives its result, in the order given. Put a write first: libSQL's batch begins a deferred transaction,
 * which then takes the write lock at its first statement (waiting out another writer) rather than upgrading a read.
 * Never between calls to a provider: the transaction lasts only as long as its statements.
 */
export async function writeTogether<Writes extends readonly Write<unknown>[]>(...writes: Writes): Promise<Results<Writes>> {
  if (databaseDriver() === "libsql") {
    const queries = writes.map((write) => write.query()) as unknown as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]];
    return (await (db() as unknown as LibSQLDatabase<Record<string, never>>).batch(queries)) as unknown as Results<Writes>;
  }
  // better-sqlite3 answers synchronously: the transaction has committed when this line returns.
  const sqlite = db() as unknown as BetterSQLite3Database<Record<string, never>>;
  return asOneRoundTrip(() =>
    sqlite.transaction(() =>
      writes.map((write) => {
        const result = write.run();
        if (result instanceof Promise) throw new Error("writeTogether runs better-sqlite3's statements synchronously.");
        return result;
      }),
    ),
  ) as unknown as Results<Writes>;
}
