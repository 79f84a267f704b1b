import type { ProviderId } from "./provider";

/**
 * What each provider's checkout loads into the store's pages, for the Content-Security-Policy (lib/security/csp.ts):
 * the environment variable that holds the URL the browser loads, its default, and whose documented hosts apply when
 * the URL is the vendor's own (otherwise that URL's origin: the simulator). Plain data, one line per provider, kept
 * free of the database and of `server-only`: the proxy (proxy.ts) reads it on every page.
 */
export interface BrowserSource {
  variable: "KLARNA_SDK_URL" | "KUSTOM_API_URL" | "KLARNA_NETWORK_API_URL";
  fallback?: string;
  hosts: "klarna-hosts" | "kustom-hosts";
}

const KLARNA_PAYMENTS_SDK: BrowserSource = { variable: "KLARNA_SDK_URL", fallback: "https://x.klarnacdn.net/kp/lib/v1/api.js", hosts: "klarna-hosts" };

export const BROWSER_SOURCES: Record<ProviderId, readonly BrowserSource[]> = {
  // Klarna Payments' SDK (api.js) draws the payment widget: Klarna Payments, and Klarna through Checkout.com.
  "klarna-payments": [KLARNA_PAYMENTS_SDK],
  kustom: [{ variable: "KUSTOM_API_URL", fallback: "https://api.kustom.co", hosts: "kustom-hosts" }],
  "checkout-com": [KLARNA_PAYMENTS_SDK],
  // Payment requests send the shopper to Klarna's purchase journey (a navigation) and load nothing into the page
  // but what the web SDK does; the journey's origin is allowed as a form target in case a redirect follows a post.
  "klarna-network": [{ variable: "KLARNA_NETWORK_API_URL", hosts: "klarna-hosts" }],
};
