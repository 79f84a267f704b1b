import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { SQLiteTransaction } from "drizzle-orm/sqlite-core";
import type * as schema from "./schema";

type Schema = typeof schema;

/** The transaction a unit runs in: better-sqlite3's (results at once) or libSQL's (results as promises). */
export type UnitTx = SQLiteTransaction<"sync" | "async", unknown, Schema, ExtractTablesWithRelations<Schema>>;

/**
 * An atomic unit of work, run by `atomically` (db/index.ts): a generator that yields every statement's result
 * through `step`, and so runs unchanged inside better-sqlite3's synchronous transaction and libSQL's asynchronous
 * one. End every statement with `.get()`, `.all()` or `.run()`, and decide on what statements return (a
 * `.returning()` row), never on `.run()`'s result, whose shape differs between the drivers.
 */
export type Unit<T> = (tx: UnitTx) => Generator<unknown, T, unknown>;

/**
 * One statement inside a unit: `const row = yield* step(tx.select()….get())`. Typed so that `row` is the
 * statement's result on either driver.
 */
export function* step<T>(result: T | Promise<T>): Generator<T | Promise<T>, T, unknown> {
  return (yield result) as T;
}
