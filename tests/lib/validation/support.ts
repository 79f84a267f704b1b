import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { cartCoupons, coupons, products } from "@/db/schema";
import { addCartItem, createCart } from "@/lib/cart/cart-store";
import { loadCartView } from "@/lib/cart/cart-view";
import { fingerprint, sessionOrder } from "@/lib/checkout/session-order";
import { insertCheckoutSession, type CheckoutSession } from "@/lib/checkout/session-store";
import type { AddressRead, OrderLineRead } from "@/lib/klarna";
import { allocateOrderNumber } from "@/lib/orders/order-store";
import { MARKETS, type Market } from "@/lib/pricing/markets";
import type { OrderUnderValidation } from "@/lib/validation/validate-order";

/** Klarna's approved Swedish sample shopper, as the checkout page fills it in. */
export const SE_SHOPPER: AddressRead = {
  given_name: "Testperson-se",
  family_name: "Approved",
  email: "customer@email.se",
  phone: "+46701740615",
  street_address: "Stårgatan 1",
  postal_code: "12345",
  city: "Ankeborg",
  country: "SE",
};

export interface Wanted {
  slug: string;
  quantity: number;
}

export async function productBySlug(slug: string) {
  const [row] = await db().select().from(products).where(eq(products.slug, slug));
  if (!row) throw new Error(`The catalogue has no product ${slug}`);
  return row;
}

export async function setStock(slug: string, stock: number): Promise<void> {
  await db().update(products).set({ stock }).where(eq(products.slug, slug));
}

/** A cart holding `lines` (and the coupon, if given), made through the cart store as the cart actions do. */
export async function cartWith(lines: readonly Wanted[], coupon?: string): Promise<string> {
  const cartId = await createCart();
  for (const { slug, quantity } of lines) {
    const product = await productBySlug(slug);
    if (!(await addCartItem(cartId, product.id, quantity, 99))) throw new Error(`Could not add ${quantity} × ${slug}`);
  }
  if (coupon) await db().insert(cartCoupons).values({ cartId, couponCode: coupon });
  return cartId;
}

/**
 * A checkout session row for the cart as it is now, as openCheckout stores it after Klarna created the session (the
 * rules under test only read the store's database, so no Klarna is needed).
 */
export async function sessionFor(cartId: string, market: Market = MARKETS.SE): Promise<CheckoutSession> {
  const cart = await loadCartView(cartId, market);
  if (!cart.priced || !cart.canCheckout) throw new Error(`Cart ${cartId} cannot be checked out`);
  const order = sessionOrder(cart.priced);
  return insertCheckoutSession({
    id: randomUUID(),
    cartId,
    market: market.code,
    klarnaSessionId: randomUUID(),
    clientToken: "test-client-token",
    paymentMethodCategories: [],
    callbackToken: randomBytes(24).toString("base64url"),
    order,
    fingerprint: fingerprint(order),
  });
}

/**
 * A Kustom Checkout session row for the cart as it is now, as openKustomCheckout stores it after Kustom created the
 * checkout order: provider "kustom", Kustom's order id in `klarnaSessionId` and the order number given up front (Kustom
 * shows it). Kustom itself is not called; the validation rules only read the store's database.
 */
export async function kustomSessionFor(cartId: string, market: Market = MARKETS.SE): Promise<CheckoutSession> {
  const cart = await loadCartView(cartId, market);
  if (!cart.priced || !cart.canCheckout) throw new Error(`Cart ${cartId} cannot be checked out`);
  const order = sessionOrder(cart.priced);
  const id = randomUUID();
  return insertCheckoutSession({
    id,
    cartId,
    market: market.code,
    provider: "kustom",
    klarnaSessionId: randomUUID(),
    clientToken: "",
    paymentMethodCategories: [],
    callbackToken: randomBytes(24).toString("base64url"),
    order,
    fingerprint: fingerprint(order),
    orderNumber: await allocateOrderNumber(`session:${id}`),
  });
}

/** The order Klarna holds for the session and sends to the validation callback, with the shopper's addresses. */
export function klarnaOrderOf(
  session: CheckoutSession,
  addresses: { billing_address?: AddressRead | null; shipping_address?: AddressRead | null } = {
    billing_address: SE_SHOPPER,
    shipping_address: SE_SHOPPER,
  },
): OrderUnderValidation & { session_id: string } {
  return {
    session_id: session.klarnaSessionId,
    purchase_country: session.order.purchase_country,
    purchase_currency: session.order.purchase_currency,
    order_amount: session.order.order_amount,
    order_tax_amount: session.order.order_tax_amount,
    order_lines: session.order.order_lines.map((line) => ({ ...line })),
    ...addresses,
  };
}

/**
 * The checkout order Kustom sends to the validation callback for a Kustom session: the same order, named by Kustom's
 * `order_id` (the session's `klarnaSessionId`) instead of a `session_id`.
 */
export function kustomOrderOf(
  session: CheckoutSession,
  addresses?: { billing_address?: AddressRead | null; shipping_address?: AddressRead | null },
): OrderUnderValidation & { order_id: string } {
  const { session_id: orderId, ...order } = klarnaOrderOf(session, addresses);
  return { order_id: orderId, ...order };
}

/** A goods line in Klarna's shape, for rules that only look at lines. */
export function goodsLine(reference: string, quantity: number, overrides: Partial<OrderLineRead> = {}): OrderLineRead {
  return {
    type: "physical",
    reference,
    name: reference,
    quantity,
    unit_price: 10000,
    tax_rate: 2500,
    total_amount: 10000 * quantity,
    total_discount_amount: 0,
    total_tax_amount: 2000 * quantity,
    ...overrides,
  };
}

/** A coupon of the test's own, so tests never depend on the seeded coupons' counters. */
export async function insertCoupon(values: Partial<typeof coupons.$inferInsert> & { code: string }) {
  const [row] = await db()
    .insert(coupons)
    .values({ description: `Test coupon ${values.code}`, kind: "percent", value: 10, ...values })
    .returning();
  return row!;
}

export async function couponRow(code: string) {
  const [row] = await db().select().from(coupons).where(eq(coupons.code, code));
  return row!;
}

let serial = 0;
/** A coupon code no other test uses. */
export function uniqueCode(prefix: string): string {
  serial += 1;
  return `${prefix}-${process.pid}-${serial}`.toUpperCase();
}
