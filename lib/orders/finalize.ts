import "server-only";
import { randomUUID } from "node:crypto";
import type { WriteStatement } from "@/db/batch";
import { sessionKeysByIdRead, type CheckoutSessionKeys } from "@/lib/checkout/session-store";
import { ProviderUnreachableError } from "@/lib/payments/errors";
import { UnknownPurchaseError, type ProviderId, type Purchase } from "@/lib/payments/provider";
import { paymentProvider } from "@/lib/payments/registry";
import { addLogContext, log } from "@/lib/observability/logger";
import { inSpan, spanAttributes } from "@/lib/observability/tracing";
import { isMarketCode, MARKETS } from "@/lib/pricing/markets";
import { renewalOrderNumberRead } from "@/lib/subscriptions/order-number";
import { startSubscriptionAfterOrder } from "@/lib/subscriptions/start";
import type { Denial } from "@/lib/validation/denials";
import { checkDeliveryAndBlocked, type OrderUnderValidation, type RulesRead } from "@/lib/validation/validate-order";
import {
  authorizationExpiryFillWrite,
  claimSettlement,
  findOrderById,
  insertOrderOnce,
  markAcknowledgedWithEvent,
  markCancelledWithEvent,
  recordProviderChanges,
  releaseSettlement,
  releaseSettlementWithEvent,
  type ProviderChanges,
  type StoreOrder,
} from "./order-store";

export type FinalizeSource =
  | "confirmation"
  | "push"
  | "authorization"
  | "place_order"
  | "reconcile"
  | "notification"
  | "webhook"
  /** A subscription's renewal, placed with its customer token (lib/subscriptions/renewals.ts). */
  | "subscription";

/** Which purchase to finalize: the provider, and the provider's id of the purchase. */
export interface PurchaseRef {
  provider: ProviderId;
  reference: string;
}

export type Settlement =
  /** This call acknowledged the order at the provider. */
  | "acknowledged"
  /** This call cancelled the order at the provider, because the store will not ship it. */
  | "cancelled"
  /** An earlier call already settled it. */
  | "already_settled"
  /** Another caller is settling it right now. */
  | "in_progress"
  /** The provider refused or could not be reached; the next push, webhook or reload tries again. */
  | "failed";

export interface FinalizeResult {
  order: StoreOrder;
  created: boolean;
  settlement: Settlement;
  purchase: Purchase;
  error?: unknown;
}

/**
 * The one path that turns a provider's purchase into a store order, used by every provider's entry points (place
 * order, confirmation page, callbacks, push, webhooks, reconcile), in any order, any number of times, concurrently:
 * read the purchase from the provider's API (never trust a callback body), create the store order once, then
 * acknowledge it, or cancel it if the store cannot ship it, so every order ends acknowledged or cancelled.
 *
 * `expectedSessionId` binds a callback to its checkout session: a purchase made from another session is refused.
 * A caller that has just read that session (a push, by its callback token) passes it as `expectedSession`, so it is
 * not read again.
 * Throws `UnknownPurchaseError` when the provider has no such purchase; nothing is written then.
 */
export async function finalize(
  ref: PurchaseRef,
  source: FinalizeSource,
  options: FinalizeOptions = {},
): Promise<FinalizeResult> {
  return inSpan("finalize", { "store.provider": ref.provider, "store.finalize.source": source }, () => finalizeJoined(ref, source, options));
}

interface FinalizeOptions {
  expectedSessionId?: string;
  /** The session `expectedSessionId` names, as the caller read it. */
  expectedSession?: CheckoutSessionKeys;
  /**
   * What the caller's own run of the merchant's rules read a moment ago (place order, just before placing it): the
   * delivery and block-list rules use it when it covers the purchase read here, instead of reading them again.
   */
  rulesRead?: RulesRead;
  /** A caller's writes that may go in this call's acknowledgement batch (`SettleWith`). */
  settleWith?: SettleWith;
  /** A caller's writes that go in this call's creation batch (`CreateWith`). */
  createWith?: CreateWith;
  /**
   * The purchase as the provider's own API has just stated it to the caller (never built from a callback's body), with
   * what `readPurchase` would have thrown already thrown: finalize then does not read the provider a second time.
   * Klarna Payments' place order passes the order its create-order call just placed
   * (lib/payments/klarna-payments/placement-purchase.ts); a webhook that re-reads the payment to record its state
   * passes it (lib/payments/checkout-com/webhooks.ts).
   */
  purchase?: Purchase;
  /**
   * The store order for this purchase as the caller read it a moment ago in a round trip of its own (a webhook, with
   * the event's record). When it is already settled (acknowledged or cancelled; an order never
   * goes back to pending), there is nothing to create, check or settle: finalize only keeps it in step with the
   * purchase (`followProvider`, which writes only what changed) and reads nothing. A pending one goes the whole way.
   */
  order?: StoreOrder;
}

