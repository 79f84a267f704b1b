import type { AddressRead, OrderLineRead } from "@/lib/klarna/types";

/**
 * The seam every way of reaching Klarna plugs into. A provider opens a checkout from the server-side cart, reads a
 * purchase from its own API (never from a callback body), settles it (the store will ship it, or it will not), and
 * performs the back-office operations it supports. Everything else (the one exactly-once `finalize`, the store
 * order, stock, coupons, the event log, the back office's pages) is shared and never changes for a new provider.
 */
export const PROVIDER_IDS = ["klarna-payments", "kustom", "checkout-com", "klarna-network"] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export const PROVIDER_LABELS: Record<ProviderId, string> = {
  "klarna-payments": "Klarna Payments",
  kustom: "Kustom Checkout",
  "checkout-com": "Klarna via Checkout.com",
  "klarna-network": "Klarna payment requests",
};

/**
 * The company the shopper and the merchant deal with for a provider's purchases, for short marks and sentences
 * ("Kustom writes to you about paying"): the first word of its {@link PROVIDER_LABELS} name, so the names stay in
 * one place. Kustom Checkout is Kustom's (reference/kustom/notes.md), the others are Klarna's.
 */
export function providerBrand(provider: ProviderId): string {
  return PROVIDER_LABELS[provider].split(" ")[0]!;
}

/**
 * A purchase as the provider's own API reports it: the only thing `finalize` trusts. Lines are in Klarna's order-line
 * shape (integer minor units, `total_amount = quantity × unit_price − total_discount_amount`), whatever the provider.
 */
export interface Purchase {
  provider: ProviderId;
  /**
   * The provider's id of the purchase, unique per provider, which every later call uses: the Klarna order id
   * (Klarna Payments, Kustom Checkout), the Checkout.com payment id, the Klarna payment transaction id.
   */
  reference: string;
  /** Klarna's order id where the provider reports one (Checkout.com: `processing.partner_order_id`). */
  klarnaOrderId: string | null;
  /** The store's checkout session the purchase was made from, as the provider echoes it back. */
  checkoutSessionId: string | null;
  /** ISO 3166 alpha-2, upper case. */
  country: string;
  currency: string;
  locale: string | null;
  email: string | null;
  amount: number;
  taxAmount: number;
  lines: OrderLineRead[];
  billingAddress: AddressRead | null;
  shippingAddress: AddressRead | null;
  /** How the shopper pays, in a shopper's words ("Pay later", "Pay in 3", "6 months at 0 % APR"). */
  paymentMethod: string | null;
  /** ACCEPTED, PENDING or REJECTED where the provider reports a fraud decision. */
  fraudStatus: string | null;
  /** The provider's own status word, shown in the back office (AUTHORIZED, Captured, …). */
  providerStatus: string;
  /** Why the store must not ship it, when the provider has cancelled, voided, declined or expired it. */
  cancelledByProvider: string | null;
  /** What the provider reports captured and refunded so far, for the back office's lists. */
  capturedAmount: number;
  refundedAmount: number;
  /** When the authorization ends (captures are possible until then), ISO 8601, where the provider says. */
  authorizationExpiresAt: string | null;
}

export interface SettleOptions {
  /** The same key for every attempt to settle one purchase, so a retry acts once at the provider. */
  idempotencyKey: string;
}

/** One of the back-office operations a provider may support; the rest are refused in plain words. */
export type BackOfficeOperation = "capture" | "refund" | "cancel" | "release" | "extend" | "shipping_info";

export interface PaymentProvider {
  readonly id: ProviderId;
  readonly label: string;
  /**
   * Reads the purchase from the provider's API. Throws `UnknownPurchaseError` when the provider does not know it,
   * and lets any other error (timeout, 5xx) through, so the caller answers "try again".
   */
  readPurchase(reference: string): Promise<Purchase>;
  /**
   * Tells the provider the store has recorded the purchase and will ship it (Order Management: acknowledge).
   * Idempotent. Providers whose purchase needs no acknowledgement resolve at once.
   */
  acknowledge(purchase: Purchase, options: SettleOptions): Promise<void>;
  /** Tells the provider the store will not ship it: cancel or void the authorization. Idempotent. */
  cancel(purchase: Purchase, reason: string, options: SettleOptions): Promise<void>;
  /** The back-office operations this provider supports. */
  readonly operations: readonly BackOfficeOperation[];
}

/** The provider has no purchase with this reference: nothing is written. */
export class UnknownPurchaseError extends Error {
  constructor(
    readonly provider: ProviderId,
    readonly reference: string,
  ) {
    super(`${PROVIDER_LABELS[provider]} has no purchase ${reference}`);
    this.name = "UnknownPurchaseError";
  }
}

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === "string" && (PROVIDER_IDS as readonly string[]).includes(value);
}
