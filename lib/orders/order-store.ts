import "server-only";
import { and, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { atomically, databaseDriver, db, prepared } from "@/db";
import { groupCommit } from "@/db/group-commit";
import { checkoutSessions, orderEvents, orders } from "@/db/schema";
import { step } from "@/db/unit";
import { cancelAndReturnStock, cancelAndReturnStockStatements, releaseSettlementStatement, type StoreOrder } from "@/db/units";
import { rowsWhere, writeTogether, type WriteStatement } from "@/db/batch";
import { handOffEmails, outboxInsertFor, recordEmailsFor, type OutboxRow } from "@/lib/email/outbox";
import type { ShippingInfo } from "@/lib/klarna/types";
import { SESSION_KEYS, type CheckoutSessionKeys } from "@/lib/checkout/session-store";
import { log } from "@/lib/observability/logger";
import type { ProviderId } from "@/lib/payments/provider";

// The units that must be atomic live with the connection (db/units.ts); the order store offers them with its queries.
export {
  allocateOrderNumber,
  claimSettlement,
  insertOrderOnce,
  orderNumberAllocation,
  orderNumberFor,
  releaseSettlement,
  settlementStaleAfterMs,
  type InsertResult,
  type NewOrder,
  type StoreOrder,
} from "@/db/units";

const orderById = prepared((database) => database.select().from(orders).where(eq(orders.id, sql.placeholder("id"))).prepare());

export async function findOrderById(id: number): Promise<StoreOrder | null> {
  return (await orderById().get({ id })) ?? null;
}

export async function findOrderByKlarnaId(klarnaOrderId: string): Promise<StoreOrder | null> {
  const [row] = await db().select().from(orders).where(eq(orders.klarnaOrderId, klarnaOrderId));
  return row ?? null;
}

const callbackAnswer = prepared((database) =>
  database
    .select({
      // The checkout's keys, as lib/checkout/session-store.ts reads them for a callback (CheckoutSessionKeys).
      session: SESSION_KEYS,
      order: { orderNumber: orders.orderNumber, status: orders.status },
    })
    .from(checkoutSessions)
    .leftJoin(
      orders,
      and(
        eq(orders.provider, sql.placeholder("provider")),
        eq(orders.providerReference, sql.placeholder("reference")),
        eq(orders.checkoutSessionId, checkoutSessions.id),
      ),
    )
    .where(eq(checkoutSessions.callbackToken, sql.placeholder("callbackToken")))
    .prepare(),
);

/**
 * What a push needs to know before it reads the vendor, in one read over unique indexes and a statement prepared
 * once per connection: the checkout this callback token belongs to (null when none), and the order of this provider
 * made from it, its number and status (null when there is none yet). Most pushes repeat one already settled (the
 * vendor pushes until it hears an acknowledgement, and may send duplicates), answered from this read alone; a first
 * push goes on with the checkout read here, not read again.
 */
export async function orderForCallback(
  provider: ProviderId,
  reference: string,
  callbackToken: string,
): Promise<{ session: CheckoutSessionKeys | null; order: { orderNumber: string; status: StoreOrder["status"] } | null }> {
  const row = await callbackAnswer().get({ provider, reference, callbackToken });
  return { session: row?.session ?? null, order: row?.order ?? null };
}

export async function findOrderByReference(provider: ProviderId, reference: string): Promise<StoreOrder | null> {
  const [row] = await db()
    .select()
    .from(orders)
    .where(and(eq(orders.provider, provider), eq(orders.providerReference, reference)));
  return row ?? null;
}

export async function findOrderByAccessToken(accessToken: string): Promise<StoreOrder | null> {
  const [row] = await db().select().from(orders).where(eq(orders.accessToken, accessToken));
  return row ?? null;
}

const acknowledgeOrder = prepared((database) =>
  database
    .update(orders)
    .set({ status: "acknowledged", acknowledgedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))` })
    .where(and(eq(orders.id, sql.placeholder("id")), eq(orders.status, "pending")))
    .returning()
    .prepare(),
);

/** Marks a pending order acknowledged; returns it, or null when it was no longer pending. */
export async function markAcknowledged(orderId: number): Promise<StoreOrder | null> {
  return (await acknowledgeOrder().get({ id: orderId })) ?? null;
}

/**
 * Settles a pending order in the store after the provider's answer, in one write batch (db/batch.ts): marks it
 * acknowledged (only if still pending), appends the acknowledgement's event row and queues the confirmation email's
 * outbox row, with the settlement claim still held. The event and the email are written only if the order is then
 * acknowledged: an order another caller cancelled meanwhile (the back office, while this caller acknowledged it at
 * the provider) gets neither, and its history and the shopper's emails do not say it was placed. Returns the order
 * as it now is (read again only when it had left "pending" meanwhile). The email is sent in the background
 * (lib/email/outbox.ts `handOffEmails`).
 */
export async function markAcknowledgedWithEvent(
  order: StoreOrder,
  event: OrderEventInput,
  /** A caller's own writes that belong with the acknowledgement (finalize's `settleWith`), written after it. */
  alongside: readonly WriteStatement[] = [],
): Promise<StoreOrder> {
  const acknowledge = db()
    .update(orders)
    .set({ status: "acknowledged", acknowledgedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))` })
    .where(and(eq(orders.id, order.id), eq(orders.status, "pending")))
    .returning();
  const results = await writeTogether(
    [acknowledge, ...eventStatements(event, order, orderHasStatus(order.id, "acknowledged")), ...alongside],
    "markAcknowledged",
  );
  const [[marked], ...rest] = results.slice(0, results.length - alongside.length) as [StoreOrder[], ...unknown[]];
  const current = marked ?? (await findOrderById(order.id)) ?? order;
  handOffEmails(addedEmails(rest), current);
  return current;
}

