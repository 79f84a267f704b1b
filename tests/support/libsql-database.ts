import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { closeDatabase } from "@/db";

// The libSQL project (vitest.config.ts): each test file gets its own libSQL `file:` database, through the same
// @libsql/client and drizzle driver as against Turso. A file rather than `:memory:`, which libSQL keeps to one
// connection, so transactions that race in a test race as they would on a server. Set before any store code reads
// the environment; the store migrates and seeds it on first use, as a local run does.
const directory = mkdtempSync(path.join(tmpdir(), "store-libsql-"));
process.env.DATABASE_URL = `file:${path.join(directory, "store.db")}`;

afterAll(() => {
  closeDatabase();
  rmSync(directory, { recursive: true, force: true });
});
