import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseSigningKeys, verifySignature } from "@/lib/payments/klarna-network/signature";

const OLD = "krn:partner:global:notification:signing-key:11111111-1111-4111-8111-111111111111";
const NEW = "krn:partner:global:notification:signing-key:22222222-2222-4222-8222-222222222222";
const keys = parseSigningKeys(`${OLD}:old-secret, ${NEW}:new-secret`);
const body = '{"metadata":{"event_id":"e1"},"payload":{}}';
const sign = (secret: string, text = body) => createHmac("sha256", secret).update(text).digest("hex");
const headers = (keyId: string, signature: string) => new Headers({ "Klarna-Signing-Key-Id": keyId, "Klarna-Signature": signature });

describe("webhook signing keys", () => {
  it("splits each id:secret pair at its last colon, so krn ids keep theirs", () => {
    expect(keys).toEqual([
      { id: OLD, secret: "old-secret" },
      { id: NEW, secret: "new-secret" },
    ]);
  });

  it("refuses a key without a secret, naming it", () => {
    expect(() => parseSigningKeys("no-secret-here")).toThrow(/no-secret-here/);
  });
});

describe("verifySignature", () => {
  it("accepts a signature by either key during a rotation", () => {
    expect(verifySignature(body, headers(OLD, sign("old-secret")), keys)).toEqual({ ok: true, keyId: OLD });
    expect(verifySignature(body, headers(NEW, sign("new-secret")), keys)).toEqual({ ok: true, keyId: NEW });
  });

  it("refuses a signature made with another key than the one named", () => {
    expect(verifySignature(body, headers(NEW, sign("old-secret")), keys)).toEqual({ ok: false, reason: "signature does not match" });
  });

  it("refuses an unknown key id, a missing header and a body changed after signing", () => {
    expect(verifySignature(body, headers("krn:other", sign("old-secret")), keys)).toMatchObject({ ok: false, reason: "unknown signing key" });
    expect(verifySignature(body, new Headers({ "Klarna-Signature": sign("old-secret") }), keys).ok).toBe(false);
    expect(verifySignature(`${body} `, headers(OLD, sign("old-secret")), keys).ok).toBe(false);
  });
});
