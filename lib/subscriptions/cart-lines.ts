import type { CartProduct } from "@/lib/catalogue/products";
import type { LineSubscription, OrderLine } from "@/lib/pricing/order-lines";
import { cadenceWords } from "./interval";

type Cadenced = Pick<CartProduct, "name" | "subscriptionInterval" | "subscriptionIntervalCount">;

/**
 * The order line's `subscription` object for a subscription product (reference/klarna/payments-v1.openapi.json,
 * order_line.subscription: name, interval, interval_count); undefined for a one-off product.
 */
export function lineSubscription(product: Cadenced): LineSubscription | undefined {
  if (!product.subscriptionInterval) return undefined;
  return { name: product.name, interval: product.subscriptionInterval, interval_count: product.subscriptionIntervalCount ?? 1 };
}

/** One subscription per order: a cart whose subscriptions renew at different intervals is checked out in parts. */
export function mixedCadenceProblem(products: readonly Cadenced[]): string | null {
  const cadences = new Set(
    products.filter((product) => product.subscriptionInterval).map((product) => `${product.subscriptionIntervalCount ?? 1} ${product.subscriptionInterval}`),
  );
  return cadences.size > 1 ? "Subscriptions that renew at different intervals must be ordered separately." : null;
}

/** "/ month" after a price, or null for a one-off product. */
export function perCadence(product: Cadenced): string | null {
  if (!product.subscriptionInterval) return null;
  return cadenceWords({ interval: product.subscriptionInterval, intervalCount: product.subscriptionIntervalCount ?? 1 }).per;
}

/**
 * The Klarna Payments session intent for an order: `buy_and_tokenize` when a line is a subscription, so the
 * authorization can also make the customer token the renewals are charged with; `buy` otherwise
 * (reference/klarna/payments-v1.openapi.json, session_create.intent: buy, tokenize, buy_and_tokenize).
 */
export function sessionIntent(lines: readonly Pick<OrderLine, "subscription">[]): "buy" | "buy_and_tokenize" {
  return lines.some((line) => line.subscription) ? "buy_and_tokenize" : "buy";
}
