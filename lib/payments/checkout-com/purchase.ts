import type { AddressRead, OrderLineRead } from "@/lib/klarna/types";
import { includedTax, minor, taxRate } from "@/lib/pricing/money";
import { isMarketCode, MARKETS } from "@/lib/pricing/markets";
import type { Purchase } from "../provider";
import { describePromoCode } from "./context-request";
import type { Payment } from "./types";

/** Statuses after which the store must not ship, with the reason in words. */
const ENDED: Record<string, string> = {
  Declined: "Checkout.com declined the payment",
  Voided: "The payment was voided at Checkout.com",
  Expired: "The payment's authorization expired at Checkout.com",
  Canceled: "The payment was cancelled at Checkout.com",
};

/**
 * How the shopper pays, in words: Checkout.com's `payment_type` for Klarna is Regular (pay now), PayLater, or
 * Installment, where `payment_plan.financing` tells financing (true) from interest-free pay over time (false).
 */
export function paymentTypeInWords(payment: Pick<Payment, "payment_type" | "payment_plan" | "processing">): string | null {
  const promo = payment.processing?.custom_payment_method_ids;
  switch (payment.payment_type) {
    case "Regular":
      return "Pay now";
    case "PayLater":
      return "Pay later";
    case "Installment": {
      const words = payment.payment_plan?.financing ? "Financing" : "Pay over time";
      return promo && promo.length === 1 ? `${words} (${describePromoCode(promo[0]!)})` : words;
    }
    default:
      return payment.payment_type ?? null;
  }
}

/**
 * Which items are order-level discounts: those of `type: "discount"` (reference/seeds/004_6e27f3ac1c8818d9.txt,
 * "Discounts"). The seed's GET /payments example prints its discount as an item named "Discount" with no type and a
 * positive total that the amount subtracts (4998 + 1000 items, amount 3998): when the items exceed the amount by
 * exactly twice the total of the items named "Discount", those are read as discounts too.
 */
function discountItems(payment: Payment): Set<number> {
  const items = payment.items ?? [];
  const typed = new Set(items.flatMap((item, index) => (item.type?.toLowerCase() === "discount" ? [index] : [])));
  if (typed.size > 0) return typed;
  const named = items.flatMap((item, index) => (/^discount\b/i.test(item.name) ? [index] : []));
  const total = items.reduce((sum, item) => sum + item.total_amount, 0);
  const namedTotal = named.reduce((sum, index) => sum + items[index]!.total_amount, 0);
  const rest = payment.amount - (total - 2 * namedTotal) - (payment.processing?.shipping_amount ?? 0);
  return named.length > 0 && rest >= 0 && rest <= (payment.processing?.tax_amount ?? 0) ? new Set(named) : new Set();
}

/**
 * The payment as a Purchase: goods are Checkout.com's items, an order discount its `discount` item (a negative line),
 * shipping and US sales tax come back as amounts and become lines again, so the lines add up to the amount. Shipping
 * is taxed at the market's shipping rate. A discount item without tax fields (as the seed prints it) gets the goods'
 * share of tax, the goods' tax × discount / goods' total, and the order's tax is Checkout.com's `tax_amount` less
 * that share: the seed's example sends the goods' tax (1660) with a discount item of 830.
 */
