import { and, asc, eq, inArray, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import { db } from "@/db";
import { orders } from "@/db/schema";
import { releaseAbandonedCouponClaims } from "@/lib/coupons/coupons";
import { describeKlarnaError } from "@/lib/klarna";
import { finalize } from "@/lib/orders/finalize";
import { DEFAULT_PROVIDER_ID, UnknownPurchaseError, type ProviderId, type SweepOccasion } from "@/lib/payments/provider";
import { paymentProviders } from "@/lib/payments/registry";
import { rememberProviderState } from "./klarna-cache";
import { authorizationExpiry, authorizationExpirySql, type StatusInputs } from "./order-status";

/** Klarna pushes until an order is acknowledged; one still pending after this long needs looking at. */
export const UNACKNOWLEDGED_AFTER_MS = 10 * 60_000;
/** Authorizations ending within this window are shown, so the merchant captures or extends in time. */
export const EXPIRY_WARNING_MS = 48 * 3_600_000;

/**
 * Klarna's authorization of a checkout lasts 60 minutes, so a checkout that has not become an order after this long
 * can no longer be paid, and the coupon use it claimed is given back.
 */
export const ABANDONED_CHECKOUT_AFTER_MS = 60 * 60_000;

export type ReconcileReason = "unacknowledged" | "expiring";

type Row = StatusInputs & { id: number };

/**
 * Provider status words (upper-cased) of an authorization that can still be captured: Order Management's and the
 * payment transaction's AUTHORIZED and PART_CAPTURED, Checkout.com's "Authorized" and "Partially Captured"
 * (reference/checkout-com/notes.md).
 */
const OPEN_STATUSES = ["AUTHORIZED", "PART_CAPTURED", "PARTIALLY CAPTURED"];

/** Why an order belongs in the reconcile panel; empty when it does not. */
export function reconcileReasons(order: Row, now: Date): ReconcileReason[] {
  const reasons: ReconcileReason[] = [];
  if (order.status === "pending" && now.getTime() - new Date(order.createdAt).getTime() >= UNACKNOWLEDGED_AFTER_MS) {
    reasons.push("unacknowledged");
  }
  const open = order.providerStatus === null || OPEN_STATUSES.includes(order.providerStatus.toUpperCase());
  if (
    order.status !== "cancelled" &&
    open &&
    order.capturedAmount < order.orderAmount &&
    authorizationExpiry(order).getTime() - now.getTime() <= EXPIRY_WARNING_MS
  ) {
    reasons.push("expiring");
  }
  return reasons;
}

export interface ReconcileCandidate {
  id: number;
  provider: ProviderId;
  /** The provider's reference of the order (the Klarna order id for Klarna Payments and Kustom). */
  providerReference: string;
  orderNumber: string;
  email: string | null;
  market: string;
  currency: string;
  orderAmount: number;
  capturedAmount: number;
  createdAt: string;
  expiresAt: string;
  /** True until Klarna's expiry has been read; until then it is the default period from the order's creation. */
  expiryEstimated: boolean;
  reasons: ReconcileReason[];
}

/** Orders not acknowledged 10 minutes after creation, and open authorizations ending within 48 hours. */
export async function reconcileCandidates(now: Date = new Date(), limit = 200): Promise<ReconcileCandidate[]> {
  const staleBefore = new Date(now.getTime() - UNACKNOWLEDGED_AFTER_MS).toISOString();
  const warnBefore = new Date(now.getTime() + EXPIRY_WARNING_MS).toISOString();
  const rows = await db()
    .select()
    .from(orders)
    .where(
      or(
        and(eq(orders.status, "pending"), lte(orders.createdAt, staleBefore)),
        and(
          ne(orders.status, "cancelled"),
          or(isNull(orders.providerStatus), inArray(sql`upper(${orders.providerStatus})`, OPEN_STATUSES)),
          lt(orders.capturedAmount, orders.orderAmount),
          sql`${authorizationExpirySql} <= ${warnBefore}`,
        ),
      ),
    )
    .orderBy(asc(orders.createdAt))
    .limit(limit);
  return rows
    .map((row) => ({ row, reasons: reconcileReasons(row, now) }))
    .filter(({ reasons }) => reasons.length > 0)
    .map(({ row, reasons }) => ({
      id: row.id,
      provider: row.provider,
      providerReference: row.providerReference,
      orderNumber: row.orderNumber,
      email: row.email,
      market: row.market,
      currency: row.currency,
      orderAmount: row.orderAmount,
      capturedAmount: row.capturedAmount,
      createdAt: row.createdAt,
      expiresAt: authorizationExpiry(row).toISOString(),
      expiryEstimated: row.authorizationExpiresAt === null,
      reasons,
    }));
}

export type ReconcileOutcome = "acknowledged" | "cancelled" | "already_settled" | "in_progress" | "failed";

export interface ReconcileResult {
  providerReference: string;
  orderNumber: string | null;
  outcome: ReconcileOutcome;
  /** Klarna's status after reconciling, when it could be read. */
  providerStatus: string | null;
  message: string;
}

const MESSAGES: Record<Exclude<ReconcileOutcome, "failed">, string> = {
  acknowledged: "Acknowledged at Klarna.",
  cancelled: "Cancelled at Klarna: the store will not ship it.",
  already_settled: "Already acknowledged or cancelled; Klarna's state is refreshed.",
  in_progress: "Another request is settling this order right now. Try again in a minute.",
};

/**
 * Reads the order from Klarna and settles it the one way the store settles orders (lib/orders/finalize.ts):
 * acknowledge, or cancel if the store will not ship it. Then remembers Klarna's state on the store's row.
 */
export async function reconcileOrder(providerReference: string, provider: ProviderId = DEFAULT_PROVIDER_ID): Promise<ReconcileResult> {
  try {
    const result = await finalize({ provider, reference: providerReference }, "reconcile");
    const cancelledNow = result.settlement === "cancelled";
    await rememberProviderState(
      cancelledNow
        ? { ...result.purchase, providerStatus: "CANCELLED", cancelledByProvider: result.order.cancelReason ?? "Cancelled" }
        : result.purchase,
    );
    if (result.settlement === "failed") {
      return {
        providerReference,
        orderNumber: result.order.orderNumber,
        outcome: "failed",
        providerStatus: result.purchase.providerStatus,
        message: describeKlarnaError(result.error),
      };
    }
    return {
      providerReference,
      orderNumber: result.order.orderNumber,
      outcome: result.settlement,
      providerStatus: cancelledNow ? "CANCELLED" : result.purchase.providerStatus,
      message: MESSAGES[result.settlement],
    };
  } catch (error) {
    const [row] = await db()
      .select({ orderNumber: orders.orderNumber })
      .from(orders)
      .where(and(eq(orders.provider, provider), eq(orders.providerReference, providerReference)));
    return {
      providerReference,
      orderNumber: row?.orderNumber ?? null,
      outcome: "failed",
      providerStatus: null,
      message: error instanceof UnknownPurchaseError ? "The provider has no order with this id." : describeKlarnaError(error),
    };
  }
}

export interface ReconcileSummary {
  checked: number;
  acknowledged: number;
  cancelled: number;
  refreshed: number;
  failed: number;
  /** Coupon uses given back from checkouts that never became orders. */
  releasedCouponClaims: number;
  orders: ReconcileResult[];
}

/**
 * Reconciles every order in the panel, one after another (Klarna rate-limits bursts), and gives back the coupon
 * uses of abandoned checkouts.
 */
export async function reconcileAll(now: Date = new Date()): Promise<ReconcileSummary> {
  const releasedCouponClaims = await releaseAbandonedCouponClaims(new Date(now.getTime() - ABANDONED_CHECKOUT_AFTER_MS));
  // Each provider's own sweep first (payment requests whose journey ended with neither a webhook nor the shopper's
  // return, Checkout.com events kept for an order that exists now, payments whose decision never arrived).
  await sweepProviders(now, "reconcile");
  const candidates = await reconcileCandidates(now);
  const results: ReconcileResult[] = [];
  for (const candidate of candidates) results.push(await reconcileOrder(candidate.providerReference, candidate.provider));
  const count = (outcome: ReconcileOutcome) => results.filter((result) => result.outcome === outcome).length;
  return {
    checked: results.length,
    acknowledged: count("acknowledged"),
    cancelled: count("cancelled"),
    refreshed: count("already_settled"),
    failed: count("failed") + count("in_progress"),
    releasedCouponClaims,
    orders: results,
  };
}

/** The scheduler settles an order pending this long: Klarna's first push comes at once, its retries minutes apart. */
export const SETTLE_PENDING_AFTER_MS = 60_000;

/**
 * Settles every order still pending `pendingForMs` after its creation, one after another, each with its own
 * provider: an acknowledgement lost to a crash or a timeout leaves an order that Klarna no longer pushes, and this
 * heals it with no human (lib/orders/reconcile-scheduler.ts runs it every minute in the store process). Then it
 * runs the providers' scheduled sweeps (Checkout.com: events kept for payments whose order exists now).
 */
export async function settlePendingOrders(now: Date = new Date(), pendingForMs = SETTLE_PENDING_AFTER_MS, limit = 200) {
  const rows = await db()
    .select({ reference: orders.providerReference, provider: orders.provider })
    .from(orders)
    .where(and(eq(orders.status, "pending"), lte(orders.createdAt, new Date(now.getTime() - pendingForMs).toISOString())))
    .orderBy(asc(orders.createdAt))
    .limit(limit);
  const results: ReconcileResult[] = [];
  for (const row of rows) results.push(await reconcileOrder(row.reference, row.provider));
  await sweepProviders(now, "scheduled");
  return results;
}

/** Every provider's own reconcile sweep (optional: probed), one after another. */
async function sweepProviders(now: Date, occasion: SweepOccasion): Promise<void> {
  for (const provider of await paymentProviders()) await provider.sweep?.(now, occasion);
}
