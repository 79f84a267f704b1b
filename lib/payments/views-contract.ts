import type { ReactNode } from "react";
import type { OrderRow } from "@/lib/admin/order-by-number";
import type { StoreOrder } from "@/lib/orders/order-store";
import type { Market } from "@/lib/pricing/markets";
import type { CheckoutPaused } from "@/lib/checkout/open-checkout";
import type { RateRule } from "@/lib/security/rate-limit";
import type { LedgerLine } from "@/lib/admin/order-ledger";

/** The checkout was not opened: the cart opened it too often in a short while; try again in `paused` seconds. */
export type CheckoutPausedView = { paused: number };

/** Whether a provider's checkout view is `CheckoutPausedView` rather than the page it renders. */
export function isCheckoutPausedView(shown: unknown): shown is CheckoutPausedView {
  return typeof shown === "object" && shown !== null && "paused" in shown && typeof shown.paused === "number";
}

/** The query of the checkout page and of the confirmation page, as Next passes it. */
export type PageParams = Record<string, string | string[] | undefined>;

/**
 * The page-side parts of a provider (the registry of them is lib/payments/views.ts): the checkout it opens and the
 * component that shows it, and how its return to the confirmation page names the purchase. Kept apart from
 * `PaymentProvider` so that server routes (callbacks, webhooks) never load React components.
 */
export interface ProviderViews {
  checkout: {
    /**
     * true: the shared page first checks the cart cookie, then calls `open` with the cart and the per-cart rate limit
     * (`admit`), which the provider's checkout counts with its first reads (`startCheckout`, lib/checkout/open-checkout.ts);
     * false: the provider's own component reads the cart itself (`cartId` is null).
     */
    readonly opensFromCart: boolean;
    /**
     * The checkout for this cart: what the page shows, "no_checkout" when the cart cannot be paid (back to /cart), or
     * `{ paused }` when the cart is over `admit` (the page says to wait that many seconds).
     */
    open(input: { cartId: string | null; market: Market; params: PageParams; admit?: RateRule }): Promise<ReactNode | "no_checkout" | CheckoutPausedView>;
  };
  /** Optional: the shopper's return to /checkout/confirmation; a provider without one returns elsewhere. */
  confirmation?: {
    /** The query parameter the provider's return carries the purchase reference in (its merchant_urls.confirmation). */
    readonly param: string;
    /** The reference, or null when the value is not one of this provider's. */
    parse(value: string | string[] | undefined): string | null;
    /**
     * Optional: a provider whose purchase is decided after the return (Checkout.com answers 202 Pending) confirms it
     * itself and answers the page to show instead of the receipt, or the store order.
     */
    confirm?(reference: string, mayRead: boolean): Promise<{ show: ReactNode } | { order: StoreOrder | null }>;
    /** Optional: the provider's own confirmation shown on the receipt to the browser that paid. */
    receiptPart?(reference: string): Promise<ReactNode | null>;
  };
}

/**
 * A provider's checkout opener as the shared page calls it: for the cart and market, and with the page's per-cart
 * limit (`admit`), counted with the checkout's first reads, when the page passes one.
 */
export interface CheckoutOpener<Opened> {
  (cartId: string, market: Market): Promise<Opened>;
  (cartId: string, market: Market, options: { admit: RateRule }): Promise<Opened | CheckoutPaused>;
}

/**
 * A checkout the shared page opens from the cart: the provider's opener, and what to show once it is ready. A cart
 * over the page's limit gets `{ paused }`; any other answer (an empty cart, one that cannot be paid) sends the shopper
 * back to the cart.
 */
export function checkoutFromCart<Opened extends { status: string }>(
  open: CheckoutOpener<Opened>,
  show: (opened: Extract<Opened, { status: "ready" }>, market: Market) => ReactNode,
): ProviderViews["checkout"] {
  return {
    opensFromCart: true,
    async open({ cartId, market, admit }) {
      if (cartId === null) return "no_checkout";
      const opened = admit ? await open(cartId, market, { admit }) : await open(cartId, market);
      if (isPaused(opened)) return { paused: opened.retryAfterSeconds };
      return opened.status === "ready" ? show(opened as Extract<Opened, { status: "ready" }>, market) : "no_checkout";
    },
  };
}

function isPaused(opened: { status: string }): opened is CheckoutPaused {
  return opened.status === "paused";
}

/** A confirmation's `parse`: the value as the provider's reference schema reads it, or null when it is not one. */
export function referenceOf(schema: {
  safeParse(value: unknown): { success: true; data: string } | { success: false };
}): (value: string | string[] | undefined) => string | null {
  return (value) => {
    const reference = schema.safeParse(value);
    return reference.success ? reference.data : null;
  };
}

/**
 * The provider's part of the back office's one order page (app/admin/(console)/orders/[orderNumber]/page.tsx). The
 * page renders what every order has once, from the store's row and events: the header (number, status, provider,
 * Express, dates), the amounts, the lines, the customer and addresses, the event log and the e-mails; the panel adds
 * what only its provider has: its live state and its operations. Registered per provider in
 * lib/payments/admin-views.ts; apart from `ProviderViews`, so the shop's pages load no back-office code.
 */
export interface AdminOrderPanel {
  /** The row as it is after the panel read the provider (a cancellation it learned of is on it), or the one given. */
  order: StoreOrder;
  /** The provider's live view of the order, for the status pill; the row itself when it was not read. */
  statusOf: StoreOrder;
  /** Optional: the provider's own status words in place of the store's pill (e.g. Checkout.com's payment status). */
  pill?: ReactNode;
  /** Why the provider could not be read, said in full (shown as an alert above the amounts), or null. */
  problem: string | null;
  /** In minor units; the page formats them as money. `remaining` null: not known right now. */
  amounts: { authorized: number; captured: number; refunded: number; remaining: number | null; remainingLabel?: string };
  /**
   * What of each line is captured and refunded (lib/admin/order-ledger.ts), empty while the provider could not be
   * read, or null for a provider that captures and refunds amounts, not lines (the lines are shown as sold).
   */
  ledger: LedgerLine[] | null;
  /** The provider's own panels in the main column: its live state and its operations' forms. */
  main: ReactNode;
  /** Optional: the provider's facts panel at the top of the side column, above the shared customer panel. */
  side?: ReactNode;
  /** The event log's hint: what this provider's events are. */
  eventsHint: string;
}

/** A provider's panel for this order, or null when the order is not one it can show (the page then says not found). */
export type AdminOrderPanelOf = (order: OrderRow) => Promise<AdminOrderPanel | null>;
