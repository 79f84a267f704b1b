import { readTogether, writeTogether } from "@/db/batch";
import { cartLinesRead, cartProductsOf } from "@/lib/catalogue/products";
import { cartViewOf, type CartView } from "@/lib/cart/cart-view";
import { cartCouponFrom, cartCouponRead, moveCouponClaimsWrite } from "@/lib/coupons/coupons";
import { env } from "@/lib/env";
import type { ProviderId } from "@/lib/payments/provider";
import { shippingChoiceFor } from "@/lib/payments/klarna-payments/express/shipping";
import type { Market } from "@/lib/pricing/markets";
import type { PricedCart } from "@/lib/pricing/price-cart";
import { attemptOutcome, attemptWrites, type RateRule } from "@/lib/security/rate-limit";
import { fingerprint, sessionOrder, type SessionOrder } from "./session-order";
import {
  insertCheckoutSessionWrite,
  openSessionIdOf,
  openSessionRead,
  type CheckoutSession,
} from "./session-store";
import type { checkoutSessions } from "@/db/schema";

/** What every provider's checkout opener starts from: the cart priced from the database, and its open session. */
export type CheckoutStart =
  | {
      status: "priced";
      /** The cart's newest session with this provider that has not become an order, if any: to reuse, update or replace. */
      existing: CheckoutSession | null;
      cart: CartView & { priced: PricedCart };
      /** What the shopper is asked to pay for, and its fingerprint (lib/checkout/session-order.ts). */
      order: SessionOrder;
      print: string;
    }
  | { status: "empty" }
  | { status: "blocked"; cart: CartView }
  | CheckoutPaused;

/** The cart opened checkout too often in a short while (the `admit` rule): nothing was opened; try again later. */
export type CheckoutPaused = { status: "paused"; retryAfterSeconds: number };

/**
 * The start every provider's checkout makes (lib/payments/<provider>/open-checkout.ts and the like): the cart's open
 * session with `provider`, the cart's lines with their products and prices, and its code with whether that session
 * holds a use of it, read in one round trip (db/batch.ts); then the cart priced for the market, with the shipping
 * option chosen for that session, as `pricedCartFor` prices it. Empty or blocked carts stop here; otherwise the
 * session order and its fingerprint, for the provider to compare with the session's.
 *
 * With `admit` (the checkout page's per-cart limit, lib/security/limits.ts), the attempt is counted first in the same
 * round trip, as a write batch (`writeTogether`, db/batch.ts); a cart over its limit is not opened ("paused"), and the attempt
 * refused is not counted, as `rateAttempt` does.
 */
export async function startCheckout(cartId: string, market: Market, provider: ProviderId, admit?: RateRule): Promise<CheckoutStart> {
  const reads = [openSessionRead(cartId, provider), cartLinesRead(cartId, market), cartCouponRead(cartId, openSessionIdOf(cartId, provider))] as const;
  let sessions: CheckoutSession[];
  let lineRows: Awaited<ReturnType<typeof readTogether<typeof reads>>>[1];
  let couponRows: Awaited<ReturnType<typeof readTogether<typeof reads>>>[2];
  if (admit) {
    const attempt = attemptWrites(admit, cartId);
    // The reads run after the count, inside its transaction: each gives its rows, as in `readTogether`.
    const [counted, status, ...read] = (await writeTogether(
      [...attempt.writes, reads[0].query(), reads[1].query(), reads[2].query()],
      "start checkout",
    )) as [unknown[], { blockedUntil: number }[], typeof sessions, typeof lineRows, typeof couponRows];
    const outcome = attemptOutcome(counted, status, attempt.now);
    if (!outcome.allowed) return { status: "paused", retryAfterSeconds: outcome.retryAfterSeconds };
    [sessions, lineRows, couponRows] = read;
  } else {
    [sessions, lineRows, couponRows] = await readTogether(...reads);
  }
  const existing = sessions[0] ?? null;
  const shipping = existing ? shippingChoiceFor(existing.shippingOption, market) : undefined;
  const cart = cartViewOf(cartProductsOf(lineRows), cartCouponFrom(couponRows), market, env().STORE_URL, shipping);
  if (!cart.priced) return { status: "empty" };
  if (!cart.canCheckout) return { status: "blocked", cart };
  const order = sessionOrder(cart.priced);
  return { status: "priced", existing, cart: { ...cart, priced: cart.priced }, order, print: fingerprint(order) };
}

/**
 * Stores a checkout session the provider has just opened for the cart, and moves the code's use the cart's earlier
 * checkouts claimed to it, in one transaction and one round trip (`writeTogether`, db/batch.ts).
 */
export async function storeNewSession(values: typeof checkoutSessions.$inferInsert & { cartId: string; id: string }): Promise<CheckoutSession> {
  const [stored] = await writeTogether([insertCheckoutSessionWrite(values), moveCouponClaimsWrite(values.cartId, values.id)], "store checkout session");
  const [inserted] = stored as CheckoutSession[];
  if (!inserted) throw new Error("The checkout session was not stored");
  return inserted;
}

