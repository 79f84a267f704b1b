import "server-only";
import { cookies } from "next/headers";
import { env } from "@/lib/env";
import { storeSecret } from "@/lib/secrets";
import { cartExists, createCart } from "./cart-store";
import { CART_COOKIE, signCartId, verifyCartCookie } from "./cart-cookie";

export type CartCookieState =
  | { status: "none" }
  | { status: "valid"; cartId: string }
  /** A cookie that this store did not sign, or that names a cart it does not have. */
  | { status: "rejected" };

async function cartSecret(): Promise<string> {
  return storeSecret("CART_SECRET");
}

export async function readCartCookie(): Promise<CartCookieState> {
  const value = (await cookies()).get(CART_COOKIE)?.value;
  if (!value) return { status: "none" };
  const cartId = verifyCartCookie(value, await cartSecret());
  if (!cartId || !(await cartExists(cartId))) return { status: "rejected" };
  return { status: "valid", cartId };
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
