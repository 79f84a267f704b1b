import { createHmac, timingSafeEqual } from "node:crypto";

export interface SigningKey {
  id: string;
  secret: string;
}

/**
 * `id:secret,id:secret`: the keys whose signatures the store accepts, several while a key is rotated. A key id is a
 * krn with colons, so each pair splits at its last colon.
 */
export function parseSigningKeys(text: string): SigningKey[] {
  return text
    .split(",")
    .map((pair) => pair.trim())
    .filter((pair) => pair !== "")
    .map((pair) => {
      const colon = pair.lastIndexOf(":");
      const id = pair.slice(0, colon);
      const secret = pair.slice(colon + 1);
      if (colon <= 0 || secret === "") throw new Error(`KLARNA_NETWORK_SIGNING_KEYS: "${colon <= 0 ? pair : id}" has no secret (use id:secret)`);
      return { id, secret };
    });
}

export type SignatureCheck = { ok: true; keyId: string } | { ok: false; reason: string };

/**
 * Klarna signs each webhook: `Klarna-Signature` is the lowercase hex HMAC-SHA256 of the raw body with the key named by
 * `Klarna-Signing-Key-Id` (notes.md §6). Checked on the exact bytes, before anything is parsed, in constant time.
 */
export function verifySignature(rawBody: string, headers: Headers, keys: readonly SigningKey[]): SignatureCheck {
  const keyId = headers.get("klarna-signing-key-id");
  const signature = headers.get("klarna-signature");
  if (!keyId || !signature) return { ok: false, reason: "Klarna-Signature and Klarna-Signing-Key-Id are required" };
  const key = keys.find((candidate) => candidate.id === keyId);
  if (!key) return { ok: false, reason: "unknown signing key" };
  const expected = Buffer.from(createHmac("sha256", key.secret).update(rawBody, "utf8").digest("hex"));
  const given = Buffer.from(signature.trim().toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "signature does not match" };
  return { ok: true, keyId };
}