/**
 * Cancels a pending order in the store after the provider's cancellation, in one write batch: the cancellation and
 * the stock it returns (db/units.ts `cancelAndReturnStock`), its event row and the cancellation email's outbox row,
 * those two only if the order is then cancelled (not if another caller acknowledged it meanwhile; one cancelled by
 * another caller gets the event, and the one cancellation email the outbox's key allows). Returns the order as it
 * now is (read again only when it had left "pending" meanwhile).
 */
export async function markCancelledWithEvent(order: StoreOrder, reason: string, event: OrderEventInput): Promise<StoreOrder> {
  const [[marked], ...rest] = (await writeTogether(
    [...cancelAndReturnStockStatements(order.id, "pending", reason), ...eventStatements(event, order, orderHasStatus(order.id, "cancelled"))],
    "markCancelled",
  )) as [StoreOrder[], ...unknown[]];
  const current = marked ?? (await findOrderById(order.id)) ?? order;
  handOffEmails(addedEmails(rest), current);
  return current;
}

/**
 * Gives up this caller's settlement claim on an order the provider did not settle, and appends the event that says
 * why, in one write batch; the next push, webhook or reconcile tries again. The event tells of this caller's failed
 * call to the provider, true whether or not the claim was still its own, and calls for no email: it is unguarded.
 */
export async function releaseSettlementWithEvent(order: StoreOrder, token: string, event: OrderEventInput): Promise<void> {
  const results = await writeTogether([releaseSettlementStatement(order.id, token), ...eventStatements(event, order)], "releaseSettlement");
  handOffEmails(addedEmails(results), order);
}

/**
 * The event row and, when it calls for emails and the order has an address, their outbox rows. With `onlyIf` (a
 * condition on the database, read when the batch reaches them) each is written only while it holds: a batch cannot
 * branch on whether its guarded update changed anything (db/batch.ts), so its event and emails decide by themselves.
 */
function eventStatements(event: OrderEventInput, order: StoreOrder, onlyIf?: SQL): WriteStatement[] {
  const insert = db().insert(orderEvents);
  const row = onlyIf ? insert.select(rowsWhere(orderEvents, [eventRow(event)], onlyIf)) : insert.values(eventRow(event));
  const emails = outboxInsertFor(event, order, { onlyIf });
  return emails ? [row, emails] : [row];
}

/**
 * The order has the status a settle batch's guarded update sets: after that update in the same batch, true when it
 * changed the order, or when another caller had already moved the order there (the same change, told once more in
 * its history; the email's unique key keeps it to one), and false when another caller moved it elsewhere.
 */
function orderHasStatus(orderId: number, status: StoreOrder["status"]): SQL {
  return sql`exists (select 1 from ${orders} where ${orders.id} = ${orderId} and ${orders.status} = ${status})`;
}

/** The outbox rows among a batch's results: the last statement's, when it was the outbox insert. */
function addedEmails(results: readonly unknown[]): OutboxRow[] {
  const last = results.at(-1);
  return Array.isArray(last) ? (last as OutboxRow[]) : [];
}

/** Cancels a pending order and puts back its stock (db/units.ts); returns it, or null when it was no longer pending. */
export async function markCancelled(orderId: number, reason: string): Promise<StoreOrder | null> {
  return cancelAndReturnStock(orderId, "pending", reason);
}

