import { readTogether } from "@/db/batch";
import { cartLinesRead, cartProductsOf, type CartProduct } from "@/lib/catalogue/products";
import { cartCouponFrom, cartCouponRead, couponDiscount, couponProblem, type Coupon } from "@/lib/coupons/coupons";
import type { Market } from "@/lib/pricing/markets";
import { minor, type Minor } from "@/lib/pricing/money";
import { priceCart, type PricedCart } from "@/lib/pricing/price-cart";
import { shippingOptionRead } from "@/lib/checkout/session-store";
import { shippingChoiceFor, type ShippingChoice } from "@/lib/payments/klarna-payments/express/shipping";
import { lineSubscription, mixedCadenceProblem } from "@/lib/subscriptions/cart-lines";
import { stockProblem } from "./rules";

export interface CartLine {
  product: CartProduct;
  quantity: number;
  lineTotal: Minor;
  problem: string | null;
}

export interface CartView {
  lines: CartLine[];
  /** The code the shopper entered; its discount is in `priced` only while `couponProblem` is null. */
  coupon: Coupon | null;
  couponProblem: string | null;
  /** Whether the checkout being paid (`checkoutSessionId`) already holds a use of the code. */
  couponClaimed: boolean;
  priced: PricedCart | null;
  itemCount: number;
  canCheckout: boolean;
}

export const EMPTY_CART: CartView = {
  lines: [],
  coupon: null,
  couponProblem: null,
  couponClaimed: false,
  priced: null,
  itemCount: 0,
  canCheckout: false,
};

/**
 * Loads a cart and prices it from database prices in the market's currency. `checkoutSessionId` is the checkout
 * being paid, whose own claim on a coupon keeps that coupon valid for it.
 */
export async function loadCartView(
  cartId: string | null,
  market: Market,
  storeUrl?: string,
  checkoutSessionId?: string,
): Promise<CartView> {
  if (!cartId) return EMPTY_CART;
  if (!checkoutSessionId) {
    const [lineRows, couponRows] = await readTogether(...cartReads(cartId, market));
    return cartViewOf(cartProductsOf(lineRows), cartCouponFrom(couponRows), market, storeUrl);
  }
  // The checkout's shipping option (chosen on Express checkout's review page) in the same round trip.
  const [lineRows, couponRows, options] = await readTogether(...cartReads(cartId, market, checkoutSessionId), shippingOptionRead(checkoutSessionId));
  const shipping = shippingChoiceFor(options[0]?.option, market);
  return cartViewOf(cartProductsOf(lineRows), cartCouponFrom(couponRows), market, storeUrl, shipping);
}

/**
 * What a cart view reads, the cart's lines and its code, as reads that share one round trip (db/batch.ts), for a
 * caller that reads more in the same trip; `cartViewOf` makes the view of their rows.
 */
export function cartReads(cartId: string, market: Market, checkoutSessionId?: string) {
  return [cartLinesRead(cartId, market), cartCouponRead(cartId, checkoutSessionId)] as const;
}

/** The cart view of its lines and code, as read by `cartReads`. */
export function cartViewOf(
  items: readonly { product: CartProduct; quantity: number }[],
  held: { coupon: Coupon; claimed: boolean } | null,
  market: Market,
  storeUrl?: string,
  /** The shipping option chosen on Express checkout's review page for the checkout being paid, if any. */
  shipping?: ShippingChoice,
): CartView {
  const lines: CartLine[] = items.map(({ product, quantity }) => ({
    product,
    quantity,
    lineTotal: minor(product.price * quantity),
    problem: stockProblem(product.name, quantity, product.stock),
  }));
  if (lines.length === 0) return EMPTY_CART;
  const mixed = mixedCadenceProblem(lines.map((line) => line.product));
  if (mixed) for (const line of lines) if (line.product.subscriptionInterval && !line.problem) line.problem = mixed;
  const coupon = held?.coupon ?? null;
  const claimed = held?.claimed ?? false;
  const problem = coupon ? couponProblem(coupon, market, new Date(), claimed) : null;
  const priced = priceCart({
    market,
    items: lines.map((line) => ({
      reference: line.product.sku,
      name: line.product.name,
      quantity: line.quantity,
      unitPrice: line.product.price,
      taxClass: line.product.taxClass,
      isDigital: line.product.isDigital,
      subscription: lineSubscription(line.product),
      ...(storeUrl
        ? { imageUrl: new URL(line.product.image, storeUrl).href, productUrl: new URL(`/products/${line.product.slug}`, storeUrl).href }
        : {}),
    })),
    discount: coupon && !problem ? couponDiscount(coupon, market) : undefined,
    shipping,
  });
  return {
    lines,
    coupon,
    couponProblem: problem,
    couponClaimed: claimed,
    priced,
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    // A code that can no longer be used must be removed first: checking out would silently charge the full price.
    canCheckout: lines.every((line) => line.problem === null) && problem === null,
  };
}
