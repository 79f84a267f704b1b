import "server-only";
import { createClient, type Client, type Transaction } from "@libsql/client";
import Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import { drizzle as drizzleBetterSqlite, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate as migrateBetterSqlite } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as drizzleLibsql, type LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate as migrateLibsql } from "drizzle-orm/libsql/migrator";
import type { BaseSQLiteDatabase, SQLiteColumn } from "drizzle-orm/sqlite-core";
import fs from "node:fs";
import path from "node:path";
import { isLocalRun } from "./local-run";
import { env } from "@/lib/env";
import { inSpan, tracingEnabled } from "@/lib/observability/tracing";
import journal from "./migrations/meta/_journal.json";
import * as schema from "./schema";
import { countBetterSqliteRoundTrips, countedTransaction, libsqlLatencyMs, roundTrip } from "./round-trips";
import { seedIfEmpty } from "./seed";
import type { Unit } from "./unit";

type Schema = typeof schema;

/**
 * The database as every plain query sees it, whichever driver is behind it: better-sqlite3 answers at once, libSQL
 * with a promise, so a query is always awaited (`await db().select()…`, `await db().select()….get()`). Only the
 * atomic units (db/units.ts, written as db/unit.ts says) open transactions, through `atomically` below.
 */
export type Db = BaseSQLiteDatabase<"sync" | "async", unknown, Schema>;

export type Driver = "better-sqlite3" | "libsql";

/**
 * Which driver a DATABASE_URL selects. A plain path or `:memory:` is the embedded better-sqlite3 file (nothing to set
 * up); `file:` is a local libSQL file, and `libsql:`, `https:`, `http:` (`turso dev`), `wss:`/`ws:` a libSQL server
 * such as Turso, with DATABASE_AUTH_TOKEN. `file:` belongs to libSQL so that the same client and drizzle driver as
 * against Turso can be exercised locally; drop the prefix to get better-sqlite3.
 */
export function databaseTarget(url: string): { driver: Driver; location: string } {
  if (url === ":memory:") return { driver: "better-sqlite3", location: url };
  if (/^(file|libsql|https?|wss?):/i.test(url)) return { driver: "libsql", location: url };
  // A drive letter (C:\…) is a path; any other scheme is a mistake worth saying so.
  if (/^[a-z][a-z0-9+.-]+:/i.test(url)) {
    throw new Error(
      `DATABASE_URL ${url.split(":")[0]}: is not supported: use a file path (better-sqlite3), file:, libsql:// or https:// (libSQL).`,
    );
  }
  return { driver: "better-sqlite3", location: path.resolve(/*turbopackIgnore: true*/ process.cwd(), url) };
}

type BetterSqliteConnection = { driver: "better-sqlite3"; location: string; db: BetterSQLite3Database<Schema> };
type LibsqlConnection = {
  driver: "libsql";
  location: string;
  /** For the store: every statement waits until the database is prepared (see `open`). */
  db: LibSQLDatabase<Schema>;
  /** For preparing it (migrations, seed) and `npm run db:migrate`: not gated. */
  raw: LibSQLDatabase<Schema>;
};
type Connection = (BetterSqliteConnection | LibsqlConnection) & {
  /** Resolves once the database is migrated and seeded (local run) or checked (deployment); rejects if it is not. */
  ready: () => Promise<void>;
  close: () => void;
};

// One connection per process; in development it survives hot reloads on globalThis.
const holder = globalThis as typeof globalThis & { __storeDb?: Connection };

const MIGRATIONS = path.join(/*turbopackIgnore: true*/ process.cwd(), "db/migrations");

/** How long a writer waits for another connection's (or instance's) write lock before giving up. */
const BUSY_TIMEOUT_MS = 5_000;

/** The client calls that run statements: each waits for the database to be ready. */
const STATEMENT_CALLS = new Set<PropertyKey>(["execute", "batch", "migrate", "transaction", "executeMultiple"]);

