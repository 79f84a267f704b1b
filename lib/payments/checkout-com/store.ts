import { and, eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { checkoutComActions, checkoutComPayments, orders } from "@/db/schema";
import type { Read, WriteStatement } from "@/db/batch";
import type { StoreOrder } from "@/lib/orders/order-store";
import { findWebhook, lastUnappliedWebhook, markAppliedWrite, pendingWebhooksFor } from "../webhook-inbox";
import { recordWebhookOnce } from "@/lib/orders/webhook-store";

const PROVIDER = "checkout-com" as const;

/**
 * What the store keeps about Checkout.com payments: each webhook event once, in the one webhook inbox's table
 * (`webhook_events`, lib/payments/webhook-inbox.ts), where it stays unapplied until its effect is durable; the
 * payment's last known state and the back office's requested actions, in Checkout.com's own tables (db/schema.ts).
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

/** An action Checkout.com has decided, as read from GET /payments/{id}/actions. */
export interface SettledAction {
  actionId: string;
  outcome: "approved" | "declined";
  /** Why Checkout.com or Klarna declined it, when it did. */
  reason: string | null;
}

/** What the store's database says of a payment when one of its events is recorded (`paymentFactsRead`). */
export interface PaymentFacts {
  /** The store's order for the payment as it was at the event's record, or null while the store has none. */
  order: StoreOrder | null;
  /** A back-office action on it is still waiting for Checkout.com's outcome. */
  actionsRequested: boolean;
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
  /** True when the event is recorded and not applied yet (the store stopped or failed before its effect was durable). */
  isUnapplied(eventId: string): Promise<boolean>;
  /** Events kept because their order did not exist yet. */
  unappliedEvents(subjectId: string): Promise<StoredEvent[]>;
  /** The row id of the newest unapplied event of a payment, or null: how far `markAppliedThrough` may mark. */
  lastUnappliedEvent(subjectId: string): Promise<number | null>;
  /** The statement marking a payment's unapplied events recorded up to the row `throughId` applied. */
  markAppliedThrough(subjectId: string, throughId: number): WriteStatement;
  /** Writes the state unless a newer one is stored; true when written. */
  savePaymentState(state: PaymentState): Promise<boolean>;
  /**
   * The statements recording one read of a payment (`writeTogether`): its state unless a newer one is stored, and the
   * outcome of each decided action that is still requested.
   */
  paymentWrites(state: PaymentState, settled: readonly SettledAction[]): WriteStatement[];
  paymentState(paymentId: string): Promise<PaymentState | null>;
  recordAction(action: RequestedAction): Promise<void>;
  settleAction(actionId: string, outcome: "approved" | "declined", reason: string | null): Promise<void>;
  actionsOf(paymentId: string): Promise<RequestedAction[]>;
}

/**
 * The store's database as the CheckoutComStore. Every step is one statement that decides by itself, so two store
 * instances (libSQL) or two concurrent requests cannot both win: a unique (provider, event id) with insert-or-ignore
 * records an event once, and conditional updates keep the newer payment state and settle an action once.
 */
export const checkoutComStore: CheckoutComStore = {
  async recordEventOnce(event) {
    const { firstTime } = await recordWebhookOnce({
      provider: PROVIDER,
      eventId: event.eventId,
      eventType: event.type,
      subjectReference: event.subjectId,
      occurredAt: event.createdOn,
      body: { id: event.eventId, type: event.type, created_on: event.createdOn, data: { id: event.subjectId } },
    });
    return firstTime;
  },
  async isUnapplied(eventId) {
    const event = await findWebhook(PROVIDER, eventId);
    return event !== null && event.appliedAt === null;
  },
  async unappliedEvents(subjectId) {
    const rows = await pendingWebhooksFor(PROVIDER, subjectId);
    return rows.map((row) => ({ eventId: row.eventId, type: row.eventType, subjectId: row.subjectReference, createdOn: row.occurredAt, applied: false }));
  },
  async lastUnappliedEvent(subjectId) {
    return lastUnappliedWebhook(PROVIDER, subjectId);
  },
  markAppliedThrough(subjectId, throughId) {
    return markAppliedWrite(PROVIDER, { subjectReference: subjectId, throughId });
  },
  paymentWrites(state, settled) {
    return [savePaymentStateStatement(state), ...settled.map((action) => settleActionStatement(action.actionId, action.outcome, action.reason))];
  },
  async savePaymentState(state) {
    const written = await savePaymentStateStatement(state).returning({ paymentId: checkoutComPayments.paymentId });
    return written.length === 1;
  },
  async paymentState(paymentId) {
    const row = await db().select({ data: checkoutComPayments.data }).from(checkoutComPayments).where(eq(checkoutComPayments.paymentId, paymentId)).get();
    return row ? (JSON.parse(row.data) as PaymentState) : null;
  },
  async recordAction(action) {
    const values = { paymentId: action.paymentId, outcome: action.outcome, requestedAt: action.requestedAt, data: JSON.stringify(action) };
    await db()
      .insert(checkoutComActions)
      .values({ actionId: action.actionId, ...values })
      .onConflictDoUpdate({ target: checkoutComActions.actionId, set: values });
  },
  async settleAction(actionId, outcome, reason) {
    await settleActionStatement(actionId, outcome, reason);
  },
  async actionsOf(paymentId) {
    const rows = await db()
      .select({ data: checkoutComActions.data })
      .from(checkoutComActions)
      .where(eq(checkoutComActions.paymentId, paymentId))
      .orderBy(sql`rowid`);
    return rows.map((row) => JSON.parse(row.data) as RequestedAction);
  },
};

/** The payment's state, written unless a newer read is stored (`observed_at` orders the reads). */
function savePaymentStateStatement(state: PaymentState) {
  return db()
    .insert(checkoutComPayments)
    .values({ paymentId: state.paymentId, observedAt: state.observedAt, data: JSON.stringify(state) })
    .onConflictDoUpdate({
      target: checkoutComPayments.paymentId,
      set: { observedAt: sql`excluded.observed_at`, data: sql`excluded.data` },
      setWhere: sql`excluded.observed_at >= ${checkoutComPayments.observedAt}`,
    });
}

/** Only a requested action is settled: the first webhook (or refresh) to report it wins, a later one changes nothing. */
function settleActionStatement(actionId: string, outcome: "approved" | "declined", reason: string | null) {
  return db()
    .update(checkoutComActions)
    .set({ outcome, data: sql`json_set(${checkoutComActions.data}, '$.outcome', ${outcome}, '$.reason', ${reason})` })
    .where(and(eq(checkoutComActions.actionId, actionId), eq(checkoutComActions.outcome, "requested")));
}

/**
 * One read of what a payment's webhook needs from the store's database, sent in the event's record batch (the inbox's
 * `lookup`): its order (null when there is none) and whether a back-office action waits for its outcome. Always one
 * row (an order is unique on provider and payment id).
 */
export function paymentFactsRead(paymentId: string): Read<PaymentFacts> {
  const query = () =>
    db()
      .select({
        order: orders,
        actionsRequested: sql<boolean>`exists (select 1 from ${checkoutComActions} where ${checkoutComActions.paymentId} = ${paymentId} and ${checkoutComActions.outcome} = 'requested')`.mapWith(Boolean),
      })
      .from(sql`(select 1)`)
      .leftJoin(orders, and(eq(orders.provider, PROVIDER), eq(orders.providerReference, paymentId)));
  return { query, prepared: () => query().all() as PaymentFacts[] };
}
