import type Database from "better-sqlite3";

/**
 * The simulator's one storage style: every API keeps its objects as JSON documents in one table, keyed by the API,
 * the kind of object and its id, with a creation time (virtual) for "newest first" and one optional lookup key
 * (`ref`: the session of an order, the payment of an action…). The kernel's own bookkeeping (meta, jobs, callback
 * attempts, persisted faults) sits beside it in kernel/database.ts. The database is recreated per run: nothing
 * migrates an older simulator file.
 */
export const DOCUMENTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  api TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, created_at INTEGER NOT NULL, ref TEXT, data TEXT NOT NULL,
  PRIMARY KEY (api, kind, id));
CREATE INDEX IF NOT EXISTS documents_recent ON documents (api, kind, created_at);
CREATE INDEX IF NOT EXISTS documents_ref ON documents (api, kind, ref);
`;

type Row = { data: string };

/** One API's documents; `Kinds` maps each kind to its record type. */
export class DocumentStore<Kinds extends object> {
  private readonly s;

  constructor(
    readonly db: Database.Database,
    readonly api: string,
  ) {
    db.exec(DOCUMENTS_SCHEMA);
    this.s = {
      insert: db.prepare<[string, string, string, number, string | null, string]>(
        "INSERT OR IGNORE INTO documents (api, kind, id, created_at, ref, data) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      upsert: db.prepare<[string, string, string, number, string | null, string]>(
        `INSERT INTO documents (api, kind, id, created_at, ref, data) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (api, kind, id) DO UPDATE SET data = excluded.data, ref = excluded.ref`,
      ),
      update: db.prepare<[string, string, string, string]>("UPDATE documents SET data = ? WHERE api = ? AND kind = ? AND id = ?"),
      get: db.prepare<[string, string, string], Row>("SELECT data FROM documents WHERE api = ? AND kind = ? AND id = ?"),
      list: db.prepare<[string, string, number], Row>(
        "SELECT data FROM documents WHERE api = ? AND kind = ? ORDER BY created_at DESC, rowid DESC LIMIT ?",
      ),
      byRef: db.prepare<[string, string, string], Row>(
        "SELECT data FROM documents WHERE api = ? AND kind = ? AND ref = ? ORDER BY created_at, rowid",
      ),
      remove: db.prepare<[string, string, string]>("DELETE FROM documents WHERE api = ? AND kind = ? AND id = ?"),
      clear: db.prepare<[string, string]>("DELETE FROM documents WHERE api = ? AND kind = ?"),
    };
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** False when a document of this kind with this id exists already. */
  insert<K extends keyof Kinds & string>(kind: K, id: string, createdAt: number, data: Kinds[K], ref: string | null = null): boolean {
    return this.s.insert.run(this.api, kind, id, createdAt, ref, JSON.stringify(data)).changes === 1;
  }

  /** False when the id, or another document of this kind with the same `ref`, exists already (one order per session…). */
  insertUnique<K extends keyof Kinds & string>(kind: K, id: string, createdAt: number, data: Kinds[K], ref: string): boolean {
    return this.transaction(() => this.byRef(kind, ref).length === 0 && this.insert(kind, id, createdAt, data, ref));
  }

  /** Inserts, or replaces the data (and ref) of, a document; its creation time stays the first one. */
  put<K extends keyof Kinds & string>(kind: K, id: string, createdAt: number, data: Kinds[K], ref: string | null = null): void {
    this.s.upsert.run(this.api, kind, id, createdAt, ref, JSON.stringify(data));
  }

  /** Replaces a document's data; nothing happens when there is none. */
  update<K extends keyof Kinds & string>(kind: K, id: string, data: Kinds[K]): void {
    this.s.update.run(JSON.stringify(data), this.api, kind, id);
  }

  get<K extends keyof Kinds & string>(kind: K, id: string): Kinds[K] | undefined {
    const row = this.s.get.get(this.api, kind, id);
    return row ? (JSON.parse(row.data) as Kinds[K]) : undefined;
  }

  /** Newest first. */
  list<K extends keyof Kinds & string>(kind: K, limit = 100): Kinds[K][] {
    return this.s.list.all(this.api, kind, limit).map((row) => JSON.parse(row.data) as Kinds[K]);
  }

  /** The documents of a kind with this lookup key, oldest first. */
  byRef<K extends keyof Kinds & string>(kind: K, ref: string): Kinds[K][] {
    return this.s.byRef.all(this.api, kind, ref).map((row) => JSON.parse(row.data) as Kinds[K]);
  }

  remove(kind: keyof Kinds & string, id: string): boolean {
    return this.s.remove.run(this.api, kind, id).changes === 1;
  }

  /** Deletes every document of these kinds. */
  clear(kinds: readonly (keyof Kinds & string)[]): void {
    this.transaction(() => {
      for (const kind of kinds) this.s.clear.run(this.api, kind);
    });
  }
}