function open(url: string): Connection {
  const { driver, location } = databaseTarget(url);
  if (driver === "better-sqlite3") {
    if (location !== ":memory:") fs.mkdirSync(path.dirname(location), { recursive: true });
    const sqlite = new Database(location);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("synchronous = NORMAL");
    countBetterSqliteRoundTrips(sqlite);
    const current: BetterSqliteConnection = { driver, location, db: drizzleBetterSqlite(sqlite, { schema }) };
    // better-sqlite3 is prepared at once, synchronously, so `db()` is ready to use the moment it returns.
    let outcome: Promise<void>;
    try {
      prepareBetterSqlite(current);
      outcome = Promise.resolve();
    } catch (error) {
      sqlite.close();
      throw error;
    }
    return { ...current, ready: () => outcome, close: () => sqlite.close() };
  }

  const file = location.match(/^file:(?!:memory:)([^?]+)/i)?.[1];
  if (file) fs.mkdirSync(path.dirname(path.resolve(/*turbopackIgnore: true*/ process.cwd(), file)), { recursive: true });
  // `timeout` is the busy timeout of local files; libSQL turns foreign keys on by itself.
  const client = createClient({ url: location, authToken: env().DATABASE_AUTH_TOKEN, timeout: BUSY_TIMEOUT_MS });
  const raw = drizzleLibsql(client, { schema });
  let preparing: Promise<void> | undefined;
  const ready = () => (preparing ??= prepareLibsql({ driver, location, db: raw, raw }));
  return { driver, location, db: drizzleLibsql(gatedClient(client, ready, Boolean(file)), { schema }), raw, ready, close: () => client.close() };
}

/**
 * The client the store's queries use. Preparing libSQL is asynchronous but `db()` is not, so every statement waits
 * until the database is ready, whichever comes first (the server awaits it before its first request; a test or a
 * script just queries).
 *
 * On a local file, writes are also taken one at a time within the process. The file driver is synchronous: a
 * write that meets another connection's lock waits for it (busy timeout) without letting the event loop run, so
 * if the lock's holder is a transaction of this same process, between two of its statements, it can never finish:
 * both wait, and the writer fails with SQLITE_BUSY. Queued here instead, writes of one process never meet each
 * other's locks; those of other processes sharing the file are met by the busy timeout. Reads go straight through,
 * as WAL lets them. A libSQL server (Turso) orders concurrent writers itself.
 */
function gatedClient(client: Client, ready: () => Promise<void>, serializeWrites: boolean): Client {
  let queue: Promise<void> = Promise.resolve();
  /** Waits for this process's writes before it, and returns the function that lets the next one go. */
  const takeWriteTurn = async (): Promise<() => void> => {
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const before = queue;
    queue = before.then(() => done);
    await before;
    return release;
  };
  const isRead = (statement: unknown) => {
    const text = typeof statement === "string" ? statement : (statement as { sql?: unknown } | null)?.sql;
    return typeof text === "string" && /^\s*select\b/i.test(text);
  };

  // Each call is one round trip, counted (db/round-trips.ts), and delayed by BENCH_DB_LATENCY_MS when a bench sets it.
  const latency = libsqlLatencyMs();
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (!STATEMENT_CALLS.has(property)) return value.bind(target);
      const call = async (args: unknown[]) => {
        const result = await roundTrip(latency, () => value.apply(target, args) as Promise<unknown>);
        return property === "transaction" ? countedTransaction(result as Transaction, latency) : result;
      };
      return async (...args: unknown[]) => {
        await ready();
        const reads = property === "execute" ? isRead(args[0]) : property === "batch" && Array.isArray(args[0]) && args[0].every(isRead);
        if (!serializeWrites || reads) return call(args);
        const release = await takeWriteTurn();
        if (property !== "transaction") {
          try {
            return await call(args);
          } finally {
            release();
          }
        }
        // A transaction keeps the turn until it commits, rolls back or is closed.
        try {
          const transaction = (await call(args)) as Transaction;
          return new Proxy(transaction, {
            get(tx, name) {
              const member: unknown = Reflect.get(tx, name, tx);
              if (typeof member !== "function") return member;
              if (name !== "commit" && name !== "rollback" && name !== "close") return member.bind(tx);
              return (...memberArgs: unknown[]) => {
                const result: unknown = member.apply(tx, memberArgs);
                if (result instanceof Promise) return result.finally(release);
                release();
                return result;
              };
            },
          });
        } catch (error) {
          release();
          throw error;
        }
      };
    },
  });
}

