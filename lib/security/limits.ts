import { z } from "zod";
import type { RateRule } from "./rate-limit";

const MINUTE = 60_000;

const count = (fallback: number) => z.coerce.number().int().min(1).max(10_000).default(fallback);

/**
 * The documented limits, each adjustable by an environment variable (read here rather than in lib/env.ts so that
 * they stay next to the rules they tune):
 * - SIGN_IN_LIMIT_PER_ACCOUNT (5): failed sign-ins for one e-mail within 15 minutes; the 5th blocks the account for
 *   30 s, each further failure doubles it, up to 15 minutes. A successful sign-in clears the account's count.
 * - SIGN_IN_LIMIT_PER_ADDRESS (20): failed sign-ins from one client address within 15 minutes, whatever the account;
 *   same growing block. Higher than per account: an office or a mobile carrier puts many people behind one address.
 * - COUPON_LIMIT_PER_CART (10): discount codes entered in one cart within 10 minutes; the one
 *   that reaches it blocks the cart's next ones for 10 minutes.
 * - CHECKOUT_LIMIT_PER_CART (30): checkout page loads of one cart, each of which may open or update a session at the
 *   provider, within 10 minutes; then 10 minutes' wait.
 */
const schema = z.object({
  SIGN_IN_LIMIT_PER_ACCOUNT: count(5),
  SIGN_IN_LIMIT_PER_ADDRESS: count(20),
  COUPON_LIMIT_PER_CART: count(10),
  CHECKOUT_LIMIT_PER_CART: count(30),
});

export interface Limits {
  signInAccount: RateRule;
  signInAddress: RateRule;
  couponCart: RateRule;
  checkoutCart: RateRule;
}

let cached: { source: string; limits: Limits } | undefined;

export function limits(source: Record<string, string | undefined> = process.env): Limits {
  const fingerprint = JSON.stringify(Object.keys(schema.shape).map((name) => source[name]));
  if (cached?.source === fingerprint) return cached.limits;
  const values = schema.parse(
    Object.fromEntries(Object.keys(schema.shape).map((name) => [name, source[name] === "" ? undefined : source[name]])),
  );
  const signIn = { windowMs: 15 * MINUTE, blockMs: 30_000, maxBlockMs: 15 * MINUTE };
  const perCart = { windowMs: 10 * MINUTE, blockMs: 10 * MINUTE, maxBlockMs: 10 * MINUTE };
  const built: Limits = {
    signInAccount: { name: "sign-in-account", limit: values.SIGN_IN_LIMIT_PER_ACCOUNT, ...signIn },
    signInAddress: { name: "sign-in-address", limit: values.SIGN_IN_LIMIT_PER_ADDRESS, ...signIn },
    couponCart: { name: "coupon-cart", limit: values.COUPON_LIMIT_PER_CART, ...perCart },
    checkoutCart: { name: "checkout-cart", limit: values.CHECKOUT_LIMIT_PER_CART, ...perCart },
  };
  cached = { source: fingerprint, limits: built };
  return built;
}

/**
 * The client's address: the last entry of X-Forwarded-For, the one the nearest proxy (Vercel's edge, a load
 * balancer) wrote from the connection, then X-Real-IP. A store reachable without such a proxy in front should not
 * rely on the per-address limit (a client may write the header itself); the per-account limit holds regardless.
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",").map((part) => part.trim()).filter(Boolean);
  return forwarded?.at(-1) ?? headers.get("x-real-ip")?.trim() ?? "unknown";
}
