import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { products } from "@/db/schema";
import { addCartItem, cartItemCount, cartItemsOf, createCart, removeCartItem, setCartItemQuantity } from "@/lib/cart/cart-store";
import { loadCartView } from "@/lib/cart/cart-view";
import { MARKETS } from "@/lib/pricing/markets";

async function productId(slug: string): Promise<number> {
  const [row] = await db().select({ id: products.id }).from(products).where(eq(products.slug, slug));
  return row!.id;
}

describe("cart store", () => {
  it("counts a cart's items by their quantities, and an empty cart as 0", async () => {
    const cartId = await createCart();
    expect(await cartItemCount(cartId)).toBe(0);
    await addCartItem(cartId, await productId("titanium-mug-450"), 3, 99);
    await addCartItem(cartId, await productId("hiking-wool-socks"), 2, 99);
    expect(await cartItemCount(cartId)).toBe(5);
    await removeCartItem(cartId, await productId("titanium-mug-450"));
    expect(await cartItemCount(cartId)).toBe(2);
  });

  it("adds to an existing line and never past the limit, even when adds race", async () => {
    const cartId = await createCart();
    const id = await productId("titanium-mug-450");
    const results = await Promise.all(Array.from({ length: 10 }, () => addCartItem(cartId, id, 2, 5)));
    expect(results.filter(Boolean)).toHaveLength(2);
    expect(await cartItemsOf(cartId)).toEqual([{ productId: id, quantity: 4 }]);
  });

  it("refuses quantities outside 1–99 at the database too", async () => {
    const cartId = await createCart();
    const id = await productId("hiking-wool-socks");
    await addCartItem(cartId, id, 1, 99);
    // libSQL's driver wraps SQLite's error in drizzle's "Failed query", with SQLite's message as the cause.
    const failure = (attempt: Promise<unknown>) =>
      attempt.then(
        () => "no error",
        (error: Error) => `${error.message} ${error.cause instanceof Error ? error.cause.message : ""}`,
      );
    expect(await failure(setCartItemQuantity(cartId, id, 0))).toMatch(/CHECK constraint/);
    expect(await failure(setCartItemQuantity(cartId, id, 100))).toMatch(/CHECK constraint/);
    expect(await cartItemsOf(cartId)).toEqual([{ productId: id, quantity: 1 }]);
  });

  it("prices the cart from database prices in the market's currency", async () => {
    const cartId = await createCart();
    await addCartItem(cartId, await productId("ridgeline-daypack-28l"), 1, 99);
    const se = await loadCartView(cartId, MARKETS.SE);
    // 1 099 kr with 25 % VAT inside, plus 49 kr shipping below the free-shipping threshold.
    expect(se.priced).toMatchObject({ subtotal: 109900, shipping: 4900, order_amount: 114800, order_tax_amount: 22960 });
    const us = await loadCartView(cartId, MARKETS.US);
    // $99.00 plus $6.95 shipping, plus 8.25 % sales tax on the goods ($8.17).
    expect(us.priced).toMatchObject({ subtotal: 9900, shipping: 695, order_amount: 11412, order_tax_amount: 817 });
  });

  it("flags a line whose product sold out while it sat in the cart, and blocks checkout", async () => {
    const cartId = await createCart();
    const id = await productId("packable-sun-hat");
    await addCartItem(cartId, id, 2, 99);
    await db().update(products).set({ stock: 0 }).where(eq(products.id, id));
    const view = await loadCartView(cartId, MARKETS.GB);
    expect(view.canCheckout).toBe(false);
    expect(view.lines[0]!.problem).toMatch(/sold out/);
    await removeCartItem(cartId, id);
    expect(await cartItemsOf(cartId)).toEqual([]);
  });
});
