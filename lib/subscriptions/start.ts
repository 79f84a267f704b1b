import "server-only";
import { eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { checkoutSessions, orders, products } from "@/db/schema";
import type { StoreOrder } from "@/db/units";
import { env } from "@/lib/env";
import { KlarnaApiError, describeKlarnaError, klarna } from "@/lib/klarna";
import { log } from "@/lib/observability/logger";
import { getMarket, isMarketCode } from "@/lib/pricing/markets";
import { minor } from "@/lib/pricing/money";
import { priceCart, type PricedItem } from "@/lib/pricing/price-cart";
import { subscriptionNow } from "./clock";
import { customerTokens } from "./customer-token-api";
import { addPeriods } from "./interval";
import { activateSubscription, claimSubscription, failTokenizing, findSubscriptionBySourceOrder, reclaimTokenizing, type Subscription } from "./store";

/** The subscription products among these SKUs, with what a renewal needs to price them. */
async function subscriptionProducts(skus: string[]) {
  if (skus.length === 0) return [];
  const rows = await db()
    .select({
      sku: products.sku,
      slug: products.slug,
      name: products.name,
      image: products.image,
      taxClass: products.taxClass,
      isDigital: products.isDigital,
      interval: products.subscriptionInterval,
      intervalCount: products.subscriptionIntervalCount,
    })
    .from(products)
    .where(inArray(products.sku, skus));
  return rows.filter((row) => row.interval !== null);
}

/**
 * After a first order: when it holds subscription products and its checkout authorized with intent
 * buy_and_tokenize, makes its subscription once (the unique source order is the claim) and asks Klarna for the
 * customer token (POST /payments/v1/authorizations/{authorizationToken}/customer-token,
 * reference/klarna/payments-v1.openapi.json). Called by finalize for every settled order; an order without
 * subscription products costs one query. Never throws: the cron step finishes what fails here.
 */
export async function startSubscriptionAfterOrder(order: StoreOrder): Promise<Subscription | null> {
  try {
    if (order.status !== "acknowledged" || !order.checkoutSessionId || !isMarketCode(order.market)) return null;
    // Klarna echoes a subscription line's `subscription` object in the order it reports (reference/klarna/
    // ordermanagement-v1.openapi.json, order_line.subscription): an order without one needs no catalogue read.
    if (!order.lines.some((line) => line.subscription)) return null;
    const skus = order.lines.map((line) => line.reference).filter((sku): sku is string => Boolean(sku));
    const cadenced = await subscriptionProducts(skus);
    if (cadenced.length === 0) return null;
    const existing = await findSubscriptionBySourceOrder(order.id);
    if (existing) return existing;
    const [session] = await db()
      .select({ authorizationToken: checkoutSessions.authorizationToken })
      .from(checkoutSessions)
      .where(eq(checkoutSessions.id, order.checkoutSessionId));
    if (!session?.authorizationToken) return null;

    const market = getMarket(order.market);
    const storeUrl = env().STORE_URL;
    const bySku = new Map(cadenced.map((product) => [product.sku, product]));
    // A renewal orders the subscription lines again at their price, with shipping as the store charges it for them.
    const items: PricedItem[] = order.lines.flatMap((line) => {
      const product = line.reference ? bySku.get(line.reference) : undefined;
      if (!product || !product.interval) return [];
      return [
        {
          reference: product.sku,
          name: product.name,
          quantity: line.quantity,
          unitPrice: minor(line.unit_price),
          taxClass: product.taxClass,
          isDigital: product.isDigital,
          imageUrl: new URL(product.image, storeUrl).href,
          productUrl: new URL(`/products/${product.slug}`, storeUrl).href,
          // payments-v1 / customer-token-v1 order_line.subscription: name, interval, interval_count.
          subscription: { name: product.name, interval: product.interval, interval_count: product.intervalCount ?? 1 },
        },
      ];
    });
    const priced = priceCart({ market, items });
    const first = cadenced[0]!;
    const cadence = { interval: first.interval!, intervalCount: first.intervalCount ?? 1 };
    const now = await subscriptionNow();
    const started = new Date(now);
    const claimed = await claimSubscription(
      {
        sourceOrderId: order.id,
        status: "tokenizing",
        name: items.map((item) => item.name).join(", "),
        market: market.code,
        currency: order.currency,
        locale: order.locale,
        email: order.email,
        interval: cadence.interval,
        intervalCount: cadence.intervalCount,
        lines: priced.lines,
        amount: priced.order_amount,
        taxAmount: priced.order_tax_amount,
        shippingAddress: order.shippingAddress,
        startedAt: started.toISOString(),
        nextPeriod: 1,
        nextChargeAt: addPeriods(started, cadence, 1).toISOString(),
      },
      now,
    );
    if (!claimed) return findSubscriptionBySourceOrder(order.id);
    return await tokenize(claimed, order, session.authorizationToken);
  } catch (error) {
    log().warn({ orderNumber: order.orderNumber, error: error instanceof Error ? error.message : String(error) }, "subscription not started");
    return null;
  }
}

/**
 * Asks Klarna for the customer token of the claimed subscription. A refusal (the authorization expired, a `buy`
 * intent) marks it failed, shown in the back office; Klarna not answering leaves the claim to go stale, and the
 * cron step asks again.
 */
async function tokenize(subscription: Subscription, order: StoreOrder, authorizationToken: string): Promise<Subscription> {
  try {
    // payments-v1 customer_token_creation_request: purchase_country, purchase_currency, locale, description and
    // intended_use (SUBSCRIPTION) required; billing_address optional.
    const token = await klarna().payments.createCustomerToken(authorizationToken, {
      purchase_country: getMarket(subscription.market).country,
      purchase_currency: subscription.currency,
      locale: subscription.locale,
      description: subscription.name.slice(0, 255),
      intended_use: "SUBSCRIPTION",
      ...(order.billingAddress ? { billing_address: stripNulls(order.billingAddress) } : {}),
    });
    let paymentMethodType: string | null = null;
    try {
      paymentMethodType = (await customerTokens.read(token.token_id)).payment_method_type;
    } catch {
      // The status is read again whenever the merchant opens the subscription.
    }
    await activateSubscription(subscription.id, { customerToken: token.token_id, paymentMethodType });
  } catch (error) {
    if (error instanceof KlarnaApiError) await failTokenizing(subscription.id, `Klarna gave no customer token: ${describeKlarnaError(error)}`);
    else throw error;
  }
  return (await findSubscriptionBySourceOrder(order.id)) ?? subscription;
}

/** The cron step's second chance for a subscription whose token request never finished. */
export async function retryTokenize(subscription: Subscription, now: number): Promise<void> {
  if (!(await reclaimTokenizing(subscription.id, now))) return;
  const [row] = await db()
    .select({ order: orders, authorizationToken: checkoutSessions.authorizationToken })
    .from(orders)
    .innerJoin(checkoutSessions, eq(checkoutSessions.id, orders.checkoutSessionId))
    .where(eq(orders.id, subscription.sourceOrderId));
  if (!row?.authorizationToken) {
    await failTokenizing(subscription.id, "The first order's authorization is gone: no customer token can be made.");
    return;
  }
  await tokenize(subscription, row.order, row.authorizationToken);
}

function stripNulls<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== null && entry !== undefined)) as never;
}
