import type { SessionOrder } from "@/lib/checkout/session-order";
import type { OrderCreated, SessionRead } from "@/lib/klarna";
import { namedPaymentMethod } from "../order-management/order-management-provider";
import type { Purchase } from "../provider";
import { klarnaPaymentsProvider } from "./provider";

/**
 * The purchase Klarna has just placed, as its create-order answer and the order the store sent establish it, so that
 * finalize need not read the order back from Order Management on the first authorization callback (issue 28: one call
 * to Klarna fewer). Null whenever a field Order Management would report cannot be taken from Klarna's own word here;
 * finalize then reads the order as before.
 *
 * - `order_id`, `fraud_status`, `authorized_payment_method`: the answer of POST
 *   /payments/v1/authorizations/{token}/order (reference/klarna/payments-v1.openapi.json, schema `order`;
 *   Klarna's step-3 page, https://docs.klarna.com/payments/web-payments/integrate-with-klarna-payments/integrate-via-sdk/step-3-create-an-order,
 *   read as `docs/llms-txt/klarna/` in roboalchemist/llm-code-docs; its sample answer is
 *   reference/examples/klarna-payments/docs-step-3-create-an-order-200.json: "order_id …,
 *   fraud_status, an indicator of whether the transaction is suspected to be legitimate or fraudulent,
 *   authorized_payment_method, the payment method selected by your customer").
 * - Country, currency, locale, amount and lines: the request Klarna accepted (a 200; a request that does not match
 *   the authorized session is refused with 409, payments-v1.openapi.json, createOrder's responses), so the order holds
 *   them as sent; `merchant_reference2` is the session's id, sent by the store.
 * - Billing and shipping address: the ones the shopper authorized, read from Klarna's session just before placing
 *   (payments-v1.openapi.json, `session_read.billing_address` / `shipping_address`; the order was placed without
 *   addresses of its own), the same ones the merchant's rules judged before placing. A session without a shipping
 *   address gives none here (Klarna's order may show the billing address there): the store ships to the billing
 *   address when there is no shipping address (lib/validation/validate-order.ts's delivery rule, the emails, the back
 *   office's order page), so the rules, the emails and the back office see the same destination either way.
 * - Status AUTHORIZED, nothing captured or refunded: a newly placed order placed without `auto_capture` (the step-3
 *   page: with `auto_capture: true` the order is captured as it is created; place order never sends it, and a
 *   subscription's renewal sends false, lib/subscriptions/renewals.ts), which nobody has captured, refunded or
 *   cancelled yet (reference/klarna/ordermanagement-v1.openapi.json, `Order.status`, whose listed values and example
 *   begin with AUTHORIZED; no source states a new order's status outright, so this is the store's reading). Its `expires_at` is not in the
 *   answer: left null here, it is recorded by the first read of the order (Klarna's push, finalize's followProvider).
 * - Fraud: ACCEPTED or PENDING, the two values the create-order schema lists ("Either ACCEPTED or PENDING … If
 *   PENDING, please wait till you receive the notification … that the order has been approved"): a PENDING order is
 *   created and acknowledged exactly as when read from Order Management (its notification settles the review,
 *   app/api/klarna/notification/route.ts). Any other value is not documented for this answer: the order is read.
 * - The payment method, named from Payments v1's own `authorized_payment_method.type` (`AUTHORIZED_METHOD_NAMES`
 *   below), not translated into Order Management's types: no source says which of those words name the same method.
 */
export function placementPurchase(input: {
  sessionId: string;
  order: SessionOrder;
  created: OrderCreated;
  authorizedSession: Pick<SessionRead, "billing_address" | "shipping_address">;
}): Purchase | null {
  const { created, order, authorizedSession } = input;
  const billing = authorizedSession.billing_address ?? null;
  const shipping = authorizedSession.shipping_address ?? null;
  const fraudStatus = created.fraud_status;
  const method = created.authorized_payment_method;
  if (!billing?.email || !method) return null;
  if (fraudStatus !== "ACCEPTED" && fraudStatus !== "PENDING") return null;
  const paymentMethod = namedPaymentMethod(method.type, method.number_of_installments, AUTHORIZED_METHOD_NAMES);
  // A method without a name here: read the order, whose own description names it.
  if (!paymentMethod) return null;
  return {
    provider: klarnaPaymentsProvider.id,
    reference: created.order_id,
    klarnaOrderId: created.order_id,
    checkoutSessionId: input.sessionId,
    country: order.purchase_country.toUpperCase(),
    currency: order.purchase_currency.toUpperCase(),
    locale: order.locale ?? null,
    email: billing.email,
    amount: order.order_amount,
    // As purchaseFromManagedOrder sums Order Management's lines.
    taxAmount: order.order_lines.reduce((sum, line) => sum + (line.total_tax_amount ?? 0), 0),
    lines: order.order_lines,
    billingAddress: billing,
    shippingAddress: shipping,
    paymentMethod,
    fraudStatus,
    providerStatus: "AUTHORIZED",
    cancelledByProvider: null,
    capturedAmount: 0,
    refundedAmount: 0,
    authorizationExpiresAt: null,
  };
}

/**
 * The shopper's words for Payments v1's `authorized_payment_method.type` (its enum in
 * reference/klarna/payments-v1.openapi.json, schema `authorized_payment_method`), from the same few words the store
 * gives Order Management's `InitialPaymentMethodDto.type` (order-management-provider.ts), so an order is labelled alike
 * whichever read made it. The business and account types (base_account, b2b_invoice) have none: their order is read.
 */
const AUTHORIZED_METHOD_NAMES: Record<string, string> = {
  invoice: "Pay later",
  pay_later_by_card: "Pay later",
  fixed_amount: "Pay in instalments",
  fixed_sum_credit: "Pay in instalments",
  slice_it_by_card: "Pay in instalments",
  direct_debit: "Pay now (direct debit)",
  direct_bank_transfer: "Pay now (bank transfer)",
  card: "Pay now (card)",
  pay_by_card: "Pay now (card)",
};
