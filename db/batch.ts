import type { BatchItem } from "drizzle-orm/batch";
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import { databaseDriver, db } from "./index";
import { asOneRoundTrip } from "./round-trips";

/**
 * One read of several that `readTogether` sends at once: the query as a drizzle builder (libSQL sends the builders
 * in one `batch`, one round trip), and the same read through the statement prepared once (better-sqlite3 runs those
 * one after the other, synchronously, with no network between them).
 */
export interface Read<Row> {
  query: () => BatchItem<"sqlite">;
  prepared: () => Row[] | Promise<Row[]>;
}

type Rows<Reads> = { [K in keyof Reads]: Reads[K] extends Read<infer Row> ? Row[] : never };

/**
 * Independent reads in one database round trip: a libSQL `batch` (against Turso, one request instead of one per
 * statement), and on better-sqlite3 the prepared statements back to back, counted as one round trip as libSQL would
 * pay (db/round-trips.ts). Each read gives its rows, in the order given.
 */
export async function readTogether<Reads extends readonly Read<unknown>[]>(...reads: Reads): Promise<Rows<Reads>> {
  if (databaseDriver() === "libsql") {
    const queries = reads.map((read) => read.query()) as unknown as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]];
    return (await (db() as unknown as LibSQLDatabase<Record<string, never>>).batch(queries)) as unknown as Rows<Reads>;
  }
  // better-sqlite3 answers synchronously: all of it runs before this line returns.
  return asOneRoundTrip(() => reads.map((read) => read.prepared() as unknown[])) as unknown as Rows<Reads>;
}
