import "server-only";
import { and, asc, desc, eq, getTableColumns, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import { db } from "@/db";
import { orders, subscriptionRenewals, subscriptions } from "@/db/schema";
import { STALE_CLAIM_MS } from "./retry-schedule";

export type Subscription = typeof subscriptions.$inferSelect;
export type Renewal = typeof subscriptionRenewals.$inferSelect;
export type NewSubscription = typeof subscriptions.$inferInsert;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The claim to make a first order's subscription: one insert on the unique source order; false when another caller
 * made it already. Whoever inserted asks Klarna for the customer token.
 */
export async function claimSubscription(values: NewSubscription, now: number): Promise<Subscription | null> {
  const [row] = await db()
    .insert(subscriptions)
    .values({ ...values, status: "tokenizing", tokenClaimedAt: now })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/** Takes over a tokenizing subscription whose claim went stale (its caller died before Klarna answered). */
export async function reclaimTokenizing(id: number, now: number): Promise<boolean> {
  const rows = await db()
    .update(subscriptions)
    .set({ tokenClaimedAt: now })
    .where(and(eq(subscriptions.id, id), eq(subscriptions.status, "tokenizing"), lt(subscriptions.tokenClaimedAt, now - STALE_CLAIM_MS)))
    .returning({ id: subscriptions.id });
  return rows.length === 1;
}

export async function activateSubscription(id: number, token: { customerToken: string; paymentMethodType: string | null }) {
  await db()
    .update(subscriptions)
    .set({ status: "active", customerToken: token.customerToken, tokenStatus: "ACTIVE", paymentMethodType: token.paymentMethodType, tokenClaimedAt: null })
    .where(and(eq(subscriptions.id, id), eq(subscriptions.status, "tokenizing")));
}

export async function failTokenizing(id: number, reason: string) {
  await db()
    .update(subscriptions)
    .set({ status: "failed", statusReason: reason, tokenClaimedAt: null })
    .where(and(eq(subscriptions.id, id), eq(subscriptions.status, "tokenizing")));
}

export async function findSubscription(id: number): Promise<Subscription | null> {
  const [row] = await db().select().from(subscriptions).where(eq(subscriptions.id, id));
  return row ?? null;
}

export async function findSubscriptionBySourceOrder(orderId: number): Promise<Subscription | null> {
  const [row] = await db().select().from(subscriptions).where(eq(subscriptions.sourceOrderId, orderId));
  return row ?? null;
}

/** Active subscriptions whose next period is due, oldest due first; and tokenizing ones whose claim went stale. */
export async function dueSubscriptions(now: number, limit = 100): Promise<Subscription[]> {
  return db()
    .select()
    .from(subscriptions)
    .where(
      or(
        and(eq(subscriptions.status, "active"), lte(subscriptions.nextChargeAt, iso(now))),
        and(eq(subscriptions.status, "tokenizing"), lt(subscriptions.tokenClaimedAt, now - STALE_CLAIM_MS)),
      ),
    )
    .orderBy(asc(subscriptions.nextChargeAt))
    .limit(limit);
}

export interface SubscriptionRow extends Subscription {
  sourceOrderNumber: string;
}

export async function listSubscriptions(filter: { status?: Subscription["status"] } = {}): Promise<SubscriptionRow[]> {
  return db()
    .select({ ...getTableColumns(subscriptions), sourceOrderNumber: orders.orderNumber })
    .from(subscriptions)
    .innerJoin(orders, eq(orders.id, subscriptions.sourceOrderId))
    .where(filter.status ? eq(subscriptions.status, filter.status) : undefined)
    .orderBy(desc(subscriptions.id))
    .limit(200);
}

export async function renewalsOf(subscriptionId: number): Promise<Renewal[]> {
  return db().select().from(subscriptionRenewals).where(eq(subscriptionRenewals.subscriptionId, subscriptionId)).orderBy(desc(subscriptionRenewals.period));
}

/**
 * The exactly-once claim on one period: a single INSERT … ON CONFLICT DO NOTHING on the unique (subscription,
 * period). The caller that inserted the row charges the period; every other caller gets null and charges nothing.
 */
export async function claimPeriod(input: {
  subscriptionId: number;
  period: number;
  orderNumber: string;
  idempotencyKey: string;
  trigger: Renewal["trigger"];
  now: number;
}): Promise<Renewal | null> {
  const [row] = await db()
    .insert(subscriptionRenewals)
    .values({
      subscriptionId: input.subscriptionId,
      period: input.period,
      status: "charging",
      attempts: 1,
      claimedAt: input.now,
      orderNumber: input.orderNumber,
      idempotencyKey: input.idempotencyKey,
      trigger: input.trigger,
      updatedAt: iso(input.now),
    })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/**
 * Claims an existing period again, in one conditional UPDATE: a refused one whose retry time has come (a new attempt,
 * with a new key), or one whose caller died mid-call (the same attempt and key, so Klarna answers with the first
 * result). Null when the period is placed, given up, not due yet or held by a live caller.
 */
export async function reclaimPeriod(input: {
  subscriptionId: number;
  period: number;
  idempotencyKey: string;
  trigger: Renewal["trigger"];
  now: number;
}): Promise<Renewal | null> {
  const where = and(eq(subscriptionRenewals.subscriptionId, input.subscriptionId), eq(subscriptionRenewals.period, input.period));
  const [retried] = await db()
    .update(subscriptionRenewals)
    .set({
      status: "charging",
      attempts: sql`${subscriptionRenewals.attempts} + 1`,
      claimedAt: input.now,
      idempotencyKey: input.idempotencyKey,
      trigger: input.trigger,
      nextAttemptAt: null,
      updatedAt: iso(input.now),
    })
    .where(
      and(
        where,
        eq(subscriptionRenewals.status, "refused"),
        input.trigger === "manual" ? undefined : lte(subscriptionRenewals.nextAttemptAt, input.now),
      ),
    )
    .returning();
  if (retried) return retried;
  const [repeated] = await db()
    .update(subscriptionRenewals)
    .set({ claimedAt: input.now, updatedAt: iso(input.now) })
    .where(and(where, eq(subscriptionRenewals.status, "charging"), lt(subscriptionRenewals.claimedAt, input.now - STALE_CLAIM_MS)))
    .returning();
  return repeated ?? null;
}

/** Klarna placed the renewal: the period is done and the subscription moves on to the next one, once. */
export async function recordPlaced(renewal: Renewal, klarnaOrderId: string, next: { period: number; chargeAt: string }, now: number) {
  await db()
    .update(subscriptionRenewals)
    .set({ status: "placed", klarnaOrderId, lastError: null, updatedAt: iso(now) })
    .where(and(eq(subscriptionRenewals.id, renewal.id), eq(subscriptionRenewals.status, "charging")));
  await db()
    .update(subscriptions)
    .set({ nextPeriod: next.period, nextChargeAt: next.chargeAt })
    .where(and(eq(subscriptions.id, renewal.subscriptionId), eq(subscriptions.nextPeriod, renewal.period)));
}

export async function recordRefused(renewal: Renewal, error: string, nextAttemptAt: number | null, now: number) {
  await db()
    .update(subscriptionRenewals)
    .set({ status: nextAttemptAt === null ? "given_up" : "refused", nextAttemptAt, lastError: error, updatedAt: iso(now) })
    .where(and(eq(subscriptionRenewals.id, renewal.id), eq(subscriptionRenewals.status, "charging")));
}

/** Pauses an active subscription; false when it was not active. */
export async function setPaused(id: number, reason: string): Promise<boolean> {
  const rows = await db()
    .update(subscriptions)
    .set({ status: "paused", statusReason: reason })
    .where(and(eq(subscriptions.id, id), eq(subscriptions.status, "active")))
    .returning({ id: subscriptions.id });
  return rows.length === 1;
}

/**
 * Resumes a paused subscription. A period given up on is tried again at once (attempts start over); otherwise the
 * periods missed while paused are skipped, so resuming never charges for time the shopper did not get.
 */
export async function setResumed(id: number, now: number, next: { period: number; chargeAt: string } | null): Promise<boolean> {
  const rows = await db()
    .update(subscriptions)
    .set({ status: "active", statusReason: null, ...(next ? { nextPeriod: next.period, nextChargeAt: next.chargeAt } : {}) })
    .where(and(eq(subscriptions.id, id), eq(subscriptions.status, "paused")))
    .returning({ id: subscriptions.id });
  if (rows.length === 0) return false;
  await db()
    .update(subscriptionRenewals)
    .set({ status: "refused", attempts: 0, nextAttemptAt: now, updatedAt: iso(now) })
    .where(and(eq(subscriptionRenewals.subscriptionId, id), eq(subscriptionRenewals.status, "given_up")));
  return true;
}

export async function givenUpPeriod(id: number): Promise<Renewal | null> {
  const [row] = await db()
    .select()
    .from(subscriptionRenewals)
    .where(and(eq(subscriptionRenewals.subscriptionId, id), eq(subscriptionRenewals.status, "given_up")));
  return row ?? null;
}

export async function setCancelled(id: number, by: "merchant" | "shopper", now: number): Promise<boolean> {
  const rows = await db()
    .update(subscriptions)
    .set({ status: "cancelled", cancelledBy: by, cancelledAt: iso(now), statusReason: by === "shopper" ? "Cancelled by the shopper" : "Cancelled by the merchant", tokenStatus: "CANCELLED" })
    .where(and(eq(subscriptions.id, id), inArray(subscriptions.status, ["active", "paused"])))
    .returning({ id: subscriptions.id });
  return rows.length === 1;
}

export async function setTokenStatus(id: number, tokenStatus: string) {
  await db().update(subscriptions).set({ tokenStatus }).where(eq(subscriptions.id, id));
}

/** Paused subscriptions the merchant has to look at (refused renewals), for the back office's notice. */
export async function pausedByRefusal(): Promise<Subscription[]> {
  return db()
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.status, "paused"), isNull(subscriptions.cancelledAt), sql`${subscriptions.statusReason} like 'Klarna refused%'`));
}
