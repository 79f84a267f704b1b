import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { checkoutSessions } from "@/db/schema";
import { readCartCookie } from "@/lib/cart/session";
import { MAX_QUANTITY } from "@/lib/cart/rules";
import { findProductsByIds } from "@/lib/catalogue/products";
import { openCheckout, syncSessionWithCart, type OpenCheckout } from "@/lib/payments/klarna-payments/open-checkout";
import { placeOrder, type PlaceOrderResult } from "@/lib/payments/klarna-payments/place-order";
import { findCheckoutSession, findOpenSessionForCart, type CheckoutSession } from "@/lib/checkout/session-store";
import { addressSchema, type Address } from "@/lib/klarna";
import { inActionContext } from "@/lib/observability/action";
import { formatMoney } from "@/lib/pricing/money";
import type { Market } from "@/lib/pricing/markets";
import { limits } from "@/lib/security/limits";
import { rateAttempt, waitInWords } from "@/lib/security/rate-limit";
import { expressCartFor, ownCartIds } from "./express-cart";
import { markExpress, setShippingOption, shippingOptionsFor, type ShippingOptionId } from "./shipping";

/**
 * Klarna Express Checkout for Klarna Payments (reference/klarna/express-checkout-notes.md).
 *
 * The store creates the Klarna session on the server and gives the button its `client_token`, one of the two ways
 * the pages describe (the other is `client_id` with the order payload in `authorize`). Why: the order is priced
 * from the database and kept as the checkout session's order, which the store's exactly-once place-order path
 * compares with the cart and sends to Klarna; a payload built in the browser could not be trusted, and Klarna's
 * session, the authorization callback and reconcile all hang off the session the store created.
 *
 * The product page's button runs the one-step flow (auto_finalize true): buy this now, standard shipping. The cart's
 * runs the multistep flow (auto_finalize false): after Klarna's popup the shopper picks a shipping option on the
 * store's review page, then the store finalizes. Either way the order is an ordinary Klarna Payments order, placed
 * by lib/payments/klarna-payments/place-order.ts, marked in checkout_sessions.express.
 */
export type ExpressFlow = "one_step" | "multi_step";

/** Klarna sessions live 48 hours; lib/payments/klarna-payments/open-checkout.ts replaces one older than 47 (it is synced on "pay"). */
const SHOW_REUSE_MS = 47 * 60 * 60 * 1000;

export type ExpressTarget = { kind: "product"; productId: number; quantity: number } | { kind: "cart" };

export type ExpressStart =
  | { status: "ready"; sessionId: string; clientToken: string; flow: ExpressFlow; total: string }
  | { status: "blocked"; message: string };

export function flowOf(target: ExpressTarget): ExpressFlow {
  return target.kind === "product" ? "one_step" : "multi_step";
}

function blockedMessage(opened: Exclude<OpenCheckout, { status: "ready" }>): string {
  if (opened.status === "empty") return "Your cart is empty.";
  return (
    opened.cart.lines.find((line) => line.problem)?.problem ??
    (opened.cart.couponProblem ? `${opened.cart.couponProblem} Remove it in your cart to continue.` : null) ??
    "Your cart needs attention."
  );
}

/** Opens (or reuses) the Klarna session that the button authorizes: for the product and quantity, or the cart. */
export async function startExpress(target: ExpressTarget, market: Market, attempt: "show" | "pay"): Promise<ExpressStart> {
  let cartId: string;
  if (target.kind === "product") {
    if (!Number.isInteger(target.quantity) || target.quantity < 1 || target.quantity > MAX_QUANTITY) {
      return { status: "blocked", message: `Choose a quantity from 1 to ${MAX_QUANTITY}.` };
    }
    const [product] = await findProductsByIds([target.productId], market);
    if (!product) return { status: "blocked", message: "This product is no longer sold." };
    if (product.stock < target.quantity) {
      return {
        status: "blocked",
        message: product.stock === 0 ? `${product.name} is out of stock.` : `Only ${product.stock} of ${product.name} left in stock.`,
      };
    }
    cartId = await expressCartFor(product.id, target.quantity);
  } else {
    const cookie = await readCartCookie();
    if (cookie.status !== "valid") return { status: "blocked", message: "Your cart is empty." };
    cartId = cookie.cartId;
  }
  // Paying counts against the checkout limit per cart, as opening the checkout page does; showing the button does not.
  if (attempt === "pay") {
    const rate = await rateAttempt(limits().checkoutCart, cartId);
    if (!rate.allowed) {
      return { status: "blocked", message: `Too many checkouts for this cart in a short while; try again in ${waitInWords(rate.retryAfterSeconds)}.` };
    }
  }
  const existing = await findOpenSessionForCart(cartId);
  // Showing the button needs a client_token only: a usable session of this cart is not touched, so opening the
  // cart page leaves the checkout page to tell the shopper that the cart changed (components/checkout/actions.ts).
  if (
    attempt === "show" &&
    existing &&
    existing.market === market.code &&
    existing.placingAt === null &&
    Date.now() - Date.parse(existing.createdAt) < SHOW_REUSE_MS
  ) {
    return {
      status: "ready",
      sessionId: existing.id,
      clientToken: existing.clientToken,
      flow: flowOf(target),
      total: formatMoney(existing.order.order_amount, market.currency, market.formatLocale),
    };
  }
  // A shipping option chosen on an earlier review no longer applies: Express starts from standard shipping.
  if (existing?.shippingOption) await setShippingOption(existing.id, null);
  let opened: OpenCheckout;
  try {
    opened = await openCheckout(cartId, market);
  } catch {
    return { status: "blocked", message: "We could not reach Klarna. Nothing was charged; please try again in a minute." };
  }
  if (opened.status !== "ready") return { status: "blocked", message: blockedMessage(opened) };
  const { session, cart } = opened;
  return {
    status: "ready",
    sessionId: session.id,
    clientToken: session.clientToken,
    flow: flowOf(target),
    total: formatMoney(cart.priced.order_amount, market.currency, market.formatLocale),
  };
}

