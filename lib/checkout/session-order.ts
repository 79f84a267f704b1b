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

/** Identifies what is being paid for; any change to a line, price or amount changes it. */
export function fingerprint(order: SessionOrder): string {
  const essential = {
    country: order.purchase_country,
    currency: order.purchase_currency,
    amount: order.order_amount,
    tax: order.order_tax_amount,
    lines: order.order_lines.map((line) => [
      line.type,
      line.reference,
      line.quantity,
      line.unit_price,
      line.tax_rate,
      line.total_amount,
      line.total_discount_amount,
      line.total_tax_amount,
    ]),
  };
  return createHash("sha256").update(JSON.stringify(essential)).digest("base64url");
}
