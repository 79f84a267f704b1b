import { and, eq, isNull, sql } from "drizzle-orm";
import { db } from "@/db";
import { checkoutSessions, networkCheckouts, networkRequests, networkWallets, orders } from "@/db/schema";
import type { Read, WriteStatement } from "@/db/batch";
import type { CheckoutSession } from "@/lib/checkout/session-store";
import type { StoreOrder } from "@/lib/orders/order-store";
import type { NetworkRole } from "./settings";

const PROVIDER = "klarna-network" as const;

/*
 * This provider's own rows, in the store's database: the tables are declared in db/schema.ts
 * (klarna_network_checkouts, klarna_network_requests, klarna_network_wallets) and made by migrations, never at run time. Its webhook events are in the one inbox's
 * `webhook_events` (lib/payments/webhook-inbox.ts).
 */

const now = () => new Date().toISOString();

export { networkCheckouts, networkRequests, networkWallets };

export type NetworkCheckout = typeof networkCheckouts.$inferSelect;

export async function insertNetworkCheckout(values: {
  checkoutSessionId: string;
  role: NetworkRole;
  remember: boolean;
}): Promise<void> {
  await db()
    .insert(networkCheckouts)
    .values({ ...values, state: "open", createdAt: now(), updatedAt: now() })
    .onConflictDoNothing();
}

export async function findNetworkCheckout(checkoutSessionId: string): Promise<NetworkCheckout | null> {
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
  const [row] = await db().select().from(networkCheckouts).where(eq(networkCheckouts.transactionId, transactionId));
  return row ?? null;
}

/** Records a transaction for the checkout once: the first confirm or authorize answer wins, later ones agree. */
export async function recordTransaction(checkoutSessionId: string, transactionId: string): Promise<void> {
  await recordTransactionWrite(checkoutSessionId, transactionId);
}

/** `recordTransaction` as a statement for `writeTogether` (db/batch.ts), sent with other writes. */
export function recordTransactionWrite(checkoutSessionId: string, transactionId: string): WriteStatement {
  return db()
    .update(networkCheckouts)
    .set({ transactionId, state: "paid", updatedAt: now() })
    .where(and(eq(networkCheckouts.checkoutSessionId, checkoutSessionId), isNull(networkCheckouts.transactionId)));
}

/**
 * Keeps the token about to be confirmed or authorized with, and reads the checkout as it is now, in one statement:
 * only while the checkout has no transaction and still pays `paymentRequestId` (a concurrent caller may have
 * confirmed, or asked for a step-up, since it was read). A null `token` keeps the one stored. Returns the checkout as
 * written, or null when it had moved on (read it again to see how).
 */
export async function keepToken(checkoutSessionId: string, paymentRequestId: string, token: string | null): Promise<NetworkCheckout | null> {
  const [row] = await db()
    .update(networkCheckouts)
    .set({ token: sql`coalesce(${token}, ${networkCheckouts.token})`, updatedAt: now() })
    .where(
      and(
        eq(networkCheckouts.checkoutSessionId, checkoutSessionId),
        isNull(networkCheckouts.transactionId),
        eq(networkCheckouts.paymentRequestId, paymentRequestId),
      ),
    )
    .returning();
  return row ?? null;
}

/** A payment request's checkout: the store's checkout session and this provider's row of it. */
export interface CheckoutOfRequest {
  session: CheckoutSession;
  checkout: NetworkCheckout;
  /** The store order of the checkout's payment transaction, or null while it has none (or no transaction yet). */
  order: StoreOrder | null;
}

/**
 * The checkout a payment request was made for, session and row, with the store order of its transaction, in one read
 * (none when the store never made it).
 */
export function checkoutOfRequestRead(paymentRequestId: string): Read<CheckoutOfRequest> {
  const query = () =>
    db()
      .select({ session: checkoutSessions, checkout: networkCheckouts, order: orders })
      .from(networkRequests)
      .innerJoin(checkoutSessions, eq(checkoutSessions.id, networkRequests.checkoutSessionId))
      .innerJoin(networkCheckouts, eq(networkCheckouts.checkoutSessionId, networkRequests.checkoutSessionId))
      .leftJoin(orders, and(eq(orders.provider, PROVIDER), eq(orders.providerReference, networkCheckouts.transactionId)))
      .where(eq(networkRequests.paymentRequestId, paymentRequestId));
  return { query, prepared: () => query().all() as CheckoutOfRequest[] };
}

export async function recordRequest(paymentRequestId: string, checkoutSessionId: string): Promise<void> {
  await db().insert(networkRequests).values({ paymentRequestId, checkoutSessionId, createdAt: now() }).onConflictDoNothing();
}

export async function checkoutOfRequest(paymentRequestId: string): Promise<string | null> {
  const [row] = await db().select().from(networkRequests).where(eq(networkRequests.paymentRequestId, paymentRequestId));
  return row?.checkoutSessionId ?? null;
}

/** Open checkouts for reconcile: not paid and not finally refused. */
export async function unsettledCheckouts(limit = 100): Promise<NetworkCheckout[]> {
  return db()
    .select()
    .from(networkCheckouts)
    .where(sql`${networkCheckouts.state} in ('open', 'step_up') and ${networkCheckouts.paymentRequestId} is not null`)
    .limit(limit);
}

/** This cart's earlier checkouts whose payment request may still be open: a new checkout supersedes them. */
export async function openCheckoutsOfCart(cartId: string, except: string): Promise<NetworkCheckout[]> {
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

export type NetworkWallet = typeof networkWallets.$inferSelect;

export async function insertWallet(values: { id: string; customerToken: string; email: string | null }): Promise<void> {
  await db().insert(networkWallets).values({ ...values, createdAt: now() }).onConflictDoNothing();
}

export async function findWallet(id: string): Promise<NetworkWallet | null> {
  const [row] = await db()
    .select()
    .from(networkWallets)
    .where(and(eq(networkWallets.id, id), isNull(networkWallets.removedAt)));
  return row ?? null;
}

/** The shopper removed their saved Klarna: the token is forgotten (the row keeps only when). */
export async function removeWallet(id: string): Promise<void> {
  await db().update(networkWallets).set({ removedAt: now(), customerToken: "" }).where(eq(networkWallets.id, id));
}