/** A server action is a public endpoint: the session must belong to this browser's cart or Express cart. */
export async function ownExpressSession(sessionId: unknown): Promise<CheckoutSession | null> {
  if (typeof sessionId !== "string" || !/^[0-9a-f-]{36}$/i.test(sessionId)) return null;
  const [session, carts] = await Promise.all([findCheckoutSession(sessionId), ownCartIds()]);
  return session && session.provider === "klarna-payments" && carts.includes(session.cartId) ? session : null;
}

/**
 * Klarna's `collected_shipping_address` (express-checkout-notes.md: attention, city, country, email, family_name,
 * given_name, organization_name, phone, and the street fields of an address), read as a Klarna address.
 */
export function readCollectedAddress(value: unknown): Address | null {
  const parsed = addressSchema.safeParse(value);
  if (!parsed.success || !parsed.data.country) return null;
  return { ...parsed.data, country: parsed.data.country.toUpperCase() };
}

/** Right before placing: Klarna's session holds what the cart (with the chosen shipping) holds now. */
async function inLineWithCart(session: CheckoutSession): Promise<{ ok: true; session: CheckoutSession } | { ok: false; message: string }> {
  const synced = await syncSessionWithCart(session);
  if (synced.status !== "ready") return { ok: false, message: blockedMessage(synced) };
  return { ok: true, session: synced.session };
}

/**
 * Places the order once Klarna authorized: with the collected shipping address, which the store's rules check
 * (delivery, block list) and Klarna requires the order to carry. A refusal cancels the authorization (place-order).
 */
export async function placeExpressOrder(
  session: CheckoutSession,
  authorizationToken: string,
  shippingAddress: Address,
  flow: ExpressFlow,
): Promise<PlaceOrderResult> {
  await markExpress(session.id, flow);
  const result = await inActionContext("action:expressPlaceOrder", "klarna-payments", () =>
    placeOrder(session.id, authorizationToken, "place_order", { shipping_address: shippingAddress }, { shipping_address: shippingAddress }),
  );
  if (result.status !== "placed" && result.status !== "in_progress") await markExpress(session.id, null);
  return result;
}

/** Multistep: keeps what authorize() answered for the review page. */
export async function beginReview(session: CheckoutSession, clientToken: string, shippingAddress: Address): Promise<void> {
  await db().update(checkoutSessions).set({ expressReview: { clientToken, shippingAddress } }).where(eq(checkoutSessions.id, session.id));
}

export type ReviewChange = { status: "ready"; orderPayload: Record<string, unknown> } | { status: "blocked"; message: string };

/**
 * Multistep: applies the shopper's shipping option, brings Klarna's session in line with it, and answers the order
 * payload for `Klarna.Payments.finalize({}, orderPayload, ...)`, which must carry changes to the amount and the
 * shipping address (express-checkout-notes.md, step 4) and equal the order placed afterwards (step 6).
 */
export async function prepareFinalize(session: CheckoutSession, option: ShippingOptionId, market: Market): Promise<ReviewChange> {
  const review = session.expressReview;
  if (!review) return { status: "blocked", message: "This Express checkout has expired. Start again from your cart." };
  if (session.providerReference) return { status: "blocked", message: "This checkout already became an order." };
  const options = shippingOptionsFor(market, review.shippingAddress.country, 0);
  if (!options.some((candidate) => candidate.id === option)) {
    return { status: "blocked", message: `We deliver only within ${market.name}. Choose another way to pay from your cart.` };
  }
  await setShippingOption(session.id, option);
  let synced;
  try {
    synced = await inLineWithCart(session);
  } catch {
    return { status: "blocked", message: "We could not reach Klarna. Nothing was charged; please try again." };
  }
  if (!synced.ok) return { status: "blocked", message: synced.message };
  return { status: "ready", orderPayload: { ...synced.session.order, shipping_address: review.shippingAddress } };
}
