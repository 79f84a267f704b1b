import { eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { products } from "@/db/schema";
import { addCartItem, createCart } from "@/lib/cart/cart-store";
import { merchantUrls } from "@/lib/checkout/merchant-urls";
import { openCheckout } from "@/lib/payments/klarna-payments/open-checkout";
import type { CheckoutSession } from "@/lib/checkout/session-store";
import { env } from "@/lib/env";
import { klarna } from "@/lib/klarna";
import { MARKETS, type Market } from "@/lib/pricing/markets";
import { validateOrder } from "@/lib/validation/validate-order";
import type { SimulatorControl } from "./simulator-control";

export interface CartLineWanted {
  slug: string;
  quantity: number;
}

export interface PlacedKlarnaOrder {
  cartId: string;
  session: CheckoutSession;
  authorizationToken: string;
  klarnaOrderId: string;
}

export async function stockBySlug(slugs: readonly string[]): Promise<Map<string, number>> {
  const rows = await db()
    .select({ slug: products.slug, stock: products.stock })
    .from(products)
    .where(inArray(products.slug, [...slugs]));
  return new Map(rows.map((row) => [row.slug, row.stock]));
}

/** A cart holding `lines`, through the cart store as the add-to-cart action does. */
export async function cartWith(lines: readonly CartLineWanted[]): Promise<string> {
  const cartId = await createCart();
  for (const { slug, quantity } of lines) {
    const [product] = await db().select({ id: products.id }).from(products).where(eq(products.slug, slug));
    if (!product) throw new Error(`The catalogue has no product ${slug}`);
    if (!(await addCartItem(cartId, product.id, quantity, 99))) throw new Error(`Could not add ${quantity} × ${slug}`);
  }
  return cartId;
}

/** Opens a checkout for the cart (Swedish unless told otherwise), as the /checkout page does. */
export async function openSession(cartId: string, market: Market = MARKETS.SE): Promise<CheckoutSession> {
  const opened = await openCheckout(cartId, market);
  if (opened.status !== "ready") throw new Error(`Checkout for cart ${cartId} is ${opened.status}`);
  return opened.session;
}

/**
 * Places the Klarna order for an authorized session the way lib/payments/klarna-payments/place-order.ts does (the merchant's
 * validation gives the order number, and the body is the same, so a later place-order call with the same token gets
 * the same order back from Klarna), but straight through the Klarna client: the store has neither recorded nor
 * finalized it, as when the browser is gone right after Klarna placed it.
 */
export async function placeAtKlarna(session: CheckoutSession, authorizationToken: string): Promise<string> {
  const validation = await validateOrder(session, session.order);
  if (!validation.ok) throw new Error(`The store's validation refused the order: ${"denial" in validation ? validation.denial.reason : "placed meanwhile"}`);
  const created = await klarna().payments.placeOrder(authorizationToken, {
    ...session.order,
    merchant_reference1: validation.orderNumber,
    merchant_reference2: session.id,
    merchant_urls: merchantUrls(env().STORE_URL, session.callbackToken),
  });
  return created.order_id;
}

/**
 * Cart, session, approval by a sample customer (the approved one unless `email` picks another persona), and a Klarna
 * order the store has not seen yet.
 */
export async function placedKlarnaOrder(
  sim: SimulatorControl,
  lines: readonly CartLineWanted[],
  options: { market?: Market; email?: string } = {},
): Promise<PlacedKlarnaOrder> {
  const cartId = await cartWith(lines);
  const session = await openSession(cartId, options.market);
  const authorizationToken = await sim.authorize(session.klarnaSessionId, options.email);
  const klarnaOrderId = await placeAtKlarna(session, authorizationToken);
  return { cartId, session, authorizationToken, klarnaOrderId };
}

/** The push URL Klarna calls for this order (merchant_urls.push with `{order.id}` filled in). */
export function pushUrl(session: CheckoutSession, klarnaOrderId: string): string {
  return merchantUrls(env().STORE_URL, session.callbackToken).push.replace("{order.id}", encodeURIComponent(klarnaOrderId));
}

export function authorizationUrl(session: CheckoutSession): string {
  return merchantUrls(env().STORE_URL, session.callbackToken).authorization;
}
