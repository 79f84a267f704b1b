import type { ReactNode } from "react";
import type { OrderRow } from "@/lib/admin/order-by-number";
import type { StoreOrder } from "@/lib/orders/order-store";
import type { Market } from "@/lib/pricing/markets";

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
     * true: the shared page first checks the cart cookie and the per-cart rate limit, then calls `open` with the
     * cart; false: the provider's own component reads the cart itself (`cartId` is null).
     */
    readonly opensFromCart: boolean;
    /** The checkout for this cart: what the page shows, or "no_checkout" when the cart cannot be paid (back to /cart). */
    open(input: { cartId: string | null; market: Market; params: PageParams }): Promise<ReactNode | "no_checkout">;
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
 * Optional, per provider (lib/payments/admin-views.ts): the back office's order page section of a provider that
 * manages payments its own way (not through the shared Order Management forms), or null to show the shared page
 * after all. The page adds the emails panel. Apart from `ProviderViews`, so the shop's pages load no back-office code.
 */
export type AdminOrderPage = (order: OrderRow) => Promise<ReactNode | null>;
