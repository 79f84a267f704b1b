import type { Client, InArgs } from "@libsql/client";
import { fillPlaceholders, getTableColumns, is, sql, SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type BetterSqlite from "better-sqlite3";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import { SQLiteSyncDialect, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { inSpan, tracingEnabled } from "@/lib/observability/tracing";
import { databaseDriver, db, prepared } from "./index";
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

/**
 * One statement of a write batch (`writeTogether`): a drizzle query builder (insert, update, delete, select, each
 * with or without `.returning()`), or a raw `sql` statement that returns no rows (an `INSERT … SELECT`, say).
 */
export type WriteStatement = BatchItem<"sqlite"> | SQL;

/** The part of drizzle's prepared query a batch uses (what drizzle's own libSQL `batch` calls). */
interface BatchPrepared {
  executeMethod: "run" | "all" | "get" | "values";
  getQuery(): { sql: string; params: unknown[] };
  mapResult(result: unknown, isFromBatch: boolean): unknown;
  run(): unknown;
  all(): unknown;
  get(): unknown;
  values(): unknown;
}

/**
 * Statements that must all happen or none, in one database round trip: on libSQL one `batch` in write mode (the
 * client runs it as one `BEGIN IMMEDIATE … COMMIT` transaction, rolled back if any statement fails: against Turso,
 * one request instead of BEGIN, one per statement and COMMIT), and on better-sqlite3 the same statements back to back
 * in one immediate transaction, counted as one round trip as libSQL would pay (db/round-trips.ts).
 *
 * A batch cannot branch on what an earlier statement returned, so each statement decides by itself: an insert that
 * does nothing on a conflict, an update or insert guarded by a condition in its WHERE that reads what the earlier
 * statements wrote (they run in order, in one transaction). Each statement gives what it would give alone: rows for
 * a select or a `.returning()`, the driver's run result otherwise.
 */
export async function writeTogether(statements: readonly WriteStatement[], name = "batch"): Promise<unknown[]> {
  if (statements.length === 0) return [];
  if (!tracingEnabled()) return runTogether(statements);
  // A span per batch when tracing is on, named like an atomic unit's (db/index.ts `atomically`).
  return inSpan(`db.unit ${name}`, { "db.system": "sqlite", "db.driver": databaseDriver() }, () => runTogether(statements));
}

async function runTogether(statements: readonly WriteStatement[]): Promise<unknown[]> {
  if (databaseDriver() === "libsql") {
    const database = db() as unknown as LibSQLDatabase<Record<string, never>> & { $client: Client };
    const prepared = statements.map((statement) => asBatchItem(database, statement)._prepare() as unknown as BatchPrepared);
    const built = prepared.map((query) => {
      const { sql: text, params } = query.getQuery();
      return { sql: text, args: params as InArgs };
    });
    // The client proxy (db/index.ts) counts the batch as one round trip and queues it behind this process's writes.
    const results = await database.$client.batch(built, "write");
    return results.map((result, index) => prepared[index]!.mapResult(result, true));
  }
  const database = db() as unknown as BetterSQLite3Database<Record<string, never>>;
  // better-sqlite3 answers synchronously: the whole transaction runs before this line returns.
  return asOneRoundTrip(() =>
    database.transaction(
      () =>
        statements.map((statement) => {
          if (is(statement, SQL)) return database.run(statement);
          const query = (statement as unknown as { _prepare(): BatchPrepared })._prepare();
          return query[query.executeMethod]();
        }),
      { behavior: "immediate" },
    ),
  );
}

/**
 * An insert's rows as a `select` that gives them only while `condition` holds, for `insert(table).select(…)`: an
 * insert that decides by itself in a write batch (`INSERT … SELECT … WHERE`), say a row written only if the order
 * has the status the batch's guarded update set. Each row is what `.values()` would send: the columns in the table's
 * order, each value through its column's mapping to the driver (JSON, booleans), and a column's default (or null)
 * where the row leaves it out; `onConflictDoNothing()` and `.returning()` work as on `.values()`. Every term has its
 * WHERE, which SQLite needs before an upsert clause.
 */
export function rowsWhere<Table extends SQLiteTable>(table: Table, rows: readonly Table["$inferInsert"][], condition: SQL): SQL {
  // The columns drizzle's insert lists, in its order: all but generated ones (drizzle's `shouldDisableInsert`).
  const columns = Object.entries(getTableColumns(table)).filter(([, column]) => column.generated === undefined || column.generated.type === "byDefault");
  const selects = rows.map((row) => {
    const values = columns.map(([key, column]) => {
      const value = (row as Record<string, unknown>)[key];
      if (value !== undefined) return is(value, SQL) ? value : sql.param(value, column);
      if (column.default !== undefined && column.default !== null) return is(column.default, SQL) ? column.default : sql.param(column.default, column);
      const make = column.defaultFn ?? column.onUpdateFn;
      if (make === undefined) return sql`null`;
      const made = make();
      return is(made, SQL) ? made : sql.param(made, column);
    });
    return sql`select ${sql.join(values, sql`, `)} where ${condition}`;
  });
  return sql.join(selects, sql` union all `);
}

function asBatchItem(database: LibSQLDatabase<Record<string, never>>, statement: WriteStatement): { _prepare(): unknown } {
  return (is(statement, SQL) ? database.run(statement) : statement) as unknown as { _prepare(): unknown };
}

/**
 * One statement whose SQL is built once, for a request that runs often (a callback): a read, or a write that decides by
 * itself (an `INSERT … ON CONFLICT … RETURNING`), with `sql.placeholder`s, run with their values in one round trip on
 * either driver, its rows as arrays of column values in the order selected or returned (read them by index: on libSQL
 * a row is array-like, not an array). Nothing is built or mapped per call: no query builder, no row mapping, and on
 * better-sqlite3 the statement is prepared once per connection. On libSQL the text is sent as it is; a single
 * statement needs no `batch`, so the file client compiles just it (no BEGIN and COMMIT around it), and a write goes
 * through the client's queue of this process's writes (db/index.ts) as any other.
 *
 * `with(values, ...reads)` runs it and then the given reads (`Read`s, as `readTogether` takes them) in the same round
 * trip, and gives its rows and theirs: on libSQL one `batch` (in write mode, one transaction, when the statement is not
 * a `select`), on better-sqlite3 the statements back to back.
 */
export interface FixedStatement {
  (values: Record<string, unknown>): Promise<unknown[][]>;
  with<Reads extends readonly Read<unknown>[]>(values: Record<string, unknown>, ...reads: Reads): Promise<[unknown[][], ...Rows<Reads>]>;
}

export function fixedStatement(statement: SQL): FixedStatement {
  const { sql: text, params } = new SQLiteSyncDialect().sqlToQuery(statement);
  const isRead = /^\s*select\b/i.test(text);
  const preparedOnce = prepared((database) =>
    (database as unknown as { $client: BetterSqlite.Database }).$client.prepare(text).raw(true),
  );
  const libsql = () => (db() as unknown as { $client: Client }).$client;
  const run = async (values: Record<string, unknown>) => {
    const args = fillPlaceholders(params, values);
    // Each libSQL row is indexed by column position as well as by name (an array-like, not an array).
    if (databaseDriver() === "libsql") return (await libsql().execute({ sql: text, args: args as InArgs })).rows as unknown as unknown[][];
    return preparedOnce().all(...args) as unknown[][];
  };
  const withReads = async <Reads extends readonly Read<unknown>[]>(values: Record<string, unknown>, ...reads: Reads) => {
    if (reads.length === 0) return [await run(values)] as unknown as [unknown[][], ...Rows<Reads>];
    const args = fillPlaceholders(params, values);
    if (databaseDriver() === "libsql") {
      const prepared = reads.map((read) => (read.query() as unknown as { _prepare(): BatchPrepared })._prepare());
      const built = [{ sql: text, args: args as InArgs }, ...prepared.map((query) => ({ sql: query.getQuery().sql, args: query.getQuery().params as InArgs }))];
      // The client proxy (db/index.ts) counts the batch as one round trip and queues a write batch behind this process's writes.
      const [own, ...results] = await libsql().batch(built, isRead ? "read" : "write");
      return [own!.rows as unknown as unknown[][], ...results.map((result, index) => prepared[index]!.mapResult(result, true))] as unknown as [unknown[][], ...Rows<Reads>];
    }
    // better-sqlite3 answers synchronously: all of it runs before this line returns.
    return asOneRoundTrip(() => [preparedOnce().all(...args) as unknown[][], ...reads.map((read) => read.prepared() as unknown[])]) as unknown as [unknown[][], ...Rows<Reads>];
  };
  return Object.assign(run, { with: withReads });
}
