import type { AddressRead, OrderLineRead } from "@/lib/klarna/types";
import type { OrderManagementClient } from "./order-management/client";
import { checkoutComManifest } from "./checkout-com/manifest";
import { klarnaNetworkManifest } from "./klarna-network/manifest";
import { klarnaPaymentsManifest } from "./klarna-payments/manifest";
import { kustomManifest } from "./kustom/manifest";
import type { ProviderManifest } from "./manifest";

/**
 * The seam every way of reaching Klarna plugs into. A provider opens a checkout from the server-side cart, reads a
 * purchase from its own API (never from a callback body), settles it (the store will ship it, or it will not), and
 * performs the back-office operations it supports. Everything else (the one exactly-once `finalize`, the store
 * order, stock, coupons, the event log, the back office's pages) is shared and never changes for a new provider.
 *
 * Every provider of this build, one line each: the one registry line a new provider adds. Plain data (each
 * provider's `manifest.ts`), so the schema, the proxy and the environment read it synchronously; the provider
 * itself is loaded on first use by its folder's conventional files (lib/payments/manifest.ts, registry.ts).
 */
export const PROVIDERS = [
  klarnaPaymentsManifest,
  kustomManifest,
  checkoutComManifest,
  klarnaNetworkManifest,
] as const satisfies readonly ProviderManifest[];

/** The ids of a list of manifests, as a tuple in its order (a mapped type over a type parameter keeps the tuple). */
type IdsOf<T extends readonly ProviderManifest[]> = { readonly [K in keyof T]: T[K] extends { id: infer Id } ? Id : never };
export const PROVIDER_IDS = PROVIDERS.map((provider) => provider.id) as unknown as IdsOf<typeof PROVIDERS>;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/**
 * The provider of rows written before the store knew more than one (migration 0001 backfilled them with it), and of
 * a deployment that sets no PAYMENT_PROVIDER: the first of PROVIDERS.
 */
export const DEFAULT_PROVIDER_ID: ProviderId = PROVIDER_IDS[0];

/** The manifest of this provider. */
export function providerManifest(id: ProviderId): ProviderManifest<ProviderId> {
  return PROVIDERS.find((provider) => provider.id === id)!;
}

export const PROVIDER_LABELS = Object.fromEntries(PROVIDERS.map(({ id, label }) => [id, label])) as Record<ProviderId, string>;

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

/**
 * What the store asks of a provider, resolved by id through the registry (lib/payments/registry.ts), the way Medusa
 * resolves an `AbstractPaymentProvider`: the required methods every provider has, and optional capabilities the
 * caller probes (`provider.sweep?.(now)`), so a provider without them needs no stub. The page-side parts (the
 * checkout it opens, its confirmation return, its back-office panel) are in lib/payments/views.ts, so that server
 * routes never load React components.
 */
export interface PaymentProvider {
  readonly id: ProviderId;
  readonly label: string;
  /** The vendor's name in sentences shoppers and merchants read ("Klarna", "Kustom"). */
  readonly vendor: string;
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
  /** The back-office operations this provider supports; `supports(provider, op)` reads it. */
  readonly operations: readonly BackOfficeOperation[];
  /**
   * Optional: the Order Management API that holds this provider's orders (Klarna's, Kustom's at its own host), when
   * the back office manages them through the shared Order Management forms (lib/admin/order-management.ts).
   */
  orderManagement?(): OrderManagementClient;
  /**
   * Optional: the provider's own part of reconcile (checkouts or kept events that never became an order, decisions
   * that never arrived): on "reconcile" (the merchant's button, the cron route) before the store's orders are
   * checked, on "scheduled" (the store's minute timer) after its pending orders are settled.
   */
  sweep?(now: Date, occasion: SweepOccasion): Promise<void>;
}

export type SweepOccasion = "reconcile" | "scheduled";

/** Whether a provider offers a back-office operation (the forms of the others are not shown, their actions refused). */
export function supports(provider: Pick<PaymentProvider, "operations">, operation: BackOfficeOperation): boolean {
  return provider.operations.includes(operation);
}

const UNKNOWN_PURCHASE = Symbol.for("store.UnknownPurchaseError");

/**
 * The provider has no purchase with this reference: nothing is written. Recognised by a registered symbol rather
 * than by class identity: providers are loaded on first use (lib/payments/registry.ts), and a module graph loaded
 * again (a test's `vi.resetModules`, a development reload) holds a second copy of this class.
 */
export class UnknownPurchaseError extends Error {
  readonly [UNKNOWN_PURCHASE] = true;

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[UNKNOWN_PURCHASE] === true;
  }

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