export function purchaseFromPayment(payment: Payment): Purchase {
  const holder = payment.source?.account_holder;
  const country = (holder?.billing_address?.country ?? "").toUpperCase();
  const market = isMarketCode(country) ? MARKETS[country] : undefined;
  const processing: Partial<NonNullable<Payment["processing"]>> = payment.processing ?? {};
  const discounts = discountItems(payment);
  const items = payment.items ?? [];
  const goods = items.filter((_, index) => !discounts.has(index));
  const goodsTotal = goods.reduce((sum, item) => sum + item.total_amount, 0);
  const goodsTax = goods.reduce((sum, item) => sum + (item.tax_amount ?? 0), 0);
  let derivedDiscountTax = 0;
  const lines: OrderLineRead[] = items.map((item, index) => {
    if (!discounts.has(index)) {
      // Checkout.com's item fields that Klarna's order line names alike keep their names; the others are mapped.
      const { reference, name, quantity, unit_price, total_amount } = item;
      const mapped = { type: item.type ?? "physical", tax_rate: item.tax_rate ?? 0, total_discount_amount: item.discount_amount ?? 0 };
      return { reference, name, quantity, unit_price, total_amount, ...mapped, total_tax_amount: item.tax_amount ?? 0 };
    }
    const total = Math.abs(item.total_amount);
    let tax = item.tax_amount;
    let rate = item.tax_rate;
    if (tax === undefined) {
      tax = goodsTotal > 0 ? Math.round((goodsTax * total) / goodsTotal) : 0;
      derivedDiscountTax += tax;
    }
    rate ??= total - tax > 0 ? Math.round((10_000 * tax) / (total - tax)) : 0;
    return {
      type: "discount",
      reference: item.reference,
      name: item.name,
      quantity: 1,
      unit_price: -total,
      tax_rate: rate,
      total_amount: -total,
      total_discount_amount: 0,
      total_tax_amount: -tax,
    };
  });
  const itemsTotal = lines.reduce((sum, line) => sum + line.total_amount, 0);
  const itemsTax = lines.reduce((sum, line) => sum + (line.total_tax_amount ?? 0), 0);
  const shipping = processing.shipping_amount ?? 0;
  // An older payment may still carry the order discount as processing.discount_amount (before issue 21).
  const discount = processing.discount_amount ?? 0;
  const taxAmount = processing.tax_amount !== undefined ? processing.tax_amount - derivedDiscountTax : itemsTax;
  const inclusive = market?.taxMode !== "exclusive";
  const shippingRate = inclusive && market?.shippingTaxClass ? market.taxRates[market.shippingTaxClass] : taxRate(0);
  const shippingTax = shipping > 0 ? includedTax(minor(shipping), shippingRate) : 0;
  if (shipping > 0) {
    lines.push(flatLine("shipping_fee", "shipping", "Shipping", shipping, shippingRate, shippingTax));
  }
  if (discount > 0) {
    const discountTax = inclusive ? taxAmount - itemsTax - shippingTax : 0;
    const rate = discountTax === 0 ? 0 : Math.round((10_000 * discountTax) / (-discount - discountTax));
    lines.push(flatLine("discount", "discount", "Discount", -discount, rate, discountTax));
  }
  const salesTax = payment.amount - (itemsTotal + shipping - discount);
  if (salesTax > 0) lines.push(flatLine("sales_tax", "sales-tax", "Sales tax", salesTax, 0, salesTax));

  const billing: AddressRead = {
    given_name: holder?.first_name,
    family_name: holder?.last_name,
    email: holder?.email ?? payment.customer?.email,
    street_address: holder?.billing_address?.address_line1,
    street_address2: holder?.billing_address?.address_line2,
    postal_code: holder?.billing_address?.zip,
    city: holder?.billing_address?.city,
    region: holder?.billing_address?.state,
    country: country || undefined,
  };
  const shippingAddress: AddressRead | null = payment.shipping?.address
    ? {
        given_name: payment.shipping.first_name,
        family_name: payment.shipping.last_name,
        street_address: payment.shipping.address.address_line1,
        street_address2: payment.shipping.address.address_line2,
        postal_code: payment.shipping.address.zip,
        city: payment.shipping.address.city,
        region: payment.shipping.address.state,
        country: payment.shipping.address.country,
      }
    : null;
  const checkoutSessionId = payment.metadata?.checkout_session_id;
  return {
    provider: "checkout-com",
    reference: payment.id,
    klarnaOrderId: processing.partner_order_id ?? null,
    checkoutSessionId: typeof checkoutSessionId === "string" ? checkoutSessionId : (payment.reference ?? null),
    country,
    currency: payment.currency.toUpperCase(),
    locale: processing.locale ?? null,
    email: billing.email ?? null,
    amount: payment.amount,
    taxAmount,
    lines,
    billingAddress: billing,
    shippingAddress: shippingAddress ?? billing,
    paymentMethod: paymentTypeInWords(payment),
    fraudStatus: (processing.partner_fraud_status ?? processing.fraud_status)?.toUpperCase() ?? null,
    providerStatus: payment.status,
    cancelledByProvider: ENDED[payment.status] ?? null,
    capturedAmount: payment.balances.total_captured,
    refundedAmount: payment.balances.total_refunded,
    authorizationExpiresAt: payment.expires_on ?? null,
  };
}

function flatLine(type: string, reference: string, name: string, total: number, rate: number, tax: number): OrderLineRead {
  return {
    type,
    reference,
    name,
    quantity: 1,
    unit_price: total,
    tax_rate: rate,
    total_amount: total,
    total_discount_amount: 0,
    total_tax_amount: tax,
  };
}
