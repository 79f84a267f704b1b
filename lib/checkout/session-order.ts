import { createHash } from "node:crypto";
import type { OrderLine } from "@/lib/pricing/order-lines";
import type { PricedCart } from "@/lib/pricing/price-cart";

/** The order part of a Klarna session: what the shopper is asked to pay for. */
export interface SessionOrder {
  purchase_country: string;
  purchase_currency: string;
  locale: string;
  order_amount: number;
  order_tax_amount: number;
  order_lines: OrderLine[];
}

export function sessionOrder(priced: PricedCart): SessionOrder {
  return {
    purchase_country: priced.market.country,
    purchase_currency: priced.market.currency,
    locale: priced.market.klarnaLocale,
    order_amount: priced.order_amount,
    order_tax_amount: priced.order_tax_amount,
    order_lines: priced.lines,
  };
}

interface FingerprintLine {
  type?: string | null;
  reference?: string | null;
  quantity: number;
  unit_price: number;
  tax_rate?: number | null;
  total_amount: number;
  total_discount_amount?: number | null;
  total_tax_amount?: number | null;
}

type FingerprintOrder = {
  purchase_country: string;
  purchase_currency: string;
  order_amount: number;
  order_tax_amount?: number | null;
  order_lines: readonly FingerprintLine[];
};

/**
 * What is being paid for, as a canonical string: every line, price and amount. Absent optional fields count as
 * Klarna's defaults, so an order read back from Klarna matches the one the store sent.
 */
function essentials(order: FingerprintOrder): string {
  return JSON.stringify({
    country: order.purchase_country.toUpperCase(),
    currency: order.purchase_currency.toUpperCase(),
    amount: order.order_amount,
    tax: order.order_tax_amount ?? 0,
    lines: order.order_lines.map((line) => [
      line.type ?? "physical",
      line.reference ?? "",
      line.quantity,
      line.unit_price,
      line.tax_rate ?? 0,
      line.total_amount,
      line.total_discount_amount ?? 0,
      line.total_tax_amount ?? 0,
    ]),
  });
}

/** Identifies what is being paid for, to be stored with a checkout; any change to a line, price or amount changes it. */
export function fingerprint(order: FingerprintOrder): string {
  return createHash("sha256").update(essentials(order)).digest("base64url");
}

/** Whether two orders are for the same thing, as their fingerprints would say, without hashing either. */
export function sameOrder(a: FingerprintOrder, b: FingerprintOrder): boolean {
  return essentials(a) === essentials(b);
}
