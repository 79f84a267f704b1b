import { klarnaPaymentsProvider } from "@/lib/payments/klarna-payments/provider";
import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { db } from "@/db";
import { orders, subscriptionRenewals } from "@/db/schema";
import { KlarnaApiError, describeKlarnaError } from "@/lib/klarna";
import { log } from "@/lib/observability/logger";
import { allocateOrderNumber } from "@/lib/orders/order-store";
import { finalize } from "@/lib/orders/finalize";
import { subscriptionNow } from "./clock";
import { customerTokens, type TokenOrderRequest } from "./customer-token-api";
import { addPeriods } from "./interval";
import { ATTEMPTS_BEFORE_PAUSE, nextAttemptAfterRefusal } from "./retry-schedule";
import { retryTokenize } from "./start";
import {
  claimPeriod,
  dueSubscriptions,
  findSubscription,
  reclaimPeriod,
  recordPlaced,
  recordRefused,
  setPaused,
  type Renewal,
  type Subscription,
} from "./store";

export type ChargeOutcome =
  /** Klarna placed the renewal; `orderNumber` is the store order it became. */
  | { outcome: "placed"; period: number; orderNumber: string; klarnaOrderId: string }
  /** Klarna refused; the period is tried again at `retryAt` (epoch ms). */
  | { outcome: "refused"; period: number; message: string; retryAt: number }
  /** Klarna refused for the last time: the subscription is paused. */
  | { outcome: "paused"; period: number; message: string }
  /** Klarna could not be reached; the same attempt is repeated (same idempotency key) on a later run. */
  | { outcome: "failed"; period: number; message: string }
  /** Another caller holds the period, or it is done, or its retry is not due. */
  | { outcome: "skipped"; period: number };

/**
 * Charges one period of a subscription with its customer token, exactly once across callers and instances: the
 * period is claimed in one statement (store.ts claimPeriod / reclaimPeriod) before Klarna is called, no transaction
 * is held across the call, and the call carries the attempt's Klarna-Idempotency-Key. The renewal then becomes an
 * ordinary store order through finalize (stock, events, acknowledgement), captured from the back office.
 */
export async function chargePeriod(subscription: Subscription, trigger: Renewal["trigger"], now: number): Promise<ChargeOutcome> {
  const period = subscription.nextPeriod;
  if (subscription.status !== "active" || !subscription.customerToken) return { outcome: "skipped", period };
  // The order number belongs to the period: every attempt of it sends the same merchant_reference1.
  const orderNumber = await allocateOrderNumber(`subscription:${subscription.id}:${period}`);
  const idempotencyKey = `subscription-${subscription.id}-period-${period}-${randomUUID()}`;
  const claim = { subscriptionId: subscription.id, period, idempotencyKey, trigger, now };
  const renewal = (await claimPeriod({ ...claim, orderNumber })) ?? (await reclaimPeriod(claim));
  if (!renewal) return { outcome: "skipped", period };

  let klarnaOrderId: string;
  try {
    const created = await customerTokens.createOrder(subscription.customerToken, renewalRequest(subscription, renewal), renewal.idempotencyKey);
    klarnaOrderId = created.order_id;
  } catch (error) {
    const message = describeKlarnaError(error);
    if (!(error instanceof KlarnaApiError)) {
      log().warn({ subscription: subscription.id, period, outcome: "failed" }, "renewal: Klarna not reached");
      return { outcome: "failed", period, message };
    }
    const retryAt = nextAttemptAfterRefusal(renewal.attempts, now);
    await recordRefused(renewal, message, retryAt, now);
    log().info({ subscription: subscription.id, period, attempts: renewal.attempts, outcome: "refused" }, "renewal refused by Klarna");
    if (retryAt === null) {
      await setPaused(subscription.id, `Klarna refused renewal ${period} (${ATTEMPTS_BEFORE_PAUSE} attempts): ${message}`);
      return { outcome: "paused", period, message };
    }
    return { outcome: "refused", period, message, retryAt };
  }

  const cadence = { interval: subscription.interval, intervalCount: subscription.intervalCount };
  const nextChargeAt = addPeriods(new Date(subscription.startedAt), cadence, period + 1).toISOString();
  await recordPlaced(renewal, klarnaOrderId, { period: period + 1, chargeAt: nextChargeAt }, now);
  await finalizeRenewal(klarnaOrderId);
  return { outcome: "placed", period, orderNumber: renewal.orderNumber, klarnaOrderId };
}

