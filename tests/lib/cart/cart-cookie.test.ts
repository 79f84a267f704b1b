import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signCartId, verifyCartCookie } from "@/lib/cart/cart-cookie";

const secret = "a-test-secret-that-is-long-enough-to-use";

describe("cart cookie", () => {
  it("round-trips a cart id signed by this store", () => {
    const id = randomUUID();
    expect(verifyCartCookie(signCartId(id, secret), secret)).toBe(id);
  });

  it("rejects a tampered id, a tampered signature, a foreign store's cookie and garbage", () => {
    const id = randomUUID();
    const cookie = signCartId(id, secret);
    const otherId = randomUUID();
    expect(verifyCartCookie(`${otherId}${cookie.slice(id.length)}`, secret)).toBeNull();
    expect(verifyCartCookie(`${cookie.slice(0, -2)}xx`, secret)).toBeNull();
    expect(verifyCartCookie(signCartId(id, "another-store-secret-also-long-enough"), secret)).toBeNull();
    expect(verifyCartCookie("garbage", secret)).toBeNull();
    expect(verifyCartCookie("", secret)).toBeNull();
    expect(verifyCartCookie(undefined, secret)).toBeNull();
  });

  it("rejects a correctly signed value that is not a cart id", () => {
    expect(verifyCartCookie(signCartId("../../etc/passwd", secret), secret)).toBeNull();
  });
});
