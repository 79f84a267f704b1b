import { findCheckoutSession } from "@/lib/checkout/session-store";
import { isKlarnaNotFound, klarna, type ManagedOrder } from "@/lib/klarna";
import { isMarketCode, MARKETS } from "@/lib/pricing/markets";
import type { Denial } from "@/lib/validation/denials";
import { checkBlocked, checkDelivery, type OrderUnderValidation } from "@/lib/validation/validate-order";
import {
  appendOrderEvent,
  claimSettlement,
  findOrderById,
  insertOrderOnce,
  markAcknowledged,
  markCancelledAfterAcknowledgement,
  markCancelled,
  releaseSettlement,
  updateFraudStatus,
  type StoreOrder,
} from "./order-store";

export type FinalizeSource = "confirmation" | "push" | "authorization" | "place_order" | "reconcile" | "notification";

export type Settlement =
  /** This call acknowledged the order at Klarna. */
  | "acknowledged"
  /** This call cancelled the order at Klarna, because the store will not ship it. */
  | "cancelled"
  /** An earlier call already settled it. */
  | "already_settled"
  /** Another caller is settling it right now. */
  | "in_progress"
  /** Klarna refused or could not be reached; the next push or reload tries again. */
  | "failed";

export interface FinalizeResult {
  order: StoreOrder;
  created: boolean;
  settlement: Settlement;
  klarnaOrder: ManagedOrder;
  error?: unknown;
}

/** Klarna does not know the order: nothing is written. */
export class UnknownKlarnaOrderError extends Error {
  constructor(klarnaOrderId: string) {
    super(`Klarna has no order ${klarnaOrderId}`);
    this.name = "UnknownKlarnaOrderError";
  }
}

/**
 * The one path that turns a Klarna order into a store order, used by the place-order action, the confirmation page,
 * the authorization callback and the push, in any order, any number of times, concurrently:
 * read the order from Klarna (never trust a callback body), create the store order once, then acknowledge it at
 * Klarna, or cancel it there if the store cannot ship it, so every order ends acknowledged or cancelled.
 *
 * `expectedSessionId` binds a callback to its checkout session: an order placed from another session is refused.
 */
export async function finalize(
  klarnaOrderId: string,
  source: FinalizeSource,
  options: { expectedSessionId?: string } = {},
): Promise<FinalizeResult> {
  const started = performance.now();
  let klarnaOrder: ManagedOrder;
  try {
    klarnaOrder = await klarna().orders.get(klarnaOrderId);
  } catch (error) {
    if (isKlarnaNotFound(error)) throw new UnknownKlarnaOrderError(klarnaOrderId);
    throw error;
  }
  if (options.expectedSessionId !== undefined && klarnaOrder.merchant_reference2 !== options.expectedSessionId) {
    throw new UnknownKlarnaOrderError(klarnaOrderId);
  }

  const session = klarnaOrder.merchant_reference2 ? await findCheckoutSession(klarnaOrder.merchant_reference2) : null;
  const country = klarnaOrder.purchase_country?.toUpperCase();
  const market = session?.market ?? (isMarketCode(country) ? country : "SE");
  const billing = klarnaOrder.billing_address ?? null;

  // Klarna's order carries the addresses the shopper confirmed: the authoritative ones for the merchant's rules.
  const refusal = (await checkDelivery(orderForRules(klarnaOrder))) ?? (await checkBlocked(klarnaOrder));
  const { order, created } = await insertOrderOnce({
    refusal: refusal ? refusalText(refusal) : null,
    provider: "klarna-payments",
    providerReference: klarnaOrderId,
    klarnaOrderId,
    orderNumber: session?.orderNumber ?? null,
    checkoutSessionId: session?.id ?? null,
    cartId: session?.cartId ?? null,
    market,
    currency: klarnaOrder.purchase_currency,
    locale: klarnaOrder.locale ?? MARKETS[isMarketCode(market) ? market : "SE"].klarnaLocale,
    email: billing?.email ?? null,
    orderAmount: klarnaOrder.order_amount,
    orderTaxAmount: klarnaOrder.order_lines.reduce((sum, line) => sum + (line.total_tax_amount ?? 0), 0),
    lines: klarnaOrder.order_lines,
    billingAddress: billing,
    shippingAddress: klarnaOrder.shipping_address ?? null,
    paymentMethod: describePaymentMethod(klarnaOrder),
    fraudStatus: klarnaOrder.fraud_status,
  });
  await appendOrderEvent({
    klarnaOrderId,
    provider: order.provider,
    source,
    action: "finalize",
    outcome: created ? "created" : "existing",
    detail: order.unfulfillableReason,
    latencyMs: performance.now() - started,
  });

  const current = await followKlarna(order, klarnaOrder, source);
  const settled = await settle(current, klarnaOrder, source);
  return { order: settled.order, created, settlement: settled.settlement, klarnaOrder, error: settled.error };
}

