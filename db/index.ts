import "server-only";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import * as schema from "./schema";
import { seedIfEmpty } from "./seed";

export type Db = BetterSQLite3Database<typeof schema>;

interface Connection {
  db: Db;
  sqlite: Database.Database;
  file: string;
}

// One connection per process; in development it survives hot reloads on globalThis.
const holder = globalThis as typeof globalThis & { __storeDb?: Connection };

export function databaseFile(url = env().DATABASE_URL): string {
  const file = url.replace(/^file:/, "");
  return file === ":memory:" ? file : path.resolve(/*turbopackIgnore: true*/ process.cwd(), file);
}

/** Opens a database, applies pending migrations and seeds the catalogue if it is empty. */
export function openDatabase(file: string): Connection {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: path.join(/*turbopackIgnore: true*/ process.cwd(), "db/migrations") });
  seedIfEmpty(db);
  return { db, sqlite, file };
}

export function connection(): Connection {
  const file = databaseFile();
  if (!holder.__storeDb || holder.__storeDb.file !== file) holder.__storeDb = openDatabase(file);
  return holder.__storeDb;
}

export function db(): Db {
  return connection().db;
}
