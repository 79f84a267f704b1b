import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { CallbackAttempt, CallbackKind, JobKind, JobPayload, JobRecord } from "../records";

// The kernel's bookkeeping: meta (clock, token secret), scheduled jobs, every call to the merchant, persisted faults.
// Each API's own objects are documents (kernel/documents.ts).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, due_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending', order_id TEXT, session_id TEXT, attempt INTEGER NOT NULL,
  payload TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (status, due_at, id);
CREATE INDEX IF NOT EXISTS jobs_order ON jobs (order_id);
CREATE TABLE IF NOT EXISTS callback_attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, order_id TEXT, session_id TEXT, url TEXT NOT NULL,
  attempt INTEGER NOT NULL, at INTEGER NOT NULL, wall_at INTEGER NOT NULL, status INTEGER,
  latency_ms INTEGER NOT NULL, error TEXT);
CREATE INDEX IF NOT EXISTS attempts_order ON callback_attempts (order_id);
CREATE INDEX IF NOT EXISTS attempts_session ON callback_attempts (session_id);
CREATE TABLE IF NOT EXISTS faults (id INTEGER PRIMARY KEY AUTOINCREMENT, data TEXT NOT NULL);
`;

interface JobRow {
  id: number;
  kind: JobKind;
  due_at: number;
  status: JobRecord["status"];
  order_id: string | null;
  session_id: string | null;
  attempt: number;
  payload: string;
}

/** Opens (and creates) the simulator's SQLite database; every query the simulator runs is prepared here once. */
export function openDatabase(dbPath: string) {
  if (dbPath !== ":memory:") mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  const db = new Database(dbPath);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.exec(SCHEMA);
  return new Repository(db);
}

export class Repository {
  readonly db: Database.Database;
  private readonly s;

  constructor(db: Database.Database) {
    this.db = db;
    this.s = {
      getMeta: db.prepare<[string], { value: string }>("SELECT value FROM meta WHERE key = ?"),
      setMeta: db.prepare<[string, string]>(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ),
      insertJob: db.prepare<[JobKind, number, string | null, string | null, number, string]>(
        "INSERT INTO jobs (kind, due_at, order_id, session_id, attempt, payload) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      nextDueJob: db.prepare<[number], JobRow>(
        "SELECT * FROM jobs WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT 1",
      ),
      dueJobs: db.prepare<[number], JobRow>("SELECT * FROM jobs WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, id"),
      claimJob: db.prepare<[number]>("UPDATE jobs SET status = 'running' WHERE id = ? AND status = 'pending'"),
      finishJob: db.prepare<[string, number]>("UPDATE jobs SET status = ? WHERE id = ?"),
      cancelOrderJobs: db.prepare<[string, JobKind]>(
        "UPDATE jobs SET status = 'cancelled' WHERE order_id = ? AND kind = ? AND status = 'pending'",
      ),
      requeueRunningJobs: db.prepare("UPDATE jobs SET status = 'pending' WHERE status = 'running'"),
      pendingJobs: db.prepare<[number], JobRow>("SELECT * FROM jobs WHERE status = 'pending' ORDER BY due_at, id LIMIT ?"),
      countPendingJobs: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM jobs WHERE status = 'pending'"),
      pendingJobsFor: db.prepare<[string, string], JobRow>(
        "SELECT * FROM jobs WHERE status = 'pending' AND (order_id = ? OR session_id = ?) ORDER BY due_at, id",
      ),
      insertAttempt: db.prepare<
        [CallbackKind, string | null, string | null, string, number, number, number, number | null, number, string | null]
      >(
        `INSERT INTO callback_attempts (kind, order_id, session_id, url, attempt, at, wall_at, status, latency_ms, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      attemptsFor: db.prepare<[string, string], CallbackAttempt>(
        "SELECT * FROM callback_attempts WHERE order_id = ? OR session_id = ? ORDER BY id",
      ),
      recentAttempts: db.prepare<[number], CallbackAttempt>("SELECT * FROM callback_attempts ORDER BY id DESC LIMIT ?"),
      listFaults: db.prepare<[], { id: number; data: string }>("SELECT id, data FROM faults ORDER BY id"),
      insertFault: db.prepare<[string]>("INSERT INTO faults (data) VALUES (?)"),
      updateFault: db.prepare<[string, number]>("UPDATE faults SET data = ? WHERE id = ?"),
      deleteFault: db.prepare<[number]>("DELETE FROM faults WHERE id = ?"),
      deleteFaults: db.prepare("DELETE FROM faults"),
    };
  }

  /** The secret that signs client tokens: per database, so tokens survive a restart. */
  signingSecret(): string {
    const existing = this.s.getMeta.get("signing_secret");
    if (existing) return existing.value;
    const secret = randomBytes(32).toString("base64url");
    this.s.setMeta.run("signing_secret", secret);
    return secret;
  }

  getMeta(key: string): string | undefined {
    return this.s.getMeta.get(key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.s.setMeta.run(key, value);
  }













  insertJob(job: Omit<JobRecord, "id" | "status" | "kind">): number {
    const result = this.s.insertJob.run(
      job.payload.kind,
      job.due_at,
      job.order_id,
      job.session_id,
      job.attempt,
      JSON.stringify(job.payload),
    );
    return Number(result.lastInsertRowid);
  }

  nextDueJob(until: number): JobRecord | undefined {
    const row = this.s.nextDueJob.get(until);
    return row ? toJob(row) : undefined;
  }

  dueJobs(until: number): JobRecord[] {
    return this.s.dueJobs.all(until).map(toJob);
  }

  /** Marks a pending job as running; false if someone else took it first. */
  claimJob(id: number): boolean {
    return this.s.claimJob.run(id).changes === 1;
  }

  finishJob(id: number, status: "done" | "cancelled"): void {
    this.s.finishJob.run(status, id);
  }

  cancelOrderJobs(orderId: string, kind: JobKind): void {
    this.s.cancelOrderJobs.run(orderId, kind);
  }

  /** Jobs interrupted by a stop are run again: a callback that may not have been sent is sent. */
  requeueRunningJobs(): void {
    this.s.requeueRunningJobs.run();
  }

  pendingJobs(limit: number): JobRecord[] {
    return this.s.pendingJobs.all(limit).map(toJob);
  }

  countPendingJobs(): number {
    return this.s.countPendingJobs.get()?.n ?? 0;
  }

  pendingJobsFor(orderId: string, sessionId: string): JobRecord[] {
    return this.s.pendingJobsFor.all(orderId, sessionId).map(toJob);
  }

  insertAttempt(attempt: Omit<CallbackAttempt, "id">): void {
    this.s.insertAttempt.run(
      attempt.kind,
      attempt.order_id,
      attempt.session_id,
      attempt.url,
      attempt.attempt,
      attempt.at,
      attempt.wall_at,
      attempt.status,
      attempt.latency_ms,
      attempt.error,
    );
  }

  attemptsFor(orderId: string, sessionId: string): CallbackAttempt[] {
    return this.s.attemptsFor.all(orderId, sessionId);
  }

  recentAttempts(limit: number): CallbackAttempt[] {
    return this.s.recentAttempts.all(limit);
  }



  listFaults(): { id: number; data: string }[] {
    return this.s.listFaults.all();
  }

  insertFault(data: string): number {
    return Number(this.s.insertFault.run(data).lastInsertRowid);
  }

  updateFault(id: number, data: string): void {
    this.s.updateFault.run(data, id);
  }

  deleteFault(id: number): void {
    this.s.deleteFault.run(id);
  }

  deleteFaults(): void {
    this.s.deleteFaults.run();
  }





  /** Wipes every scheduled job and recorded call; keeps the signing secret and the clock. */
  reset(): void {
    this.db.exec("DELETE FROM jobs; DELETE FROM callback_attempts;");
  }

  close(): void {
    this.db.close();
  }
}


function toJob(row: JobRow): JobRecord {
  return { ...row, payload: JSON.parse(row.payload) as JobPayload };
}