/**
 * Writes a caller would otherwise send in a round trip of its own just before finalize (place order's record of the
 * order Klarna placed, on its session), sent instead in the write batch that creates the order (or finds it made):
 * `written` then says they are durable. A call that never reaches that batch (the provider could not be read, the
 * purchase is another session's) or that joined another caller's finalize leaves `written` false, and the caller
 * writes them itself.
 */
export interface CreateWith {
  statements: readonly WriteStatement[];
  written: boolean;
}

/**
 * Writes a caller (a webhook's inbox) would otherwise send in a round trip of its own after finalize (the provider's
 * record of the purchase, the event's "applied" mark), sent instead in the write batch that acknowledges the order when
 * this call acknowledges it: `written` then says they are durable, with the acknowledgement. Statements that decide
 * by themselves (a guarded update), so the batch holds whatever they find. Otherwise `written` stays false and the
 * caller writes them itself.
 */
export interface SettleWith {
  /** The statements, asked for at the acknowledgement (the caller may add to them while finalize runs). */
  statements: () => readonly WriteStatement[];
  written: boolean;
}

async function finalizeJoined(ref: PurchaseRef, source: FinalizeSource, options: FinalizeOptions): Promise<FinalizeResult> {
  if (!JOINABLE.has(source)) return finalizeNow(ref, source, options);
  const key = JSON.stringify([ref.provider, ref.reference, options.expectedSessionId ?? null]);
  const running = inFlight.get(key);
  if (running) return joined(await running);
  const flight = finalizeNow(ref, source, options);
  inFlight.set(key, flight);
  try {
    return await flight;
  } finally {
    inFlight.delete(key);
  }
}

/**
 * Callers that only say "this purchase exists" (a push, the confirmation page, the authorization callback, place
 * order). Duplicates of them arrive together (Klarna's pushes can, the confirmation page races the callback), and one
 * arriving while this process already finalizes the same purchase for the same checkout waits for that call and
 * shares its answer, instead of reading the provider again and finding the settlement claimed. Notifications,
 * webhooks and reconcile say something changed, so they always read the provider afresh. Across processes the
 * settlement claim in the database still decides.
 */
const JOINABLE: ReadonlySet<FinalizeSource> = new Set(["push", "confirmation", "authorization", "place_order"]);
const inFlight = new Map<string, Promise<FinalizeResult>>();

/** A joined call's view of the shared result: it created nothing and settled nothing itself. */
function joined(result: FinalizeResult): FinalizeResult {
  const settledByOther = result.settlement === "acknowledged" || result.settlement === "cancelled";
  return { ...result, created: false, settlement: settledByOther ? "already_settled" : result.settlement };
}

