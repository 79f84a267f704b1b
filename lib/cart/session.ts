import "server-only";
import { cookies } from "next/headers";
import { env } from "@/lib/env";
import { storeSecret } from "@/lib/secrets";
import { cartItemCountIfExists, createCart } from "./cart-store";
import { CART_COOKIE, signCartId, verifyCartCookie } from "./cart-cookie";

export type CartCookieState =
  | { status: "none" }
  /** `itemCount`: the items in the cart when the cookie was read (each line's quantity), for the header's badge. */
  | { status: "valid"; cartId: string; itemCount: number }
  /** A cookie that this store did not sign, or that names a cart it does not have. */
  | { status: "rejected" };

async function cartSecret(): Promise<string> {
  return storeSecret("CART_SECRET");
}

/** The shopper's cart from their signed cookie: checked to exist, and counted, in one statement. */
export async function readCartCookie(): Promise<CartCookieState> {
  const value = (await cookies()).get(CART_COOKIE)?.value;
  if (!value) return { status: "none" };
  const cartId = verifyCartCookie(value, await cartSecret());
  const itemCount = cartId ? await cartItemCountIfExists(cartId) : null;
  if (!cartId || itemCount === null) return { status: "rejected" };
  return { status: "valid", cartId, itemCount };
}

/** For server actions: the shopper's cart, created (and its cookie set) if there is none or it was rejected. */
export async function ensureCart(): Promise<string> {
  const state = await readCartCookie();
  if (state.status === "valid") return state.cartId;
  const cartId = await createCart();
  (await cookies()).set(CART_COOKIE, signCartId(cartId, await cartSecret()), {
    httpOnly: true,
    sameSite: "lax",
    secure: env().STORE_URL.startsWith("https:"),
    path: "/",
    maxAge: 60 * 60 * 24 * 30,
  });
  return cartId;
}
