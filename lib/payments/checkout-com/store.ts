import type Database from "better-sqlite3";

/**
 * What the store keeps about Checkout.com payments: each webhook event once, the payment's last known state and the
 * back office's requested actions. Behind this interface so it can move onto the shared `webhook_events` table
 * (`recordWebhookOnce`) and a drizzle migration once they are on main; until then the SQLite implementation below
 * creates its own tables on the store's database.
 */
export interface PaymentState {
  paymentId: string;
  status: string;
  /** Monotonic time the state was read from Checkout.com; an older read never overwrites a newer one. */
  observedAt: number;
  authorized: number;
  captured: number;
  refunded: number;
  voided: number;
  availableToCapture: number;
  availableToRefund: number;
  availableToVoid: number;
  klarnaOrderId: string | null;
  paymentMethod: string | null;
}

export interface RequestedAction {
  actionId: string;
  paymentId: string;
  type: "capture" | "refund" | "void";
  amount: number;
  requestedAt: number;
  /** "requested" until a webhook (or a refresh) settles it. */
  outcome: "requested" | "approved" | "declined";
  /** Why Checkout.com or Klarna declined it, when it did. */
  reason: string | null;
}

export interface StoredEvent {
  eventId: string;
  type: string;
  subjectId: string;
  createdOn: string;
  applied: boolean;
}

export interface CheckoutComStore {
  /** True the first time an event id is seen; false for a redelivery. */
  recordEventOnce(event: Omit<StoredEvent, "applied">): Promise<boolean>;
  markApplied(eventIds: readonly string[]): Promise<void>;
  /** Drops an event whose processing failed, so its redelivery is processed. */
  forgetEvent(eventId: string): Promise<void>;
  /** Events kept because their order did not exist yet. */
  unappliedEvents(subjectId: string): Promise<StoredEvent[]>;
  /** Writes the state unless a newer one is stored; true when written. */
  savePaymentState(state: PaymentState): Promise<boolean>;
  paymentState(paymentId: string): Promise<PaymentState | null>;
  recordAction(action: RequestedAction): Promise<void>;
  settleAction(actionId: string, outcome: "approved" | "declined", reason: string | null): Promise<void>;
  actionsOf(paymentId: string): Promise<RequestedAction[]>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS checkout_com_webhook_events (event_id TEXT PRIMARY KEY, type TEXT NOT NULL,
  subject_id TEXT NOT NULL, created_on TEXT NOT NULL, applied INTEGER NOT NULL DEFAULT 0, received_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS checkout_com_webhook_events_subject ON checkout_com_webhook_events (subject_id, applied);
CREATE TABLE IF NOT EXISTS checkout_com_payments (payment_id TEXT PRIMARY KEY, observed_at INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS checkout_com_actions (action_id TEXT PRIMARY KEY, payment_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS checkout_com_actions_payment ON checkout_com_actions (payment_id);
`;

interface EventRow {
  event_id: string;
  type: string;
  subject_id: string;
  created_on: string;
  applied: number;
}

/** The store's SQLite database as the CheckoutComStore; idempotency comes from primary keys and conditional updates. */
export function sqliteCheckoutComStore(sqlite: Database.Database): CheckoutComStore {
  sqlite.exec(SCHEMA);
  const insertEvent = sqlite.prepare(
    `INSERT OR IGNORE INTO checkout_com_webhook_events (event_id, type, subject_id, created_on, received_at) VALUES (?, ?, ?, ?, ?)`,
  );
  const forget = sqlite.prepare("DELETE FROM checkout_com_webhook_events WHERE event_id = ?");
  const markApplied = sqlite.prepare("UPDATE checkout_com_webhook_events SET applied = 1 WHERE event_id = ?");
  const unapplied = sqlite.prepare<[string], EventRow>(
    "SELECT * FROM checkout_com_webhook_events WHERE subject_id = ? AND applied = 0 ORDER BY created_on",
  );
  const upsertState = sqlite.prepare(
    `INSERT INTO checkout_com_payments (payment_id, observed_at, data) VALUES (?, ?, ?)
     ON CONFLICT (payment_id) DO UPDATE SET observed_at = excluded.observed_at, data = excluded.data
     WHERE excluded.observed_at >= checkout_com_payments.observed_at`,
  );
  const getState = sqlite.prepare<[string], { data: string }>("SELECT data FROM checkout_com_payments WHERE payment_id = ?");
  const putAction = sqlite.prepare("INSERT OR REPLACE INTO checkout_com_actions (action_id, payment_id, data) VALUES (?, ?, ?)");
  const getAction = sqlite.prepare<[string], { data: string }>("SELECT data FROM checkout_com_actions WHERE action_id = ?");
  const actions = sqlite.prepare<[string], { data: string }>("SELECT data FROM checkout_com_actions WHERE payment_id = ? ORDER BY rowid");
  const toEvent = (row: EventRow): StoredEvent => ({
    eventId: row.event_id,
    type: row.type,
    subjectId: row.subject_id,
    createdOn: row.created_on,
    applied: row.applied === 1,
  });
  return {
    async recordEventOnce(event) {
      return insertEvent.run(event.eventId, event.type, event.subjectId, event.createdOn, Date.now()).changes === 1;
    },
    async markApplied(eventIds) {
      sqlite.transaction(() => {
        for (const id of eventIds) markApplied.run(id);
      })();
    },
    async forgetEvent(eventId) {
      forget.run(eventId);
    },
    async unappliedEvents(subjectId) {
      return unapplied.all(subjectId).map(toEvent);
    },
    async savePaymentState(state) {
      return upsertState.run(state.paymentId, state.observedAt, JSON.stringify(state)).changes === 1;
    },
    async paymentState(paymentId) {
      const row = getState.get(paymentId);
      return row ? (JSON.parse(row.data) as PaymentState) : null;
    },
    async recordAction(action) {
      putAction.run(action.actionId, action.paymentId, JSON.stringify(action));
    },
    async settleAction(actionId, outcome, reason) {
      const row = getAction.get(actionId);
      if (!row) return;
      const action = JSON.parse(row.data) as RequestedAction;
      if (action.outcome !== "requested") return;
      putAction.run(actionId, action.paymentId, JSON.stringify({ ...action, outcome, reason }));
    },
    async actionsOf(paymentId) {
      return actions.all(paymentId).map((row) => JSON.parse(row.data) as RequestedAction);
    },
  };
}
