import { randomBytes, randomUUID } from "node:crypto";
import type { CartView } from "@/lib/cart/cart-view";
import { startCheckout, storeNewSession, type CheckoutPaused } from "@/lib/checkout/open-checkout";
import type { RateRule } from "@/lib/security/rate-limit";
import type { SessionOrder } from "@/lib/checkout/session-order";
import { updateSessionOrder, type CheckoutSession } from "@/lib/checkout/session-store";
import { env } from "@/lib/env";
import { KlarnaApiError, type CheckoutOrder, type CheckoutOrderRequest } from "@/lib/klarna";
import { allocateOrderNumber } from "@/lib/orders/order-store";
import type { Market } from "@/lib/pricing/markets";
import type { PricedCart } from "@/lib/pricing/price-cart";
import { kustom } from "./client";
import { kustomMerchantUrls } from "./merchant-urls";

/** A checkout order lives 48 hours after its last update (notes.md §9); an older one is replaced, not reused. */
const CHECKOUT_REUSE_MS = 47 * 60 * 60 * 1000;

export type OpenKustomCheckout =
  | { status: "ready"; session: CheckoutSession; snippet: string; cart: CartView & { priced: PricedCart } }
  | { status: "empty" }
  | { status: "blocked"; cart: CartView };

/**
 * The Kustom checkout order for this cart, made to match it: reused while it is incomplete, updated at Kustom when the
 * cart changed, created anew when there is none, it completed, expired or Kustom refuses the update (a completed
 * order is read-only). Prices come from the database, never the browser.
 */
export async function openKustomCheckout(cartId: string, market: Market): Promise<OpenKustomCheckout>;
/** With the checkout page's per-cart limit, counted with the checkout's reads (lib/checkout/open-checkout.ts). */
export async function openKustomCheckout(cartId: string, market: Market, options: { admit: RateRule }): Promise<OpenKustomCheckout | CheckoutPaused>;
export async function openKustomCheckout(cartId: string, market: Market, options: { admit?: RateRule } = {}): Promise<OpenKustomCheckout | CheckoutPaused> {
  const start = await startCheckout(cartId, market, "kustom", options.admit);
  if (start.status !== "priced") return start;
  const { existing, cart: priced, order, print } = start;

  if (existing && existing.market === market.code && Date.now() - Date.parse(existing.updatedAt) < CHECKOUT_REUSE_MS) {
    const reused = await reuse(existing, order, print);
    if (reused) return { status: "ready", session: reused.session, snippet: reused.snippet, cart: priced };
  }

  const id = randomUUID();
  const callbackToken = randomBytes(24).toString("base64url");
  // Kustom shows the merchant's order number and carries it to Order Management, so it is given up front.
  const orderNumber = await allocateOrderNumber(`session:${id}`);
  const created = await kustom().checkout.createOrder(checkoutRequest(order, id, orderNumber, callbackToken));
  const inserted = await storeNewSession({
    id,
    cartId,
    market: market.code,
    provider: "kustom",
    klarnaSessionId: created.order_id,
    clientToken: "",
    paymentMethodCategories: [],
    callbackToken,
    order,
    fingerprint: print,
    orderNumber,
  });
  return { status: "ready", session: inserted, snippet: snippetOf(created), cart: priced };
}

async function reuse(
  session: CheckoutSession,
  order: SessionOrder,
  print: string,
): Promise<{ session: CheckoutSession; snippet: string } | null> {
  try {
    const current =
      session.fingerprint === print
        ? await kustom().checkout.readOrder(session.klarnaSessionId)
        : await kustom().checkout.updateOrder(session.klarnaSessionId, order);
    if (current.status !== "checkout_incomplete") return null;
    if (session.fingerprint !== print) await updateSessionOrder(session.id, order, print);
    return { session: { ...session, order, fingerprint: print }, snippet: snippetOf(current) };
  } catch (error) {
    // Completed (read-only), expired or unknown at Kustom: start a new checkout. Anything else is worth reporting.
    if (error instanceof KlarnaApiError) return null;
    throw error;
  }
}

function checkoutRequest(order: SessionOrder, sessionId: string, orderNumber: string, callbackToken: string): CheckoutOrderRequest {
  return {
    ...order,
    merchant_urls: kustomMerchantUrls(env().STORE_URL, callbackToken),
    merchant_reference1: orderNumber,
    merchant_reference2: sessionId,
    shipping_countries: [order.purchase_country],
    ...(env().KLARNA_STRICT_VALIDATION ? { options: { require_validate_callback_success: true } } : {}),
  };
}

function snippetOf(order: CheckoutOrder): string {
  if (!order.html_snippet) throw new Error(`Kustom returned checkout ${order.order_id} without its html_snippet`);
  return order.html_snippet;
}