function connection(): Connection {
  const url = env().DATABASE_URL;
  if (!holder.__storeDb || holder.__storeDb.location !== databaseTarget(url).location) {
    holder.__storeDb?.close();
    holder.__storeDb = undefined;
    holder.__storeDb = open(url);
  }
  return holder.__storeDb;
}

export function db(): Db {
  return connection().db;
}

/** The driver behind the store's database, for the rare write that is done differently on each. */
export function databaseDriver(): Driver {
  return connection().driver;
}

/**
 * A statement built and prepared once per connection, with `sql.placeholder` for its values, instead of drizzle
 * building the SQL and the driver preparing it on every call. For the statements every callback runs.
 */
export function prepared<T>(build: (database: Db) => T): () => T {
  const statements = new WeakMap<Db, T>();
  return () => {
    const database = db();
    let statement = statements.get(database);
    if (statement === undefined) statements.set(database, (statement = build(database)));
    return statement;
  };
}

/**
 * `column IN (the values of a JSON array)`, for a prepared statement whose list varies in length: bind the array
 * with `JSON.stringify` to the placeholder `name`.
 */
export function inJsonArray(column: SQLiteColumn, name: string): SQL {
  return sql`${column} in (select value from json_each(${sql.placeholder(name)}))`;
}

/**
 * Opens the database and waits until it is ready: migrated and seeded on a local run, checked when deployed. The
 * server awaits it before its first request (instrumentation.ts), so a deployment that skipped its migrations
 * fails at start and says why.
 */
export function prepareDatabase(): Promise<void> {
  return connection().ready();
}

/**
 * A database on a libSQL server (Turso) is shared by every instance of a deployment, so a deployed store never
 * migrates or seeds it at request time, where instances would race: `npm run db:migrate` (and, for the demo
 * catalogue, `npm run db:seed`) run on deploy, and the store only checks that they did. A database the store owns
 * alone (in memory, a local file) and any local run are migrated, and an empty catalogue seeded, on open, so
 * `npm start` needs no set-up.
 */
function migratesOnOpen(location: string): boolean {
  return isLocalRun(env().STORE_URL) || !isHosted(location);
}

/** A database on a libSQL server (Turso, `turso dev`), rather than one in memory or in a local file. */
function isHosted(location: string): boolean {
  return /^(libsql|https?|wss?):/i.test(location);
}

const LAST_MIGRATION = sql`select created_at from __drizzle_migrations order by created_at desc limit 1`;

/** A deployed store refuses to start on a database that `npm run db:migrate` has not brought up to date. */
function assertMigrated(rows: readonly { created_at: number | string }[]): void {
  const newest = journal.entries.at(-1);
  if (newest && Number(rows[0]?.created_at ?? 0) < newest.when) {
    throw new Error(
      `The database at DATABASE_URL is not migrated to ${newest.tag}: run \`npm run db:migrate\` with the ` +
        "deployment's DATABASE_URL (TURSO_DATABASE_URL also works). A production Vercel build does it, through " +
        "`vercel-build`; a preview build migrates only with MIGRATE_PREVIEW_DATABASE=1 (docs/deploy.md).",
    );
  }
}

function prepareBetterSqlite(current: BetterSqliteConnection): void {
  if (migratesOnOpen(current.location)) {
    migrateBetterSqlite(current.db, { migrationsFolder: MIGRATIONS });
    runUnit(current, seedIfEmpty(false));
    return;
  }
  let rows: { created_at: number }[] = [];
  try {
    rows = current.db.all<{ created_at: number }>(LAST_MIGRATION);
  } catch {
    // No migrations table: never migrated.
  }
  assertMigrated(rows);
}

