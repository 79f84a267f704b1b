import type { Market } from "@/lib/pricing/markets";
import type { OrderLine } from "@/lib/pricing/order-lines";
import type { CheckoutComAddress, ContextItem, PaymentContextRequest } from "./types";

export interface Shopper {
  email?: string;
  givenName?: string;
  familyName?: string;
  address?: Omit<CheckoutComAddress, "country">;
}

export interface ContextInput {
  /** The priced cart's lines in Klarna's shape (lib/pricing): goods, order discounts, shipping, US sales tax. */
  lines: readonly OrderLine[];
  market: Market;
  /** The store's checkout reference, echoed back on the payment (≤ 50 characters). */
  reference: string;
  processingChannelId: string;
  /** Klarna promo codes agreed with Klarna (custom_payment_method_ids). */
  promoCodes: readonly string[];
  shopper?: Shopper;
}

/**
 * A Klarna payment context from the server-side cart, as reference/seeds/004_6e27f3ac1c8818d9.txt ("Discounts" and
 * "Tax") documents it: goods are `items` (total = quantity × unit price − discount_amount, tax_amount = tax_rate ×
 * total / (10000 + tax_rate)); an order-level discount is one more item of `type: "discount"` with the discount in
 * `total_amount` (and `unit_price`), positive, and no tax fields, as the seed's example prints it; shipping is
 * `processing.shipping_amount`; `amount` is what the shopper pays, the exact sum of the cart's lines.
 * `processing.tax_amount` is the tax of the items, shipping and US sales tax, the discount item's not deducted: the
 * seed's example sends 1660 = 850 + 810 with a 10 % discount item (7470 in all). The currency is the billing
 * country's own (a Klarna rule Checkout.com enforces with billing_country_invalid / currency_not_supported).
 */
export function buildPaymentContextRequest(input: ContextInput): PaymentContextRequest {
  const goods = input.lines.filter((line) => line.type === "physical" || line.type === "digital");
  const discounts = input.lines.filter((line) => line.type === "discount");
  const sum = (lines: readonly OrderLine[], field: "total_amount" | "total_tax_amount") =>
    lines.reduce((total, line) => total + line[field], 0);
  const items: ContextItem[] = [
    ...goods.map((line): ContextItem => ({
      type: line.type === "digital" ? "digital" : "physical",
      name: line.name,
      quantity: line.quantity,
      unit_price: line.unit_price,
      reference: line.reference,
      total_amount: line.total_amount,
      tax_rate: line.tax_rate,
      tax_amount: line.total_tax_amount,
      discount_amount: line.total_discount_amount,
      ...(line.image_url ? { image_url: line.image_url } : {}),
      ...(line.product_url ? { url: line.product_url } : {}),
    })),
    ...discounts.map((line): ContextItem => ({
      type: "discount",
      name: line.name,
      quantity: 1,
      reference: line.reference,
      total_amount: -line.total_amount,
      unit_price: -line.total_amount,
    })),
  ];
  const shopper = input.shopper;
  const billing: CheckoutComAddress = { ...shopper?.address, country: input.market.country };
  return {
    source: {
      type: "klarna",
      account_holder: {
        ...(shopper?.givenName ? { first_name: shopper.givenName } : {}),
        ...(shopper?.familyName ? { last_name: shopper.familyName } : {}),
        ...(shopper?.email ? { email: shopper.email } : {}),
        billing_address: billing,
      },
    },
    amount: sum(input.lines, "total_amount"),
    currency: input.market.currency,
    capture: false,
    processing_channel_id: input.processingChannelId,
    reference: input.reference.slice(0, 50),
    items,
    processing: {
      locale: input.market.klarnaLocale,
      shipping_amount: sum(input.lines.filter((line) => line.type === "shipping_fee"), "total_amount"),
      tax_amount: sum(input.lines.filter((line) => line.type !== "discount"), "total_tax_amount"),
      ...(input.promoCodes.length > 0 ? { custom_payment_method_ids: [...input.promoCodes] } : {}),
    },
  };
}

/**
 * A promo code in the shopper's words: `6m_0APR` is "6 months at 0 % APR", `12m_9.9APR` "12 months at 9.9 % APR".
 * A code of another shape is shown as it is.
 */
export function describePromoCode(code: string): string {
  const match = /^(\d+)m_(\d+(?:\.\d+)?)APR$/i.exec(code);
  if (!match) return code;
  const months = Number(match[1]);
  return `${months} ${months === 1 ? "month" : "months"} at ${match[2]} % APR`;
}
