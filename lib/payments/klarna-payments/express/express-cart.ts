import "server-only";
import { cookies } from "next/headers";
import { addCartItem, cartExists, cartItemsOf, createCart, removeCartItem, setCartItemQuantity } from "@/lib/cart/cart-store";
import { signCartId, verifyCartCookie } from "@/lib/cart/cart-cookie";
import { readCartCookie } from "@/lib/cart/session";
import { env } from "@/lib/env";
import { storeSecret } from "@/lib/secrets";

/**
 * The product page's Express button buys that product and quantity, not the cart: it pays for a cart of its own,
 * kept in a second signed cookie, so the shopper's cart stays as it is.
 */
export const EXPRESS_CART_COOKIE = "express_cart";

async function secret(): Promise<string> {
  return storeSecret("CART_SECRET");
}

/** The Express cart of this browser, or null. */
export async function readExpressCartId(): Promise<string | null> {
  const value = (await cookies()).get(EXPRESS_CART_COOKIE)?.value;
  if (!value) return null;
  const cartId = verifyCartCookie(value, await secret());
  return cartId && (await cartExists(cartId)) ? cartId : null;
}

/** For server actions: the Express cart holding exactly `quantity` of the product, created if need be. */
export async function expressCartFor(productId: number, quantity: number): Promise<string> {
  let cartId = await readExpressCartId();
  if (!cartId) {
    cartId = await createCart();
    (await cookies()).set(EXPRESS_CART_COOKIE, signCartId(cartId, await secret()), {
      httpOnly: true,
      sameSite: "lax",
      secure: env().STORE_URL.startsWith("https:"),
      path: "/",
      maxAge: 60 * 60 * 24,
    });
  }
  const items = await cartItemsOf(cartId);
  for (const item of items) if (item.productId !== productId) await removeCartItem(cartId, item.productId);
  const current = items.find((item) => item.productId === productId);
  if (current) {
    if (current.quantity !== quantity) await setCartItemQuantity(cartId, productId, quantity);
  } else {
    await addCartItem(cartId, productId, quantity, quantity);
  }
  return cartId;
}

/** The carts this browser may pay with: its cart and its Express cart. */
export async function ownCartIds(): Promise<string[]> {
  const [cookie, express] = await Promise.all([readCartCookie(), readExpressCartId()]);
  return [...(cookie.status === "valid" ? [cookie.cartId] : []), ...(express ? [express] : [])];
}