async function prepareLibsql(current: LibsqlConnection): Promise<void> {
  // WAL is a property of the file, kept once set: readers do not wait for the writer.
  // In WAL mode, NORMAL syncs at checkpoints rather than at every commit, as on better-sqlite3: a crash of the
  // process loses nothing, a power cut at most the last commits. The pragma belongs to a connection: this sets it
  // on the one the client keeps idle, which serves the statements outside transactions; a connection the file
  // driver opens later for a transaction keeps SQLite's FULL.
  if (/^file:(?!:memory:)/i.test(current.location)) {
    await current.raw.run(sql`pragma journal_mode = WAL`);
    await current.raw.run(sql`pragma synchronous = NORMAL`);
  }
  if (migratesOnOpen(current.location)) {
    await migrateLibsql(current.raw, { migrationsFolder: MIGRATIONS });
    await runUnit({ ...current, db: current.raw }, seedIfEmpty(isHosted(current.location)));
    return;
  }
  // No migrations table: never migrated.
  const rows = await current.raw.all<{ created_at: number }>(LAST_MIGRATION).catch(() => []);
  assertMigrated(rows);
}

/**
 * Applies pending migrations whatever the kind of run: what `npm run db:migrate` does on deploy. It opens its own
 * connection, since the store's would first check the very migrations this applies.
 */
export async function migrateDatabase(url = env().DATABASE_URL): Promise<{ driver: Driver; location: string }> {
  const target = databaseTarget(url);
  if (target.driver === "better-sqlite3") {
    if (target.location !== ":memory:") fs.mkdirSync(path.dirname(target.location), { recursive: true });
    const sqlite = new Database(target.location);
    try {
      sqlite.pragma("journal_mode = WAL");
      migrateBetterSqlite(drizzleBetterSqlite(sqlite, { schema }), { migrationsFolder: MIGRATIONS });
    } finally {
      sqlite.close();
    }
    return target;
  }
  const client = createClient({ url: target.location, authToken: env().DATABASE_AUTH_TOKEN, timeout: BUSY_TIMEOUT_MS });
  try {
    await migrateLibsql(drizzleLibsql(client, { schema }), { migrationsFolder: MIGRATIONS });
  } finally {
    client.close();
  }
  return target;
}

export function closeDatabase(): void {
  holder.__storeDb?.close();
  holder.__storeDb = undefined;
}

/**
 * Runs one atomic unit of work. A unit is a generator that yields each statement's result through `step`, so the
 * same code runs on both drivers: on better-sqlite3 inside a synchronous transaction (an await would let its
 * commit happen early), on libSQL inside a write transaction (`BEGIN IMMEDIATE`: it takes the write lock first,
 * so two instances on one database run their units one after the other). A unit never calls a provider: the
 * transaction holds the database's only write lock while it runs.
 */
export async function atomically<T>(unit: Unit<T>, name = unit.name || "unit"): Promise<T> {
  // On better-sqlite3 the whole transaction runs before this async function first yields.
  if (!tracingEnabled()) return runUnit(connection(), unit);
  // A span per unit when tracing is on (lib/observability/tracing.ts), named for what it does.
  return inSpan(`db.unit ${name}`, { "db.system": "sqlite", "db.driver": connection().driver }, async () =>
    runUnit(connection(), unit),
  );
}

function runUnit<T>(current: BetterSqliteConnection | LibsqlConnection, unit: Unit<T>): T | Promise<T> {
  if (current.driver === "better-sqlite3") return current.db.transaction((tx) => runSync(unit(tx)));
  return current.db.transaction(async (tx) => {
    const steps = unit(tx);
    let next = steps.next();
    while (!next.done) next = steps.next(await next.value);
    return next.value;
  });
}

function runSync<T>(steps: Generator<unknown, T, unknown>): T {
  let next = steps.next();
  while (!next.done) {
    if (isThenable(next.value)) {
      // A query builder yielded without .get()/.all()/.run() would never run on better-sqlite3.
      throw new Error("An atomic unit yielded a promise on better-sqlite3: end each statement with .get(), .all() or .run().");
    }
    next = steps.next(next.value);
  }
  return next.value;
}

function isThenable(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}
