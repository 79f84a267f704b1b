import type Database from "better-sqlite3";
import type {
  DeliveryRecord,
  PaymentRequestRecord,
  SigningKeyRecord,
  TransactionRecord,
  WebhookRecord,
} from "./records";

/** One document table for this API's objects, created beside the core's tables in the simulator's database. */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS kn_documents (
  kind TEXT NOT NULL, id TEXT NOT NULL, created_at INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (kind, id));
CREATE INDEX IF NOT EXISTS kn_documents_recent ON kn_documents (kind, created_at);
`;

interface Kinds {
  request: PaymentRequestRecord;
  transaction: TransactionRecord;
  signing_key: SigningKeyRecord;
  webhook: WebhookRecord;
  delivery: DeliveryRecord;
  /** A confirmation, session or customer token, pointing at what it belongs to. */
  token: { token: string; payment_request_id?: string; customer_token?: CustomerTokenRecord };
  /** A stored answer for a Klarna-Idempotency-Key (24 h). */
  idempotency: { fingerprint: string; created_at: number; status: number; body: string };
}

export interface CustomerTokenRecord {
  customer_token_id: string;
  customer_token_reference?: string;
  scopes: string[];
  email: string;
  account_id: string | null;
  created_at: number;
}

type Kind = keyof Kinds;

export class KnStore {
  private readonly s;

  constructor(db: Database.Database) {
    db.exec(SCHEMA);
    this.s = {
      insert: db.prepare<[string, string, number, string]>(
        "INSERT OR IGNORE INTO kn_documents (kind, id, created_at, data) VALUES (?, ?, ?, ?)",
      ),
      upsert: db.prepare<[string, string, number, string]>(
        `INSERT INTO kn_documents (kind, id, created_at, data) VALUES (?, ?, ?, ?)
         ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data`,
      ),
      get: db.prepare<[string, string], { data: string }>("SELECT data FROM kn_documents WHERE kind = ? AND id = ?"),
      list: db.prepare<[string, number], { data: string }>(
        "SELECT data FROM kn_documents WHERE kind = ? ORDER BY created_at DESC, rowid DESC LIMIT ?",
      ),
      remove: db.prepare<[string, string]>("DELETE FROM kn_documents WHERE kind = ? AND id = ?"),
      reset: db.prepare("DELETE FROM kn_documents WHERE kind NOT IN ('signing_key')"),
    };
  }

  /** False when a document with this id exists already (the unique key decides). */
  insert<K extends Kind>(kind: K, id: string, createdAt: number, data: Kinds[K]): boolean {
    return this.s.insert.run(kind, id, createdAt, JSON.stringify(data)).changes === 1;
  }

  put<K extends Kind>(kind: K, id: string, createdAt: number, data: Kinds[K]): void {
    this.s.upsert.run(kind, id, createdAt, JSON.stringify(data));
  }

  get<K extends Kind>(kind: K, id: string): Kinds[K] | undefined {
    const row = this.s.get.get(kind, id);
    return row ? (JSON.parse(row.data) as Kinds[K]) : undefined;
  }

  list<K extends Kind>(kind: K, limit = 100): Kinds[K][] {
    return this.s.list.all(kind, limit).map((row) => JSON.parse(row.data) as Kinds[K]);
  }

  remove(kind: Kind, id: string): boolean {
    return this.s.remove.run(kind, id).changes === 1;
  }

  /** Wipes requests, transactions, webhooks and deliveries; signing keys stay, as the store holds their secrets. */
  reset(): void {
    this.s.reset.run();
  }
}
