import { randomBytes, randomUUID } from "node:crypto";
import type { CartView } from "@/lib/cart/cart-view";
import { env } from "@/lib/env";
import { klarna } from "@/lib/klarna";
import { pricedCartFor } from "@/lib/checkout/priced-cart";
import { inSpan } from "@/lib/observability/tracing";
import { getMarket, type Market } from "@/lib/pricing/markets";
import type { PricedCart } from "@/lib/pricing/price-cart";
import { sessionIntent } from "@/lib/subscriptions/cart-lines";
import { merchantUrls } from "@/lib/checkout/merchant-urls";
import { startCheckout, storeNewSession, type CheckoutPaused } from "@/lib/checkout/open-checkout";
import type { RateRule } from "@/lib/security/rate-limit";
import { fingerprint, sessionOrder, type SessionOrder } from "@/lib/checkout/session-order";
import { updateSessionOrder, type CheckoutSession } from "@/lib/checkout/session-store";
import { klarnaPaymentsProvider } from "./provider";

/** Klarna sessions live 48 hours; a session older than this is replaced rather than reused. */
const SESSION_REUSE_MS = 47 * 60 * 60 * 1000;

export type OpenCheckout =
  | { status: "ready"; session: CheckoutSession; cart: CartView & { priced: PricedCart } }
  | { status: "empty" }
  | { status: "blocked"; cart: CartView };

/**
 * The Klarna session for this cart, made to match it: reused while the cart is unchanged, updated at Klarna when
 * the cart changed before any authorization, created anew otherwise. Prices come from the database, never the browser.
 */
export async function openCheckout(cartId: string, market: Market): Promise<OpenCheckout>;
/** With the checkout page's per-cart limit, counted with the checkout's reads (lib/checkout/open-checkout.ts). */
export async function openCheckout(cartId: string, market: Market, options: { admit: RateRule }): Promise<OpenCheckout | CheckoutPaused>;
export async function openCheckout(cartId: string, market: Market, options: { admit?: RateRule } = {}): Promise<OpenCheckout | CheckoutPaused> {
  const start = await startCheckout(cartId, market, klarnaPaymentsProvider.id, options.admit);
  if (start.status !== "priced") return start;
  const { existing, cart, order, print } = start;

  const reusable =
    existing &&
    existing.market === market.code &&
    existing.placingAt === null &&
    Date.now() - Date.parse(existing.createdAt) < SESSION_REUSE_MS;
  if (existing && reusable) {
    if (existing.fingerprint !== print) {
      await inSpan("provider.update_session", { "store.provider": klarnaPaymentsProvider.id }, () =>
        klarna().payments.updateSession(existing.klarnaSessionId, withIntent(order, existing.order)),
      );
      await updateSessionOrder(existing.id, order, print);
    }
    return { status: "ready", session: { ...existing, order, fingerprint: print }, cart };
  }

  const id = randomUUID();
  const callbackToken = randomBytes(24).toString("base64url");
  const created = await inSpan("provider.create_session", { "store.provider": klarnaPaymentsProvider.id }, () =>
    klarna().payments.createSession({
      ...order,
      intent: sessionIntent(order.order_lines),
      merchant_reference2: id,
      merchant_urls: merchantUrls(env().STORE_URL, callbackToken),
    }),
  );
  const inserted = await storeNewSession({
    id,
    cartId,
    market: market.code,
    klarnaSessionId: created.session_id,
    clientToken: created.client_token,
    paymentMethodCategories: created.payment_method_categories,
    callbackToken,
    order,
    fingerprint: print,
  });
  return { status: "ready", session: inserted, cart };
}

/**
 * Brings the Klarna session in line with the cart right before the shopper authorizes, so Klarna asks them to
 * approve what the cart holds now (the cart may have changed in another tab).
 */
export async function syncSessionWithCart(session: CheckoutSession): Promise<OpenCheckout> {
  const cart = await pricedCartFor(session.cartId, getMarket(session.market), session.id);
  if (!cart.priced) return { status: "empty" };
  if (!cart.canCheckout) return { status: "blocked", cart };
  const order = sessionOrder(cart.priced);
  const print = fingerprint(order);
  if (print !== session.fingerprint) {
    await inSpan("provider.update_session", { "store.provider": klarnaPaymentsProvider.id }, () =>
      klarna().payments.updateSession(session.klarnaSessionId, withIntent(order, session.order)),
    );
    await updateSessionOrder(session.id, order, print);
  }
  return { status: "ready", session: { ...session, order, fingerprint: print }, cart: { ...cart, priced: cart.priced } };
}

/**
 * An update carries the intent when a subscription joins or leaves the cart, so the session tokenizes exactly when
 * the order holds one (session_update may change `intent`, reference/klarna/payments-v1.openapi.json); an update of
 * a plain cart stays as it was.
 */
function withIntent(order: SessionOrder, before: SessionOrder) {
  const intent = sessionIntent(order.order_lines);
  return intent === sessionIntent(before.order_lines) && intent === "buy" ? order : { ...order, intent };
}
