import { findProductsByIds, type Product } from "@/lib/catalogue/products";
import type { Market } from "@/lib/pricing/markets";
import { minor, type Minor } from "@/lib/pricing/money";
import { priceCart, type PricedCart } from "@/lib/pricing/price-cart";
import { cartItemsOf } from "./cart-store";
import { stockProblem } from "./rules";

export interface CartLine {
  product: Product;
  quantity: number;
  lineTotal: Minor;
  problem: string | null;
}

export interface CartView {
  lines: CartLine[];
  priced: PricedCart | null;
  itemCount: number;
  canCheckout: boolean;
}

export const EMPTY_CART: CartView = { lines: [], priced: null, itemCount: 0, canCheckout: false };

/** Loads a cart and prices it from database prices in the market's currency. */
export async function loadCartView(cartId: string | null, market: Market, storeUrl?: string): Promise<CartView> {
  if (!cartId) return EMPTY_CART;
  const items = await cartItemsOf(cartId);
  const products = new Map((await findProductsByIds(items.map((item) => item.productId), market)).map((p) => [p.id, p]));
  const lines: CartLine[] = items.flatMap((item) => {
    const product = products.get(item.productId);
    if (!product) return [];
    return [
      {
        product,
        quantity: item.quantity,
        lineTotal: minor(product.price * item.quantity),
        problem: stockProblem(product.name, item.quantity, product.stock),
      },
    ];
  });
  if (lines.length === 0) return EMPTY_CART;
  const priced = priceCart({
    market,
    items: lines.map((line) => ({
      reference: line.product.sku,
      name: line.product.name,
      quantity: line.quantity,
      unitPrice: line.product.price,
      taxClass: line.product.taxClass,
      isDigital: line.product.isDigital,
      ...(storeUrl
        ? { imageUrl: new URL(line.product.image, storeUrl).href, productUrl: new URL(`/products/${line.product.slug}`, storeUrl).href }
        : {}),
    })),
  });
  return {
    lines,
    priced,
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    canCheckout: lines.every((line) => line.problem === null),
  };
}
