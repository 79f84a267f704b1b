import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { storeSecret } from "@/lib/secrets";

/** How long a "find my order" link opens the order. */
export const ORDER_LINK_TTL_MS = 24 * 60 * 60 * 1000;
export const ORDER_LINK_TTL_WORDS = "24 hours";

async function signature(orderNumber: string, expiresAt: number): Promise<string> {
  // The cart secret, under its own label, so no cart cookie can pass for a link or the other way round.
  const secret = await storeSecret("CART_SECRET");
  return createHmac("sha256", secret).update(`order-link:${orderNumber}:${expiresAt}`).digest("base64url");
}

/** The query of a signed link to an order: its number, when it expires (epoch ms) and the signature of both. */
export async function signOrderLink(orderNumber: string, now = Date.now()): Promise<URLSearchParams> {
  const expiresAt = now + ORDER_LINK_TTL_MS;
  return new URLSearchParams({ order: orderNumber, expires: String(expiresAt), sig: await signature(orderNumber, expiresAt) });
}

export type LinkCheck = { ok: true; orderNumber: string } | { ok: false; reason: "invalid" | "expired" };

export async function verifyOrderLink(params: { order?: string; expires?: string; sig?: string }, now = Date.now()): Promise<LinkCheck> {
  const { order, expires, sig } = params;
  if (!order || !expires || !sig || !/^\d{1,16}$/.test(expires) || order.length > 64) return { ok: false, reason: "invalid" };
  const expected = Buffer.from(await signature(order, Number(expires)));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "invalid" };
  if (Number(expires) <= now) return { ok: false, reason: "expired" };
  return { ok: true, orderNumber: order };
}
