import type Database from "better-sqlite3";
import type { ActionRecord, ContextRecord, DeliveryRecord, EventRecord, PaymentRecord, WorkflowRecord } from "./records";

// Checkout.com's own tables, beside Klarna's in the simulator's database; created where the routes are mounted.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS cko_contexts (id TEXT PRIMARY KEY, klarna_session_id TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cko_payments (id TEXT PRIMARY KEY, context_id TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cko_actions (id TEXT PRIMARY KEY, payment_id TEXT NOT NULL,
  requested_at INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS cko_actions_payment ON cko_actions (payment_id);
CREATE TABLE IF NOT EXISTS cko_events (id TEXT PRIMARY KEY, subject_id TEXT NOT NULL, created_at INTEGER NOT NULL,
  data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS cko_events_subject ON cko_events (subject_id);
CREATE TABLE IF NOT EXISTS cko_workflows (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cko_deliveries (id TEXT PRIMARY KEY, event_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cko_idempotency (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, created_at INTEGER NOT NULL,
  status INTEGER NOT NULL, body TEXT NOT NULL);
`;

type Table = "cko_contexts" | "cko_payments" | "cko_actions" | "cko_events" | "cko_workflows" | "cko_deliveries";

export interface StoredAnswer {
  fingerprint: string;
  created_at: number;
  status: number;
  body: string;
}

/** Every query of the Checkout.com simulator, prepared once. */
export class CheckoutComRepository {
  private readonly db: Database.Database;

  constructor(db: Database.Database) {
    this.db = db;
    db.exec(SCHEMA);
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  insertContext(context: ContextRecord): void {
    this.db
      .prepare("INSERT INTO cko_contexts (id, klarna_session_id, created_at, data) VALUES (?, ?, ?, ?)")
      .run(context.id, context.klarna_session_id, context.created_at, JSON.stringify(context));
  }

  saveContext(context: ContextRecord): void {
    this.update("cko_contexts", context.id, context);
  }

  getContext(id: string): ContextRecord | undefined {
    return this.get<ContextRecord>("cko_contexts", id);
  }

  contextForSession(sessionId: string): ContextRecord | undefined {
    const row = this.db.prepare<[string], { data: string }>("SELECT data FROM cko_contexts WHERE klarna_session_id = ?").get(sessionId);
    return row ? (JSON.parse(row.data) as ContextRecord) : undefined;
  }

  /** False when the context already has a payment: one context pays once. */
  insertPayment(payment: PaymentRecord): boolean {
    const result = this.db
      .prepare("INSERT OR IGNORE INTO cko_payments (id, context_id, created_at, data) VALUES (?, ?, ?, ?)")
      .run(payment.id, payment.context_id, payment.created_at, JSON.stringify(payment));
    return result.changes === 1;
  }

  savePayment(payment: PaymentRecord): void {
    this.update("cko_payments", payment.id, payment);
  }

  getPayment(id: string): PaymentRecord | undefined {
    return this.get<PaymentRecord>("cko_payments", id);
  }

  insertAction(action: ActionRecord): void {
    this.db
      .prepare("INSERT INTO cko_actions (id, payment_id, requested_at, data) VALUES (?, ?, ?, ?)")
      .run(action.id, action.payment_id, action.requested_at, JSON.stringify(action));
  }

  saveAction(action: ActionRecord): void {
    this.update("cko_actions", action.id, action);
  }

  getAction(id: string): ActionRecord | undefined {
    return this.get<ActionRecord>("cko_actions", id);
  }

  /** Oldest first. */
  actionsOf(paymentId: string): ActionRecord[] {
    return this.db
      .prepare<[string], { data: string }>("SELECT data FROM cko_actions WHERE payment_id = ? ORDER BY requested_at, rowid")
      .all(paymentId)
      .map((row) => JSON.parse(row.data) as ActionRecord);
  }

  insertEvent(event: EventRecord): void {
    this.db
      .prepare("INSERT INTO cko_events (id, subject_id, created_at, data) VALUES (?, ?, ?, ?)")
      .run(event.id, event.subject_id, event.created_at, JSON.stringify(event));
  }

  getEvent(id: string): EventRecord | undefined {
    return this.get<EventRecord>("cko_events", id);
  }

  eventsOf(subjectId: string): EventRecord[] {
    return this.db
      .prepare<[string], { data: string }>("SELECT data FROM cko_events WHERE subject_id = ? ORDER BY created_at, rowid")
      .all(subjectId)
      .map((row) => JSON.parse(row.data) as EventRecord);
  }

  insertWorkflow(workflow: WorkflowRecord): void {
    this.db
      .prepare("INSERT OR REPLACE INTO cko_workflows (id, created_at, data) VALUES (?, ?, ?)")
      .run(workflow.id, workflow.created_at, JSON.stringify(workflow));
  }

  deleteWorkflow(id: string): boolean {
    return this.db.prepare("DELETE FROM cko_workflows WHERE id = ?").run(id).changes === 1;
  }

  getWorkflow(id: string): WorkflowRecord | undefined {
    return this.get<WorkflowRecord>("cko_workflows", id);
  }

  workflows(): WorkflowRecord[] {
    return this.list<WorkflowRecord>("cko_workflows", 100);
  }

  insertDelivery(delivery: DeliveryRecord): void {
    this.db
      .prepare("INSERT INTO cko_deliveries (id, event_id, data) VALUES (?, ?, ?)")
      .run(delivery.id, delivery.event_id, JSON.stringify(delivery));
  }

  saveDelivery(delivery: DeliveryRecord): void {
    this.update("cko_deliveries", delivery.id, delivery);
  }

  getDelivery(id: string): DeliveryRecord | undefined {
    return this.get<DeliveryRecord>("cko_deliveries", id);
  }

  deliveriesOf(eventId: string): DeliveryRecord[] {
    return this.db
      .prepare<[string], { data: string }>("SELECT data FROM cko_deliveries WHERE event_id = ? ORDER BY rowid")
      .all(eventId)
      .map((row) => JSON.parse(row.data) as DeliveryRecord);
  }

  recentContexts(limit: number): ContextRecord[] {
    return this.list<ContextRecord>("cko_contexts", limit);
  }

  recentPayments(limit: number): PaymentRecord[] {
    return this.list<PaymentRecord>("cko_payments", limit);
  }

  getAnswer(key: string): StoredAnswer | undefined {
    return this.db
      .prepare<[string], StoredAnswer>("SELECT fingerprint, created_at, status, body FROM cko_idempotency WHERE key = ?")
      .get(key);
  }

  putAnswer(key: string, answer: StoredAnswer): void {
    this.db
      .prepare("INSERT OR REPLACE INTO cko_idempotency (key, fingerprint, created_at, status, body) VALUES (?, ?, ?, ?, ?)")
      .run(key, answer.fingerprint, answer.created_at, answer.status, answer.body);
  }

  reset(): void {
    this.db.exec(`DELETE FROM cko_contexts; DELETE FROM cko_payments; DELETE FROM cko_actions; DELETE FROM cko_events;
      DELETE FROM cko_workflows; DELETE FROM cko_deliveries; DELETE FROM cko_idempotency;`);
  }

  private get<T>(table: Table, id: string): T | undefined {
    const row = this.db.prepare<[string], { data: string }>(`SELECT data FROM ${table} WHERE id = ?`).get(id);
    return row ? (JSON.parse(row.data) as T) : undefined;
  }

  private list<T>(table: Table, limit: number): T[] {
    const order = table === "cko_actions" ? "requested_at" : "created_at";
    const hasOrder = table !== "cko_deliveries";
    return this.db
      .prepare<[number], { data: string }>(
        `SELECT data FROM ${table} ORDER BY ${hasOrder ? `${order} DESC,` : ""} rowid DESC LIMIT ?`,
      )
      .all(limit)
      .map((row) => JSON.parse(row.data) as T);
  }

  private update(table: Table, id: string, value: unknown): void {
    this.db.prepare(`UPDATE ${table} SET data = ? WHERE id = ?`).run(JSON.stringify(value), id);
  }
}