/**
 * Body of POST /customer-token/v1/tokens/{customerToken}/order, schema `customer_token_order`
 * (reference/klarna/customer-token-v1.openapi.yml): purchase_currency, order_amount, order_tax_amount and order_lines
 * (each subscription line with its `subscription` object) required; merchant_reference1 is the store's order number
 * ("shown on the confirmation page as order number"); shipping_address the first order's; auto_capture false, so the
 * merchant captures from the back office like any order.
 */
function renewalRequest(subscription: Subscription, renewal: Renewal): TokenOrderRequest {
  return {
    purchase_currency: subscription.currency,
    order_amount: subscription.amount,
    order_tax_amount: subscription.taxAmount,
    order_lines: subscription.lines,
    merchant_reference1: renewal.orderNumber,
    ...(subscription.shippingAddress ? { shipping_address: subscription.shippingAddress } : {}),
    auto_capture: false,
  };
}

async function finalizeRenewal(klarnaOrderId: string): Promise<void> {
  try {
    await finalize({ provider: klarnaPaymentsProvider.id, reference: klarnaOrderId }, "subscription");
  } catch (error) {
    // The renewal is placed at Klarna; the next cron run finalizes it (unfinalizedRenewals).
    log().warn({ klarnaOrderId, error: error instanceof Error ? error.message : String(error) }, "renewal not finalized yet");
  }
}

export interface RenewalRun {
  now: string;
  placed: number;
  refused: number;
  paused: number;
  failed: number;
  skipped: number;
}

/**
 * The cron step (app/api/cron/reconcile): charges every active subscription whose next period is due on the
 * subscription clock, catching up at most 12 periods per subscription and run; retries refused periods whose time
 * has come; finishes token requests and renewals whose caller died. Safe to run on many instances at once.
 */
export async function runDueRenewals(): Promise<RenewalRun> {
  const now = await subscriptionNow();
  const run: RenewalRun = { now: new Date(now).toISOString(), placed: 0, refused: 0, paused: 0, failed: 0, skipped: 0 };
  for (const due of await dueSubscriptions(now)) {
    if (due.status === "tokenizing") {
      await retryTokenize(due, now);
      continue;
    }
    for (let periods = 0; periods < 12; periods++) {
      const current = await findSubscription(due.id);
      if (!current || current.status !== "active" || Date.parse(current.nextChargeAt) > now) break;
      const result = await chargePeriod(current, "schedule", now);
      run[result.outcome] += 1;
      if (result.outcome !== "placed") break;
    }
  }
  for (const renewal of await unfinalizedRenewals()) {
    if (renewal.klarnaOrderId) await finalizeRenewal(renewal.klarnaOrderId);
  }
  return run;
}

/** Renewals Klarna placed whose store order does not exist yet (the caller died between the two). */
async function unfinalizedRenewals(): Promise<Renewal[]> {
  const rows = await db()
    .select({ renewal: subscriptionRenewals })
    .from(subscriptionRenewals)
    .leftJoin(orders, eq(orders.klarnaOrderId, subscriptionRenewals.klarnaOrderId))
    .where(and(eq(subscriptionRenewals.status, "placed"), isNotNull(subscriptionRenewals.klarnaOrderId), isNull(orders.id)))
    .limit(50);
  return rows.map((row) => row.renewal);
}
