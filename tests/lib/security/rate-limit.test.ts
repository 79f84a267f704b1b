import { describe, expect, it } from "vitest";
import { rateAttempt, rateHit, rateReset, rateStatus, waitInWords, type RateRule } from "@/lib/security/rate-limit";
import { clientAddress, limits } from "@/lib/security/limits";

const rule = (name: string, limit = 3): RateRule => ({ name, limit, windowMs: 600_000, blockMs: 10_000, maxBlockMs: 40_000 });
const T0 = 1_800_000_000_000;

describe("rateHit", () => {
  it("allows `limit` hits; the one that reaches it blocks, each further hit doubles the block up to its maximum", async () => {
    const r = rule("growing");
    expect(await rateHit(r, "a", T0)).toEqual({ hits: 1, retryAfterSeconds: 0 });
    expect(await rateHit(r, "a", T0 + 1)).toEqual({ hits: 2, retryAfterSeconds: 0 });
    expect(await rateHit(r, "a", T0 + 2)).toEqual({ hits: 3, retryAfterSeconds: 10 });
    expect(await rateStatus(r, "a", T0 + 2)).toEqual({ retryAfterSeconds: 10 });
    expect(await rateHit(r, "a", T0 + 20_000)).toEqual({ hits: 4, retryAfterSeconds: 20 });
    expect(await rateHit(r, "a", T0 + 40_000)).toEqual({ hits: 5, retryAfterSeconds: 40 });
    expect(await rateHit(r, "a", T0 + 80_000)).toEqual({ hits: 6, retryAfterSeconds: 40 });
    // Another subject under the same rule is counted apart.
    expect(await rateStatus(r, "b", T0 + 80_000)).toEqual({ retryAfterSeconds: 0 });
  });

  it("starts a new window once the old one is over and the key is not blocked", async () => {
    const r = rule("window");
    await rateHit(r, "a", T0);
    await rateHit(r, "a", T0 + 1);
    expect(await rateHit(r, "a", T0 + 599_999)).toEqual({ hits: 3, retryAfterSeconds: 10 });
    expect(await rateHit(r, "b", T0)).toMatchObject({ hits: 1 });
    expect(await rateHit(r, "b", T0 + 600_000)).toEqual({ hits: 1, retryAfterSeconds: 0 });
  });

  it("counts every one of many concurrent hits", async () => {
    const r = rule("concurrent", 1000);
    await Promise.all(Array.from({ length: 40 }, () => rateHit(r, "a", T0)));
    expect((await rateHit(r, "a", T0)).hits).toBe(41);
  });

  it("keeps no subject in clear", async () => {
    const { db } = await import("@/db");
    const { rateLimits } = await import("@/db/schema");
    await rateHit(rule("clear"), "merchant@example.com", T0);
    const keys = (await db().select({ key: rateLimits.key }).from(rateLimits).all()).map((row) => row.key);
    expect(keys.some((key) => key.includes("merchant@example.com"))).toBe(false);
    expect(keys.some((key) => key.startsWith("clear:"))).toBe(true);
  });
});

describe("rateAttempt", () => {
  it("lets the attempt that reaches the limit through and refuses the next, without counting refused ones", async () => {
    const r = rule("attempts", 2);
    expect(await rateAttempt(r, "cart", T0)).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(await rateAttempt(r, "cart", T0 + 1)).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(await rateAttempt(r, "cart", T0 + 2)).toEqual({ allowed: false, retryAfterSeconds: 10 });
    // Blocked from the second attempt (T0 + 1) for 10 s: 5.001 s left, said as 6 whole seconds.
    expect(await rateAttempt(r, "cart", T0 + 5_000)).toEqual({ allowed: false, retryAfterSeconds: 6 });
    // Waiting out the block is enough: the refused attempts did not lengthen it.
    expect((await rateAttempt(r, "cart", T0 + 10_001)).allowed).toBe(true);
  });

  it("forgets a subject on reset", async () => {
    const r = rule("reset", 1);
    await rateAttempt(r, "x", T0);
    expect((await rateAttempt(r, "x", T0 + 1)).allowed).toBe(false);
    await rateReset(r, "x");
    expect((await rateAttempt(r, "x", T0 + 2)).allowed).toBe(true);
  });
});

describe("the documented limits", () => {
  it("are 5 per account and 20 per address for sign-in, 10 coupons and 30 checkouts per cart, each adjustable", () => {
    const defaults = limits({});
    expect(defaults.signInAccount).toMatchObject({ limit: 5, windowMs: 15 * 60_000, blockMs: 30_000, maxBlockMs: 15 * 60_000 });
    expect(defaults.signInAddress.limit).toBe(20);
    expect(defaults.couponCart.limit).toBe(10);
    expect(defaults.checkoutCart.limit).toBe(30);
    expect(limits({ SIGN_IN_LIMIT_PER_ACCOUNT: "3" }).signInAccount.limit).toBe(3);
    expect(() => limits({ COUPON_LIMIT_PER_CART: "0" })).toThrow();
  });

  it("take the client address from the last X-Forwarded-For entry, then X-Real-IP", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "203.0.113.9, 198.51.100.7" }))).toBe("198.51.100.7");
    expect(clientAddress(new Headers({ "x-real-ip": "198.51.100.8" }))).toBe("198.51.100.8");
    expect(clientAddress(new Headers())).toBe("unknown");
  });

  it("say how long to wait in words", () => {
    expect(waitInWords(1)).toBe("1 second");
    expect(waitInWords(45)).toBe("45 seconds");
    expect(waitInWords(600)).toBe("10 minutes");
  });
});
