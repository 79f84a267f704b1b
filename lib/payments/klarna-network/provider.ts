import { findCheckoutSession } from "@/lib/checkout/session-store";
import type { AddressRead, OrderLineRead } from "@/lib/klarna/types";
import { getMarket } from "@/lib/pricing/markets";
import { UnknownPurchaseError, type PaymentProvider, type Purchase } from "../provider";
import { isNetworkNotFound } from "./errors";
import { knownCheckout } from "./known-checkout";
import { klarnaNetworkManifest } from "./manifest";
import { orderLinesFromItems } from "./line-items";
import { reconcileNetworkCheckouts } from "./reconcile";
import { networkClient } from "./settings";
import type { PaymentTransaction } from "./types";

const PROVIDER = klarnaNetworkManifest.id;

/**
 * Klarna payment requests: the shopper completes Klarna's hosted journey, the store confirms (merchant) or
 * authorizes (acquirer) within 60 minutes, and the resulting payment transaction is the purchase.
 */
export const klarnaNetworkProvider: PaymentProvider = {
  id: PROVIDER,
  label: klarnaNetworkManifest.label,
  vendor: klarnaNetworkManifest.vendor,
  // Payment requests whose journey ended with neither a webhook nor the shopper's return: confirmed by reconcile
  // (the merchant's button, the cron route), not by the store's minute timer.
  async sweep(_now, occasion) {
    if (occasion === "reconcile") await reconcileNetworkCheckouts();
  },
  operations: ["capture", "refund", "cancel", "release"],
  async readPurchase(reference) {
    let transaction: PaymentTransaction;
    try {
      transaction = await networkClient().readTransaction(reference);
    } catch (error) {
      if (isNetworkNotFound(error)) throw new UnknownPurchaseError(PROVIDER, reference);
      throw error;
    }
    return purchaseFromTransaction(transaction);
  },
  // A payment transaction needs no acknowledgement: it exists once confirmed or authorized.
  async acknowledge() {},
  async cancel(purchase, _reason, { idempotencyKey }) {
    // An order the store will not ship: release the authorization so the shopper is never charged.
    if (purchase.providerStatus !== "AUTHORIZED" || purchase.capturedAmount >= purchase.amount) return;
    await networkClient().void(purchase.reference, { idempotencyKey });
  },
};

/**
 * The transaction as a store purchase. The Network API reports no tax per line; when Klarna's amount and currency
 * are exactly what the store asked for in this checkout, the checkout's own order lines (with tax) are used,
 * otherwise the transaction's line items without tax.
 */
export async function purchaseFromTransaction(transaction: PaymentTransaction): Promise<Purchase> {
  const checkoutId = transaction.payment_transaction_reference ?? null;
  const session = checkoutId ? (knownCheckout(checkoutId) ?? (await findCheckoutSession(checkoutId).catch(() => null))) : null;
  const order = session?.order;
  const matches =
    order !== undefined && order.order_amount === transaction.amount && order.purchase_currency === transaction.currency.toUpperCase();
  const lines: OrderLineRead[] = matches ? order.order_lines : orderLinesFromItems(transaction.supplementary_purchase_data?.line_items ?? []);
  const profile = transaction.klarna_customer?.customer_profile;
  const billing: AddressRead | null = profile
    ? {
        given_name: profile.given_name,
        family_name: profile.family_name,
        email: profile.email,
        phone: profile.phone,
        ...profile.address,
      }
    : null;
  const recipient = transaction.shipping?.recipient;
  const shipping: AddressRead | null = transaction.shipping?.address
    ? { given_name: recipient?.given_name, family_name: recipient?.family_name, email: recipient?.email, phone: recipient?.phone, ...transaction.shipping.address }
    : billing;
  const captured = (transaction.payment_captures ?? []).reduce((sum, capture) => sum + capture.capture_amount, 0);
  const refunded = (transaction.payment_refunds ?? []).reduce((sum, refund) => sum + refund.refund_amount, 0);
  const market = session ? getMarket(session.market) : null;
  return {
    provider: PROVIDER,
    reference: transaction.payment_transaction_id,
    klarnaOrderId: null,
    checkoutSessionId: session?.id ?? null,
    country: (market?.country ?? shipping?.country ?? billing?.country ?? "").toUpperCase(),
    currency: transaction.currency.toUpperCase(),
    locale: market?.klarnaLocale ?? null,
    email: profile?.email ?? null,
    amount: transaction.amount,
    taxAmount: lines.reduce((sum, line) => sum + (line.total_tax_amount ?? 0), 0),
    lines,
    billingAddress: billing,
    shippingAddress: shipping,
    paymentMethod: "Klarna",
    fraudStatus: null,
    providerStatus: transaction.state,
    cancelledByProvider: cancelledReason(transaction, captured),
    capturedAmount: captured,
    refundedAmount: refunded,
    authorizationExpiresAt: transaction.state === "AUTHORIZED" ? (transaction.expires_at ?? null) : null,
  };
}

/** Nothing captured and the authorization gone (voided, expired, closed): the store must not ship. */
function cancelledReason(transaction: PaymentTransaction, captured: number): string | null {
  if (captured > 0) return null;
  if (transaction.state === "EXPIRED") return "The authorization expired at Klarna before it was captured";
  if (transaction.state === "CLOSED") return "The payment was voided or closed at Klarna";
  return null;
}

export default klarnaNetworkProvider;