/** Klarna cancelled an order the store had acknowledged (for example a rejected fraud review). */
export async function markCancelledAfterAcknowledgement(orderId: number, reason: string): Promise<StoreOrder | null> {
  return cancelAndReturnStock(orderId, "acknowledged", reason);
}

/**
 * The authorization's expiry the provider reports, on the purchase's order row if the row has none yet: a statement
 * of finalize's creation batch (db/units.ts `insertOrderOnce`, `alongside`), so it costs no round trip of its own. A
 * new order is inserted with it already (this then changes nothing); an order created from Klarna's answer to its
 * placement, which reports no expiry (lib/payments/klarna-payments/placement-purchase.ts), gets it from the first
 * later read of the order that reaches finalize's creation batch (a repeated callback or place order, reconcile, a
 * push that finds the order still pending) or from the back office's read (`recordProviderState`). Until then the
 * back office estimates the expiry from the order's creation (lib/admin/order-status.ts `authorizationExpiry`).
 */
export function authorizationExpiryFillWrite(provider: ProviderId, reference: string, expiresAt: string): WriteStatement {
  return db()
    .update(orders)
    .set({ authorizationExpiresAt: expiresAt })
    .where(and(eq(orders.provider, provider), eq(orders.providerReference, reference), isNull(orders.authorizationExpiresAt)));
}

/** What a provider last reported about a purchase: the fields of the order row the back office's list and reconcile read. */
export interface ProviderState {
  provider: ProviderId;
  reference: string;
  providerStatus: string;
  fraudStatus: string | null;
  capturedAmount: number;
  refundedAmount: number;
  authorizationExpiresAt: string | null;
}

/**
 * Writes what the provider just reported (its status word, captured and refunded amounts, fraud decision and
 * authorization expiry) on the purchase's order row, whichever path read it (finalize after a webhook, push or
 * notification, the back office, reconcile). With `onlyForward` (reads that may race: webhooks, notifications), a read
 * reporting less captured or refunded than the row holds is older than the one stored (those amounts only grow at
 * every provider) and changes nothing. Returns the row written.
 */
export async function recordProviderState(
  state: ProviderState,
  { onlyForward = false }: { onlyForward?: boolean } = {},
): Promise<{ id: number; status: StoreOrder["status"] } | null> {
  const [row] = await providerStateStatement(state, onlyForward);
  return row ?? null;
}

function providerStateStatement(state: ProviderState, onlyForward: boolean) {
  return db()
    .update(orders)
    .set({
      providerStatus: state.providerStatus,
      ...(state.fraudStatus ? { fraudStatus: state.fraudStatus } : {}),
      capturedAmount: state.capturedAmount,
      refundedAmount: state.refundedAmount,
      ...(state.authorizationExpiresAt ? { authorizationExpiresAt: state.authorizationExpiresAt } : {}),
    })
    .where(
      and(
        eq(orders.provider, state.provider),
        eq(orders.providerReference, state.reference),
        onlyForward ? sql`${orders.capturedAmount} <= ${state.capturedAmount}` : undefined,
        onlyForward ? sql`${orders.refundedAmount} <= ${state.refundedAmount}` : undefined,
      ),
    )
    .returning({ id: orders.id, status: orders.status });
}

/** What a provider's fresh read changes on an order the store has (finalize's `followProvider`). */
export interface ProviderChanges {
  /** Its status word and amounts, written only forward (`recordProviderState` with `onlyForward`). */
  state?: ProviderState;
  /** A fraud decision that differs from the row's. */
  fraudStatus?: string;
  /** The provider cancelled an order the store had acknowledged: cancel it, return its stock, log this event. */
  cancel?: { reason: string; event: OrderEventInput };
  /** The authorization's expiry the provider reports, for a row that has none (`authorizationExpiryFillWrite`). */
  expiryFill?: string;
}

/**
 * Writes what a provider's fresh read changed on an order in one write batch: the provider's state, the fraud
 * decision, and a cancellation after acknowledgement with the stock it returns, its event row and the cancellation
 * email's outbox row (each statement as `recordProviderState` and `markCancelledAfterAcknowledgement` with
 * `appendOrderEvent` write them; the event and the email only if the order is then cancelled), and the authorization's
 * expiry on a row that has none. Returns the order as it now is (the expiry as given).
 */
