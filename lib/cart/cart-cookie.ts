import { createHmac, timingSafeEqual } from "node:crypto";

export const CART_COOKIE = "cart";

/** Cart ids are random UUIDs; the cookie carries the id and an HMAC of it, so it cannot be forged or guessed. */
const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function mac(cartId: string, secret: string): string {
  return createHmac("sha256", secret).update(`cart:${cartId}`).digest("base64url");
}

export function signCartId(cartId: string, secret: string): string {
  return `${cartId}.${mac(cartId, secret)}`;
}

/** The cart id if the cookie was signed by this store, otherwise null. */
export function verifyCartCookie(value: string | undefined, secret: string): string | null {
  if (!value) return null;
  const dot = value.indexOf(".");
  if (dot < 0) return null;
  const cartId = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(mac(cartId, secret));
  if (!ID_PATTERN.test(cartId) || given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return cartId;
}
