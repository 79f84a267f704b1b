import { and, eq, isNull, sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { db } from "@/db";
import { checkoutSessions } from "@/db/schema";
import type { NetworkRole } from "./settings";

/*
 * This provider's own rows. They live in the store's database but outside db/schema.ts for now (the data layer is
 * being reworked on another branch): `ensureNetworkTables` creates them if missing. At merge they move into
 * db/schema.ts with a migration, and the webhook events into the shared `webhook_events` table (`recordWebhookOnce`).
 */

const now = () => new Date().toISOString();

/** What the store knows about one checkout paid through a payment request (the checkout session row holds the cart). */
export const networkCheckouts = sqliteTable("kn_checkouts", {
  checkoutSessionId: text("checkout_session_id").primaryKey(),
  role: text("role", { enum: ["merchant", "acquirer"] }).notNull(),
  /** The request the shopper is sent to now: the first one, or the step-up an authorize asked for. */
  paymentRequestId: text("payment_request_id"),
  paymentRequestUrl: text("payment_request_url"),
  /** open → paid, or declined / expired / canceled; step_up while a step-up journey is open. */
  state: text("state", { enum: ["open", "step_up", "paid", "declined", "expired", "canceled"] }).notNull(),
  /** The confirmation or session token last seen, kept so a retry can repeat the idempotent confirm or authorize. */
  token: text("token"),
  transactionId: text("transaction_id"),
  /** The shopper agreed to be remembered: a customer token is requested and kept. */
  remember: integer("remember", { mode: "boolean" }).notNull().default(false),
  /** The saved customer token this checkout produced, for the return to set the shopper's cookie. */
  walletId: text("wallet_id"),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});

/** Every payment request the store made, pointing at its checkout (a step-up makes a second one). */
export const networkRequests = sqliteTable("kn_requests", {
  paymentRequestId: text("payment_request_id").primaryKey(),
  checkoutSessionId: text("checkout_session_id").notNull(),
  createdAt: text("created_at").notNull(),
});

/** Signed webhooks received, once per event id; `appliedAt` stays null until the event's request is known. */
export const networkWebhookEvents = sqliteTable("kn_webhook_events", {
  eventId: text("event_id").primaryKey(),
  eventType: text("event_type").notNull(),
  subject: text("subject"),
  occurredAt: text("occurred_at").notNull(),
  receivedAt: text("received_at").notNull(),
  body: text("body").notNull(),
  appliedAt: text("applied_at"),
});

/** A returning shopper's Klarna customer token, found by the signed "remember me" cookie that names the row. */
export const networkWallets = sqliteTable("kn_wallets", {
  id: text("id").primaryKey(),
  customerToken: text("customer_token").notNull(),
  email: text("email"),
  createdAt: text("created_at").notNull(),
  removedAt: text("removed_at"),
});

const DDL = [
  `CREATE TABLE IF NOT EXISTS kn_checkouts (checkout_session_id TEXT PRIMARY KEY, role TEXT NOT NULL,
    payment_request_id TEXT, payment_request_url TEXT, state TEXT NOT NULL, token TEXT, transaction_id TEXT,
    remember INTEGER NOT NULL DEFAULT 0, wallet_id TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS kn_requests (payment_request_id TEXT PRIMARY KEY, checkout_session_id TEXT NOT NULL,
    created_at TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS kn_webhook_events (event_id TEXT PRIMARY KEY, event_type TEXT NOT NULL, subject TEXT,
    occurred_at TEXT NOT NULL, received_at TEXT NOT NULL, body TEXT NOT NULL, applied_at TEXT)`,
  "CREATE INDEX IF NOT EXISTS kn_webhook_events_subject ON kn_webhook_events (subject, applied_at)",
  `CREATE TABLE IF NOT EXISTS kn_wallets (id TEXT PRIMARY KEY, customer_token TEXT NOT NULL, email TEXT,
    created_at TEXT NOT NULL, removed_at TEXT)`,
];

const ensured = new WeakSet<object>();

export async function ensureNetworkTables(): Promise<void> {
  const database = db();
  if (ensured.has(database)) return;
  for (const statement of DDL) await database.run(sql.raw(statement));
  ensured.add(database);
}

export type NetworkCheckout = typeof networkCheckouts.$inferSelect;

export async function insertNetworkCheckout(values: {
  checkoutSessionId: string;
  role: NetworkRole;
  remember: boolean;
}): Promise<void> {
  await ensureNetworkTables();
  await db()
    .insert(networkCheckouts)
    .values({ ...values, state: "open", createdAt: now(), updatedAt: now() })
    .onConflictDoNothing();
}

export async function findNetworkCheckout(checkoutSessionId: string): Promise<NetworkCheckout | null> {
  await ensureNetworkTables();
  const [row] = await db().select().from(networkCheckouts).where(eq(networkCheckouts.checkoutSessionId, checkoutSessionId));
  return row ?? null;
}

export async function updateNetworkCheckout(
  checkoutSessionId: string,
  changes: Partial<Omit<NetworkCheckout, "checkoutSessionId" | "createdAt" | "updatedAt">>,
): Promise<void> {
  await db()
    .update(networkCheckouts)
    .set({ ...changes, updatedAt: now() })
    .where(eq(networkCheckouts.checkoutSessionId, checkoutSessionId));
}

/** The checkout a transaction was made for: how the back office knows an order is paid by payment request. */
export async function findNetworkCheckoutByTransaction(transactionId: string): Promise<NetworkCheckout | null> {
  await ensureNetworkTables();
  const [row] = await db().select().from(networkCheckouts).where(eq(networkCheckouts.transactionId, transactionId));
  return row ?? null;
}

/** Records a transaction for the checkout once: the first confirm or authorize answer wins, later ones agree. */
export async function recordTransaction(checkoutSessionId: string, transactionId: string): Promise<void> {
  await db()
    .update(networkCheckouts)
    .set({ transactionId, state: "paid", updatedAt: now() })
    .where(and(eq(networkCheckouts.checkoutSessionId, checkoutSessionId), isNull(networkCheckouts.transactionId)));
}

export async function recordRequest(paymentRequestId: string, checkoutSessionId: string): Promise<void> {
  await ensureNetworkTables();
  await db().insert(networkRequests).values({ paymentRequestId, checkoutSessionId, createdAt: now() }).onConflictDoNothing();
}

export async function checkoutOfRequest(paymentRequestId: string): Promise<string | null> {
  await ensureNetworkTables();
  const [row] = await db().select().from(networkRequests).where(eq(networkRequests.paymentRequestId, paymentRequestId));
  return row?.checkoutSessionId ?? null;
}

/** Open checkouts for reconcile: not paid and not finally refused. */
export async function unsettledCheckouts(limit = 100): Promise<NetworkCheckout[]> {
  await ensureNetworkTables();
  return db()
    .select()
    .from(networkCheckouts)
    .where(sql`${networkCheckouts.state} in ('open', 'step_up') and ${networkCheckouts.paymentRequestId} is not null`)
    .limit(limit);
}

/** This cart's earlier checkouts whose payment request may still be open: a new checkout supersedes them. */
export async function openCheckoutsOfCart(cartId: string, except: string): Promise<NetworkCheckout[]> {
  await ensureNetworkTables();
  const rows = await db()
    .select({ checkout: networkCheckouts })
    .from(networkCheckouts)
    .innerJoin(checkoutSessions, eq(checkoutSessions.id, networkCheckouts.checkoutSessionId))
    .where(
      and(
        eq(checkoutSessions.cartId, cartId),
        sql`${networkCheckouts.state} in ('open', 'step_up') and ${networkCheckouts.paymentRequestId} is not null`,
        sql`${networkCheckouts.checkoutSessionId} <> ${except}`,
      ),
    );
  return rows.map((row) => row.checkout);
}

/**
 * Where signed webhooks are kept, deduplicated by event id. The shared `webhook_events` table (`recordWebhookOnce`,
 * `pendingWebhooksFor`, `markWebhookApplied`) replaces this implementation once it is on main.
 */
export interface WebhookEventStore {
  recordOnce(event: { eventId: string; eventType: string; subject: string | null; occurredAt: string; body: string }): Promise<{ firstTime: boolean }>;
  pendingFor(subject: string): Promise<{ eventId: string; body: string }[]>;
  markApplied(eventId: string): Promise<void>;
}

export const webhookEvents: WebhookEventStore = {
  async recordOnce(event) {
    await ensureNetworkTables();
    const inserted = await db()
      .insert(networkWebhookEvents)
      .values({ ...event, receivedAt: now() })
      .onConflictDoNothing()
      .returning({ eventId: networkWebhookEvents.eventId });
    return { firstTime: inserted.length === 1 };
  },
  async pendingFor(subject) {
    await ensureNetworkTables();
    return db()
      .select({ eventId: networkWebhookEvents.eventId, body: networkWebhookEvents.body })
      .from(networkWebhookEvents)
      .where(and(eq(networkWebhookEvents.subject, subject), isNull(networkWebhookEvents.appliedAt)))
      .orderBy(networkWebhookEvents.occurredAt);
  },
  async markApplied(eventId) {
    await db()
      .update(networkWebhookEvents)
      .set({ appliedAt: now() })
      .where(and(eq(networkWebhookEvents.eventId, eventId), isNull(networkWebhookEvents.appliedAt)));
  },
};

export type NetworkWallet = typeof networkWallets.$inferSelect;

export async function insertWallet(values: { id: string; customerToken: string; email: string | null }): Promise<void> {
  await ensureNetworkTables();
  await db().insert(networkWallets).values({ ...values, createdAt: now() }).onConflictDoNothing();
}

export async function findWallet(id: string): Promise<NetworkWallet | null> {
  await ensureNetworkTables();
  const [row] = await db()
    .select()
    .from(networkWallets)
    .where(and(eq(networkWallets.id, id), isNull(networkWallets.removedAt)));
  return row ?? null;
}

/** The shopper removed their saved Klarna: the token is forgotten (the row keeps only when). */
export async function removeWallet(id: string): Promise<void> {
  await ensureNetworkTables();
  await db().update(networkWallets).set({ removedAt: now(), customerToken: "" }).where(eq(networkWallets.id, id));
}