async function finalizeNow(
  ref: PurchaseRef,
  source: FinalizeSource,
  options: FinalizeOptions,
): Promise<FinalizeResult> {
  const started = performance.now();
  const held = options.purchase;
  if (held && (held.provider !== ref.provider || held.reference !== ref.reference)) {
    throw new Error(`finalize was handed ${held.provider} ${held.reference} for ${ref.provider} ${ref.reference}`);
  }
  const purchase: Purchase =
    held ??
    (await inSpan("provider.read_purchase", { "store.provider": ref.provider }, () =>
      paymentProvider(ref.provider).then((provider) => provider.readPurchase(ref.reference)),
    ));
  if (options.expectedSessionId !== undefined && purchase.checkoutSessionId !== options.expectedSessionId) {
    throw new UnknownPurchaseError(ref.provider, ref.reference);
  }

  const given = options.order;
  // A purchase the provider ended (voided, expired) goes the whole way: the cancellation is decided on the order as the
  // creation batch reads it now, not on the caller's earlier read, so it is applied once.
  if (given && given.status !== "pending" && !purchase.cancelledByProvider && given.provider === ref.provider && given.providerReference === ref.reference) {
    return followSettled(given, purchase, source);
  }

  const known = options.expectedSession;
  const heldSession = purchase.checkoutSessionId && known && known.id === purchase.checkoutSessionId ? known : null;
  const readSession = Boolean(purchase.checkoutSessionId) && !heldSession;
  // The purchase carries the addresses the shopper confirmed: the authoritative ones for the merchant's rules.
  const rules = orderForRules(purchase);
  // One round trip for all finalize reads before it writes: the rules' products and block list, the checkout session
  // (unless the caller holds it), and the renewal's order number (needed when the session gives none: a renewal has
  // no checkout session). Each extra read goes into the rules' batch only when it is needed.
  const readRenewal = !heldSession?.orderNumber;
  // A caller that ran the rules itself (place order) hands over what they read: with nothing else to read, and the
  // purchase's goods and shopper the ones it checked, this costs no round trip.
  const { denial: refusal, alongside } = await checkDeliveryAndBlocked(
    rules,
    [
      ...(readSession ? [sessionKeysByIdRead(purchase.checkoutSessionId!)] : []),
      ...(readRenewal ? [renewalOrderNumberRead(purchase.reference)] : []),
    ],
    options.rulesRead,
  );
  const sessionRows = readSession ? (alongside[0] as CheckoutSessionKeys[]) : [];
  const renewalRows = readRenewal ? (alongside[readSession ? 1 : 0] as { orderNumber: string }[]) : [];
  const session = !purchase.checkoutSessionId ? null : (heldSession ?? sessionRows[0] ?? null);
  const market = session?.market ?? (isMarketCode(purchase.country) ? purchase.country : "SE");

  // One write batch (db/units.ts): the order once, its stock, the cart, the session, finalize's event row (created,
  // or existing for a caller that found it pending), and for the creator the settlement claim it goes on to use.
  const { order, created, claim } = await insertOrderOnce(
    {
      refusal: refusal ? refusalText(refusal) : null,
      provider: purchase.provider,
      providerReference: purchase.reference,
      klarnaOrderId: purchase.klarnaOrderId,
      // A renewal has no checkout session: its number is the one its period was given (lib/subscriptions/).
      orderNumber: session?.orderNumber ?? renewalRows[0]?.orderNumber ?? null,
      checkoutSessionId: session?.id ?? null,
      cartId: session?.cartId ?? null,
      market,
      currency: purchase.currency,
      locale: purchase.locale ?? MARKETS[isMarketCode(market) ? market : "SE"].klarnaLocale,
      email: purchase.email,
      orderAmount: purchase.amount,
      orderTaxAmount: purchase.taxAmount,
      lines: purchase.lines,
      billingAddress: purchase.billingAddress,
      shippingAddress: purchase.shippingAddress,
      paymentMethod: purchase.paymentMethod,
      fraudStatus: purchase.fraudStatus,
      // What the provider reports now, so that followProvider has nothing to write for a new order.
      providerState: {
        providerStatus: purchase.providerStatus,
        capturedAmount: purchase.capturedAmount,
        refundedAmount: purchase.refundedAmount,
        authorizationExpiresAt: purchase.authorizationExpiresAt,
      },
    },
    { claimToken: randomUUID(), event: { source, latencyMs: performance.now() - started }, alongside: creationAlongside(purchase, options) },
  );
  if (options.createWith) options.createWith.written = true;

  addLogContext({ provider: order.provider, orderNumber: order.orderNumber });
  spanAttributes({ "store.order_number": order.orderNumber, "store.order.created": created });
  let current: StoreOrder;
  try {
    current = await followProvider(order, purchase, source);
  } catch (error) {
    // The creator's claim goes too, so the next push or reconcile settles the order at once, not once it is stale.
    if (claim) await releaseSettlement(order.id, claim).catch(() => undefined);
    throw error;
  }
  const settled = await settle(current, purchase, source, claim ?? null, options.settleWith);
  // A first order with subscription products gets its subscription and customer token, once (lib/subscriptions/).
  if (settled.order.status === "acknowledged" && settled.order.checkoutSessionId) await startSubscriptionAfterOrder(settled.order);
  return finalized({ order: settled.order, created, settlement: settled.settlement, purchase, error: settled.error }, source);
}

