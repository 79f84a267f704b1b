import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Checkout.com signs each webhook with `Cko-Signature`: the lowercase hex HMAC-SHA256 of the raw body keyed with
 * the workflow's signature key. The scheme has no timestamp, so it is checked over the exact bytes received,
 * before parsing, and compared in constant time (notes.md §10).
 */
export function verifyWebhookSignature(rawBody: string | Uint8Array, signature: string | null | undefined, key: string): boolean {
  if (!signature || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const expected = createHmac("sha256", key).update(rawBody).digest();
  const given = Buffer.from(signature, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