/**
 * Keeps the store order in step with decisions Klarna makes after the purchase: a fraud review that ends
 * (PENDING → ACCEPTED or REJECTED) and an order Klarna cancelled, which must then not be shipped.
 */
async function followKlarna(order: StoreOrder, klarnaOrder: ManagedOrder, source: FinalizeSource): Promise<StoreOrder> {
  let current = order;
  if (klarnaOrder.fraud_status !== order.fraudStatus) {
    current = (await updateFraudStatus(order.id, klarnaOrder.fraud_status)) ?? current;
  }
  if (klarnaOrder.status === "CANCELLED" && current.status === "acknowledged") {
    const reason =
      klarnaOrder.fraud_status === "REJECTED" ? "Klarna rejected the order as a fraud risk" : "Cancelled at Klarna";
    current = (await markCancelledAfterAcknowledgement(order.id, reason)) ?? current;
    await appendOrderEvent({
      klarnaOrderId: klarnaOrder.order_id,
      provider: order.provider,
      source,
      action: "cancel",
      outcome: "cancelled",
      detail: reason,
      latencyMs: 0,
    });
  }
  return current;
}

async function settle(
  order: StoreOrder,
  klarnaOrder: ManagedOrder,
  source: FinalizeSource,
): Promise<{ order: StoreOrder; settlement: Settlement; error?: unknown }> {
  if (order.status !== "pending") return { order, settlement: "already_settled" };
  const claim = await claimSettlement(order.id);
  if (!claim) return { order, settlement: "in_progress" };

  const started = performance.now();
  const cancelReason =
    klarnaOrder.status === "CANCELLED"
      ? "Cancelled at Klarna"
      : klarnaOrder.fraud_status === "REJECTED"
        ? "Klarna rejected the order as a fraud risk"
        : order.unfulfillableReason;
  const action = cancelReason ? "cancel" : "acknowledge";
  try {
    if (cancelReason) {
      // An order the store will not ship is cancelled at once, so the shopper is never charged for it.
      if (klarnaOrder.status !== "CANCELLED") {
        await klarna().orders.cancel(klarnaOrder.order_id, { idempotencyKey: `cancel-${klarnaOrder.order_id}` });
      }
      await markCancelled(order.id, cancelReason);
    } else {
      // Klarna keeps pushing until the order is acknowledged; acknowledging stops the pushes.
      await klarna().orders.acknowledge(klarnaOrder.order_id, { idempotencyKey: `ack-${klarnaOrder.order_id}` });
      await markAcknowledged(order.id);
    }
  } catch (error) {
    await releaseSettlement(order.id, claim);
    await appendOrderEvent({
      klarnaOrderId: klarnaOrder.order_id,
      provider: order.provider,
      source,
      action,
      outcome: "failed",
      detail: error instanceof Error ? error.message : String(error),
      latencyMs: performance.now() - started,
    });
    return { order, settlement: "failed", error };
  }
  await appendOrderEvent({
    klarnaOrderId: klarnaOrder.order_id,
    provider: order.provider,
    source,
    action,
    outcome: cancelReason ? "cancelled" : "acknowledged",
    detail: cancelReason ?? null,
    latencyMs: performance.now() - started,
  });
  const fresh = await findOrderById(order.id);
  return { order: fresh ?? order, settlement: cancelReason ? "cancelled" : "acknowledged" };
}

function orderForRules(order: ManagedOrder): OrderUnderValidation {
  return { ...order, purchase_country: order.purchase_country ?? order.shipping_address?.country ?? "" };
}

function refusalText(denial: Denial): string {
  return denial.reason === "blocked" ? "The store does not sell to this customer" : `Cannot be delivered: ${denial.detail}`;
}

/** Klarna's payment method types, as a shopper would call them. */
const PAYMENT_METHOD_NAMES: Record<string, string> = {
  INVOICE: "Pay later",
  PAY_LATER_BY_CARD: "Pay later",
  FIXED_AMOUNT: "Pay in instalments",
  FIXED_SUM_CREDIT: "Pay in instalments",
  ACCOUNT: "Monthly financing",
  PAY_IN_X: "Pay in instalments",
  DIRECT_DEBIT: "Pay now (direct debit)",
  DIRECT_BANK_TRANSFER: "Pay now (bank transfer)",
  CARD: "Pay now (card)",
  PAY_NOW: "Pay now",
};

function describePaymentMethod(order: ManagedOrder): string | null {
  const method = order.initial_payment_method;
  if (!method) return null;
  const name = method.type ? PAYMENT_METHOD_NAMES[method.type] : undefined;
  const installments = method.number_of_installments ? ` (${method.number_of_installments} payments)` : "";
  return name ? `${name}${installments}` : (method.description ?? method.type ?? null);
}
