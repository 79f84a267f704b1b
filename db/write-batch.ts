import type { BatchItem } from "drizzle-orm/batch";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import { databaseDriver, db } from "./index";
import { asOneRoundTrip } from "./round-trips";

/** A write statement for `writeTogether`: a drizzle builder on `db()`, not run yet (no `.run()`, `.all()` or await). */
export type Write = BatchItem<"sqlite">;

/**
 * Writes that each decide by themselves (an upsert, a conditional update), sent together: on libSQL one `batch`, a
 * transaction in one round trip (against Turso, one request instead of one per statement); on better-sqlite3 the
 * statements in one synchronous transaction, counted as the one round trip libSQL pays (db/round-trips.ts). All or
 * none of them is applied, in the order given. Never holds a transaction across anything but these statements.
 */
export async function writeTogether(writes: readonly Write[]): Promise<void> {
  if (writes.length === 0) return;
  if (databaseDriver() === "libsql") {
    await (db() as unknown as LibSQLDatabase<Record<string, never>>).batch(writes as unknown as [Write, ...Write[]]);
    return;
  }
  // better-sqlite3 answers synchronously: the transaction commits before this line returns.
  asOneRoundTrip(() =>
    (db() as unknown as BetterSQLite3Database<Record<string, never>>).transaction(() => {
      for (const write of writes) (write as unknown as { run(): unknown }).run();
    }),
  );
}
