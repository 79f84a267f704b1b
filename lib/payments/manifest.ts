/**
 * What the store knows of a provider without loading it: plain data, no imports, so that the schema (db/schema.ts,
 * loaded by drizzle-kit without the `@/` alias), the proxy's Content-Security-Policy (lib/security/csp.ts, read on
 * every request and by next.config.ts) and the environment's enum can read it synchronously. Each provider's folder
 * exports one (`lib/payments/<p>/manifest.ts`); the one list is PROVIDERS in lib/payments/provider.ts. The rest of a
 * provider is found by its folder's conventional files, loaded on first use (lib/payments/registry.ts): `provider.ts`
 * (its PaymentProvider, default export), `views.tsx` (its ProviderViews, default export) and, when `adminPanel` is
 * set, `admin-views.tsx` (its AdminOrderPanelOf, default export).
 */
export interface ProviderManifest<Id extends string = string> {
  /** Its id: the name of its folders, the value of PAYMENT_PROVIDER and of every `provider` column. */
  readonly id: Id;
  /** Its name in the back office and the shopper's pages ("Kustom Checkout"). */
  readonly label: string;
  /** The vendor's name in sentences shoppers and merchants read ("Klarna", "Kustom"). */
  readonly vendor: string;
  /**
   * Whether it has its own panel on the back office's order page (`admin-views.tsx`); without one, a provider with
   * the Order Management capability gets the shared Order Management panel.
   */
  readonly adminPanel: boolean;
  /** What its checkout loads into the store's pages, for the Content-Security-Policy (lib/security/csp.ts). */
  readonly browserSources: readonly BrowserSource[];
}

/**
 * The environment variable that holds the URL the browser loads, its default, and whose documented hosts apply when
 * the URL is the vendor's own (otherwise that URL's origin: the simulator).
 */
export interface BrowserSource {
  readonly variable: "KLARNA_SDK_URL" | "KUSTOM_API_URL" | "KLARNA_NETWORK_API_URL";
  readonly fallback?: string;
  readonly hosts: "klarna-hosts" | "kustom-hosts";
}

/** Klarna Payments' SDK (api.js), which draws the payment widget (reference/seeds/004_6e27f3ac1c8818d9.txt). */
export const KLARNA_PAYMENTS_SDK: BrowserSource = {
  variable: "KLARNA_SDK_URL",
  fallback: "https://x.klarnacdn.net/kp/lib/v1/api.js",
  hosts: "klarna-hosts",
};