/**
 * A settled order the caller read (`FinalizeOptions.order`) kept in step with a purchase the provider has not ended:
 * what finalize does for it once it has found it made and settled, without the rules' read and the creation batch that
 * would find it so. Its writes (the provider's state, only forward; the fraud decision; the authorization's expiry where
 * the row has none, as the creation batch would fill it) go in one batch, none when nothing changed. No subscription is
 * started here: the call that settled the order started it, and the cron step finishes one that failed
 * (lib/subscriptions/start.ts); the row, read before the provider was, may be older than the order now is.
 */
async function followSettled(order: StoreOrder, purchase: Purchase, source: FinalizeSource): Promise<FinalizeResult> {
  const expiry = purchase.authorizationExpiresAt && !order.authorizationExpiresAt ? purchase.authorizationExpiresAt : undefined;
  addLogContext({ provider: order.provider, orderNumber: order.orderNumber });
  const current = await followProvider(order, purchase, source, expiry);
  return finalized({ order: current, created: false, settlement: "already_settled", purchase }, source);
}

/** Logs a finalize's result, ids and outcomes only (the purchase's e-mail and addresses stay out of the log), and gives it. */
function finalized(result: FinalizeResult, source: FinalizeSource): FinalizeResult {
  const { order, created, settlement } = result;
  log().info({ provider: order.provider, orderNumber: order.orderNumber, source, created, outcome: settlement, status: order.status }, "order finalized");
  return result;
}

/**
 * The caller's writes for the creation batch (`CreateWith`), and the authorization's expiry where the provider reports
 * one, on an order row that has none (created from Klarna's answer to its placement): no round trip of its own.
 */
function creationAlongside(purchase: Purchase, options: FinalizeOptions): readonly WriteStatement[] | undefined {
  const expiry = purchase.authorizationExpiresAt;
  if (!expiry) return options.createWith?.statements;
  return [...(options.createWith?.statements ?? []), authorizationExpiryFillWrite(purchase.provider, purchase.reference, expiry)];
}

/**
 * Keeps the store order in step with decisions the provider makes after the purchase: what it captured and refunded,
 * its status word, a fraud review that ends
 * (PENDING → ACCEPTED or REJECTED) and a purchase the provider cancelled, which must then not be shipped.
 */
async function followProvider(order: StoreOrder, purchase: Purchase, source: FinalizeSource, expiryFill?: string): Promise<StoreOrder> {
  const changes: ProviderChanges = expiryFill ? { expiryFill } : {};
  // Captures and refunds reported by a webhook or notification reach the order row the list and reconcile read.
  if (
    purchase.providerStatus !== order.providerStatus ||
    purchase.capturedAmount !== order.capturedAmount ||
    purchase.refundedAmount !== order.refundedAmount
  ) {
    changes.state = purchase;
  }
  if (purchase.fraudStatus !== null && purchase.fraudStatus !== order.fraudStatus) changes.fraudStatus = purchase.fraudStatus;
  const reason = purchase.cancelledByProvider;
  if (reason && order.status === "acknowledged") {
    changes.cancel = {
      reason,
      event: {
        providerReference: order.providerReference,
        provider: order.provider,
        source,
        action: "cancel",
        outcome: "cancelled",
        detail: reason,
        latencyMs: 0,
      },
    };
  }
  // All of it in one write (none when nothing changed, as for an order just created from this read).
  return recordProviderChanges(order, changes);
}

/**
 * Acknowledges or cancels a pending order at its provider, under the settlement claim: the one this caller took when
 * it created the order (`held`), or one it takes now.
 */