export async function recordProviderChanges(order: StoreOrder, changes: ProviderChanges): Promise<StoreOrder> {
  const statements: WriteStatement[] = [];
  if (changes.expiryFill) statements.push(authorizationExpiryFillWrite(order.provider, order.providerReference, changes.expiryFill));
  if (changes.state) statements.push(providerStateStatement(changes.state, true));
  const fraudAt = changes.fraudStatus === undefined ? -1 : statements.length;
  if (changes.fraudStatus !== undefined) {
    statements.push(db().update(orders).set({ fraudStatus: changes.fraudStatus }).where(eq(orders.id, order.id)).returning());
  }
  const cancelAt = changes.cancel ? statements.length : -1;
  if (changes.cancel) {
    statements.push(
      ...cancelAndReturnStockStatements(order.id, "acknowledged", changes.cancel.reason),
      ...eventStatements(changes.cancel.event, order, orderHasStatus(order.id, "cancelled")),
    );
  }
  if (statements.length === 0) return order;
  const results = await writeTogether(statements, "recordProviderChanges");
  let current = changes.expiryFill && !order.authorizationExpiresAt ? { ...order, authorizationExpiresAt: changes.expiryFill } : order;
  if (fraudAt >= 0) current = (results[fraudAt] as StoreOrder[])[0] ?? current;
  if (cancelAt >= 0) {
    current = (results[cancelAt] as StoreOrder[])[0] ?? current;
    handOffEmails(addedEmails(results), current);
  }
  return current;
}

export interface OrderEventInput {
  /** The order's provider reference, or `session:<id>` before one. */
  providerReference: string;
  /** The provider the reference belongs to. */
  provider?: ProviderId | null;
  source: string;
  action: string;
  outcome: string;
  detail?: string | null;
  latencyMs: number;
  /** For the shopper's shipping email (lib/email): what a capture or tracking update shipped with. */
  shippingInfo?: ShippingInfo | null;
  /** For the shopper's refund email: the refunded amount in minor units. */
  amount?: number | null;
}

const insertEvent = prepared((database) =>
  database
    .insert(orderEvents)
    .values({
      providerReference: sql.placeholder("providerReference"),
      provider: sql.placeholder("provider"),
      source: sql.placeholder("source"),
      action: sql.placeholder("action"),
      outcome: sql.placeholder("outcome"),
      detail: sql.placeholder("detail"),
      latencyMs: sql.placeholder("latencyMs"),
    })
    .prepare(),
);

type EventRow = typeof orderEvents.$inferInsert;

/**
 * The events of one event-loop turn (under load, many callbacks' audit rows) are written in one commit: a commit
 * costs several times a row. On better-sqlite3 that is one transaction of the prepared insert (a multi-row insert,
 * built per batch, costs it about twice as much per row); on libSQL one multi-row insert, a single round trip to a
 * hosted database where a transaction would take one per row.
 */
const insertEvents = groupCommit<EventRow>(async (rows) => {
  if (rows.length === 1) await insertEvent().run(rows[0]);
  else if (databaseDriver() === "libsql") await db().insert(orderEvents).values(rows);
  else {
    await atomically(function* () {
      for (const row of rows) yield* step(insertEvent().run(row));
    });
  }
});

/**
 * Appends an event to an order's log; it is stored when the promise resolves. Once stored, the shopper emails it
 * calls for are queued (lib/email/outbox.ts), outside any transaction; sending happens in the background.
 */
export async function appendOrderEvent(event: OrderEventInput): Promise<void> {
  await storeEvent(event);
  try {
    await recordEmailsFor({ ...event, reference: event.providerReference });
  } catch (error) {
    // The event is stored; an outbox write that failed is logged, never the caller's failure.
    log().error({ route: "email-outbox", outcome: "failed", err: error, action: event.action }, "email not queued");
  }
}

function storeEvent(event: OrderEventInput): Promise<void> {
  return insertEvents(eventRow(event));
}

function eventRow(event: OrderEventInput): EventRow {
  return {
    providerReference: event.providerReference,
    provider: event.provider ?? null,
    source: event.source,
    action: event.action,
    outcome: event.outcome,
    detail: event.detail ?? null,
    latencyMs: Math.round(event.latencyMs),
  };
}

/**
 * An order's event log, newest first. Validation happens before Klarna has an order id, so its events are kept
 * under `session:<checkout session id>`; passing the session id includes them.
 */
export async function orderEventsOf(providerReference: string, checkoutSessionId?: string | null) {
  const keys = checkoutSessionId ? [providerReference, `session:${checkoutSessionId}`] : [providerReference];
  return db()
    .select()
    .from(orderEvents)
    .where(inArray(orderEvents.providerReference, keys))
    .orderBy(desc(orderEvents.id));
}
