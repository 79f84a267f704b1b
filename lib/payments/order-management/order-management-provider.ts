import { isKlarnaNotFound, type ManagedOrder } from "@/lib/klarna";
import type { OrderManagementClient } from "./client";
import { UnknownPurchaseError, type BackOfficeOperation, type PaymentProvider, type ProviderId, type Purchase } from "../provider";

/**
 * Klarna Payments and Kustom Checkout both settle through the same Order Management API (Kustom's at its own host,
 * with its own credentials): read the order, acknowledge it, or cancel it. Only the client and the words differ.
 */
export function orderManagementProvider(init: {
  id: ProviderId;
  label: string;
  /** The vendor's name in sentences a merchant or shopper reads ("Klarna", "Kustom"). */
  vendor: string;
  client: () => OrderManagementClient;
}): PaymentProvider & { readManagedOrder(reference: string): Promise<ManagedOrder> } {
  const operations: readonly BackOfficeOperation[] = ["capture", "refund", "cancel", "release", "extend", "shipping_info"];

  async function readManagedOrder(reference: string): Promise<ManagedOrder> {
    try {
      return await init.client().orders.get(reference);
    } catch (error) {
      if (isKlarnaNotFound(error)) throw new UnknownPurchaseError(init.id, reference);
      throw error;
    }
  }

  return {
    id: init.id,
    label: init.label,
    vendor: init.vendor,
    operations,
    orderManagement: init.client,
    readManagedOrder,
    async readPurchase(reference) {
      return purchaseFromManagedOrder(init.id, init.vendor, await readManagedOrder(reference));
    },
    async acknowledge(purchase, { idempotencyKey }) {
      // The vendor keeps pushing until the order is acknowledged; acknowledging stops the pushes.
      await init.client().orders.acknowledge(purchase.reference, { idempotencyKey });
    },
    async cancel(purchase, _reason, { idempotencyKey }) {
      // An order the store will not ship is cancelled at once, so the shopper is never charged for it.
      if (purchase.providerStatus === "CANCELLED") return;
      await init.client().orders.cancel(purchase.reference, { idempotencyKey });
    },
  };
}

export function purchaseFromManagedOrder(provider: ProviderId, vendor: string, order: ManagedOrder): Purchase {
  const billing = order.billing_address ?? null;
  return {
    provider,
    reference: order.order_id,
    klarnaOrderId: order.order_id,
    checkoutSessionId: order.merchant_reference2 ?? null,
    country: (order.purchase_country ?? order.shipping_address?.country ?? billing?.country ?? "").toUpperCase(),
    currency: order.purchase_currency.toUpperCase(),
    locale: order.locale ?? null,
    email: billing?.email ?? null,
    amount: order.order_amount,
    taxAmount: order.order_lines.reduce((sum, line) => sum + (line.total_tax_amount ?? 0), 0),
    lines: order.order_lines,
    billingAddress: billing,
    shippingAddress: order.shipping_address ?? null,
    paymentMethod: describePaymentMethod(order),
    fraudStatus: order.fraud_status,
    providerStatus: order.status,
    // A rejected fraud review is the more useful reason, and Klarna cancels such an order itself.
    cancelledByProvider:
      order.fraud_status === "REJECTED"
        ? `${vendor} rejected the order as a fraud risk`
        : order.status === "CANCELLED"
          ? `Cancelled at ${vendor}`
          : null,
    capturedAmount: order.captured_amount,
    refundedAmount: order.refunded_amount,
    authorizationExpiresAt: order.expires_at ? new Date(order.expires_at).toISOString() : null,
  };
}

/**
 * Order Management's payment method types (reference/klarna/ordermanagement-v1.openapi.json,
 * `InitialPaymentMethodDto.type`), as a shopper would call them.
 */
const PAYMENT_METHOD_NAMES: Record<string, string> = {
  INVOICE: "Pay later",
  PAY_LATER_BY_CARD: "Pay later",
  FIXED_AMOUNT: "Pay in instalments",
  FIXED_SUM_CREDIT: "Pay in instalments",
  ACCOUNT: "Monthly financing",
  PAY_IN_X: "Pay in instalments",
  DIRECT_DEBIT: "Pay now (direct debit)",
  BANK_TRANSFER: "Pay now (bank transfer)",
  CARD: "Pay now (card)",
  PAY_BY_CARD: "Pay now (card)",
  FIXED_AMOUNT_BY_CARD: "Pay in instalments",
};

function describePaymentMethod(order: ManagedOrder): string | null {
  const method = order.initial_payment_method;
  if (!method) return null;
  return (method.type ? namedPaymentMethod(method.type, method.number_of_installments) : null) ?? method.description ?? method.type ?? null;
}

/**
 * The shopper's words for an Order Management payment method type ("INVOICE", "FIXED_SUM_CREDIT", …), with its number
 * of instalments, or null for a type without a name here (the order's own description is used then).
 */
export function namedPaymentMethod(
  type: string,
  numberOfInstallments?: number | null,
  /** The names by type: Order Management's (its `InitialPaymentMethodDto.type`), unless a caller names another API's types. */
  names: Readonly<Record<string, string>> = PAYMENT_METHOD_NAMES,
): string | null {
  const name = names[type];
  const installments = numberOfInstallments ? ` (${numberOfInstallments} payments)` : "";
  return name ? `${name}${installments}` : null;
}