async function settle(
  order: StoreOrder,
  purchase: Purchase,
  source: FinalizeSource,
  held: string | null,
  settleWith?: SettleWith,
): Promise<{ order: StoreOrder; settlement: Settlement; error?: unknown }> {
  if (order.status !== "pending") return { order, settlement: "already_settled" };
  const claim = held ?? (await claimSettlement(order.id));
  if (!claim) {
    // The claim is lost when another caller holds it or has just settled the order: read which, and say so.
    const now = (await findOrderById(order.id)) ?? order;
    return { order: now, settlement: now.status === "pending" ? "in_progress" : "already_settled" };
  }

  const provider = await paymentProvider(purchase.provider);
  const started = performance.now();
  const cancelReason = purchase.cancelledByProvider ?? order.unfulfillableReason;
  const action = cancelReason ? "cancel" : "acknowledge";
  let settledOrder: StoreOrder;
  try {
    if (cancelReason) {
      await inSpan("provider.cancel", { "store.provider": purchase.provider }, () =>
        provider.cancel(purchase, cancelReason, { idempotencyKey: `cancel-${purchase.reference}` }),
      );
      // The marking with the stock it returns, its event row and the cancellation email's outbox row, in one write.
      settledOrder = await markCancelledWithEvent(order, cancelReason, settledEvent(order, source, action, cancelReason, started));
    } else {
      await inSpan("provider.acknowledge", { "store.provider": purchase.provider }, () =>
        acknowledgeWithRetry(() => provider.acknowledge(purchase, { idempotencyKey: `ack-${purchase.reference}` })),
      );
      // The marking, its event row and the confirmation email's outbox row, in one write (with the caller's writes).
      const alongside = settleWith?.statements() ?? [];
      settledOrder = await markAcknowledgedWithEvent(order, settledEvent(order, source, action, null, started), alongside);
      if (settleWith) settleWith.written = true;
    }
  } catch (error) {
    log().warn({ provider: order.provider, orderNumber: order.orderNumber, action, outcome: "failed", error: errorSummary(error) }, "settlement failed");
    // The claim goes and the failure is recorded in one write.
    await releaseSettlementWithEvent(order, claim, {
      providerReference: order.providerReference,
      provider: order.provider,
      source,
      action,
      outcome: "failed",
      detail: error instanceof Error ? error.message : String(error),
      latencyMs: performance.now() - started,
    });
    return { order, settlement: "failed", error };
  }
  // The marking is guarded (only a pending order moves): an order another caller moved meanwhile (the back office
  // cancelled it while this call acknowledged it at the provider) stays as that caller left it, with no event row or
  // email from this call (order-store.ts), and this call says it was settled by another, with the order as it is.
  const outcome = cancelReason ? "cancelled" : "acknowledged";
  if (settledOrder.status !== outcome) {
    log().warn(
      { provider: order.provider, orderNumber: order.orderNumber, action, outcome: "already_settled", status: settledOrder.status },
      "settled at the provider, but the order was settled otherwise meanwhile",
    );
    return { order: settledOrder, settlement: "already_settled" };
  }
  return { order: settledOrder, settlement: outcome };
}

/** The event of a settlement the provider accepted: acknowledged, or cancelled for `cancelReason`. */
function settledEvent(order: StoreOrder, source: FinalizeSource, action: string, cancelReason: string | null, started: number) {
  return {
    providerReference: order.providerReference,
    provider: order.provider,
    source,
    action,
    outcome: cancelReason ? "cancelled" : "acknowledged",
    detail: cancelReason,
    latencyMs: performance.now() - started,
  };
}

/**
 * An acknowledgement that timed out may have been applied, and Klarna stops pushing once it has one, so a lost
 * answer must not leave the order pending: the same call tries again with the same idempotency key, which the
 * provider answers with the first result, before giving up.
 */
async function acknowledgeWithRetry(acknowledge: () => Promise<void>): Promise<void> {
  try {
    await acknowledge();
  } catch (error) {
    // Any provider that could not be reached (the one error base every provider's errors extend).
    if (!(error instanceof ProviderUnreachableError)) throw error;
    await acknowledge();
  }
}

function orderForRules(purchase: Purchase): OrderUnderValidation {
  return {
    purchase_country: purchase.country,
    purchase_currency: purchase.currency,
    order_amount: purchase.amount,
    order_tax_amount: purchase.taxAmount,
    order_lines: purchase.lines,
    billing_address: purchase.billingAddress,
    shipping_address: purchase.shippingAddress,
  };
}

function refusalText(denial: Denial): string {
  return denial.reason === "blocked" ? "The store does not sell to this customer" : `Cannot be delivered: ${denial.detail}`;
}


/** An error for the log: its kind and message, which the provider clients keep free of credentials. */
function errorSummary(error: unknown): { type: string; message: string } {
  return error instanceof Error ? { type: error.name, message: error.message } : { type: "unknown", message: String(error) };
}
