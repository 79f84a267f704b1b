/**
 * The store's Content-Security-Policy and its other security headers. The policy allows the store's own scripts by
 * a per-request nonce, and exactly the hosts of the providers this deployment is configured for, taken from the same
 * environment variables that configure them (KLARNA_SDK_URL, KUSTOM_API_URL, KLARNA_WEB_SDK_URL, KLARNA_NETWORK_API_URL):
 * Klarna's documented hosts when a URL is Klarna's (or Kustom's) own, or that URL's origin otherwise (the simulator,
 * in development and tests). Pure functions of an environment object, so tests build the same policy the store sends.
 *
 * Kept free of `server-only` and of the database: the proxy (proxy.ts) imports it. Relative imports: next.config.ts
 * loads it without the `@/` alias.
 */
import { DEFAULT_PROVIDER_ID, isProviderId, providerManifest } from "../payments/provider";

export type CspEnv = Partial<
  Record<
    | "NODE_ENV"
    | "PAYMENT_PROVIDER"
    | "KLARNA_SDK_URL"
    | "KLARNA_WEB_SDK_URL"
    | "KLARNA_CLIENT_ID"
    | "KUSTOM_API_URL"
    | "KLARNA_NETWORK_API_URL"
    | "CSP_REPORT_ONLY"
    | "CSP_REPORT_URI",
    string | undefined
  >
>;

type Directive = "script" | "style" | "img" | "font" | "connect" | "frame" | "form";
type Sources = Record<Directive, string[]>;

const none = (): Sources => ({ script: [], style: [], img: [], font: [], connect: [], frame: [], form: [] });

/**
 * Klarna's hosts for its JavaScript SDKs (Klarna Payments' api.js, the web SDK), as Klarna lists them for a page
 * that sends a Content-Security-Policy: docs.klarna.com, "Browser security configuration for the Klarna web SDK"
 * (klarna-network-distribution/payment-presentation/web-sdk-configuration/browser-security-configuration).
 */
const KLARNA: Sources = {
  script: ["https://x.klarnacdn.net", "https://js.klarna.com", "https://js.playground.klarna.com"],
  style: ["https://x.klarnacdn.net"],
  img: ["https://x.klarnacdn.net", "https://*.klarna.com"],
  font: ["https://x.klarnacdn.net"],
  connect: ["https://*.klarna.com", "https://*.klarnaevt.com", "https://x.klarnacdn.net"],
  frame: ["https://*.klarna.com", "https://x.klarnacdn.net"],
  form: ["https://*.klarna.com"],
};

/**
 * Kustom Checkout's html_snippet draws Kustom's checkout in an iframe from Kustom's own domain
 * (reference/kustom/notes.md §4, html_snippet). The exact hosts are not in the reference material: the whole
 * kustom.co domain is allowed, with Klarna's SDK hosts, which Kustom's checkout (Klarna Checkout's successor) uses.
 * UNVERIFIED against a live Kustom snippet.
 */
const KUSTOM: Sources = {
  ...KLARNA,
  script: [...KLARNA.script, "https://*.kustom.co"],
  img: [...KLARNA.img, "https://*.kustom.co"],
  connect: [...KLARNA.connect, "https://*.kustom.co"],
  frame: [...KLARNA.frame, "https://*.kustom.co"],
  form: [...KLARNA.form, "https://*.kustom.co"],
};

/** Any other host (the simulator, a local stand-in): its origin, for every kind of resource it serves. */
function originOnly(origin: string): Sources {
  return { script: [origin], style: [origin], img: [origin], font: [origin], connect: [origin], frame: [origin], form: [origin] };
}

function hostsOf(url: string | undefined, vendor: Sources, vendorHost: RegExp): Sources {
  if (!url) return none();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return none();
  }
  return vendorHost.test(parsed.hostname) ? vendor : originOnly(parsed.origin);
}

const KLARNA_HOST = /(^|\.)klarna(cdn|services|evt)?\.(com|net)$/i;
const KUSTOM_HOST = /(^|\.)kustom\.co$/i;

const merge = (...all: Sources[]): Sources => {
  const merged = none();
  for (const sources of all) for (const key of Object.keys(merged) as Directive[]) merged[key].push(...sources[key]);
  for (const key of Object.keys(merged) as Directive[]) merged[key] = [...new Set(merged[key])];
  return merged;
};

/** The provider hosts the browser needs with this environment: the active provider's checkout, and messaging. */
export function providerSources(source: CspEnv): Sources {
  const provider = source.PAYMENT_PROVIDER || DEFAULT_PROVIDER_ID;
  const parts: Sources[] = (isProviderId(provider) ? providerManifest(provider).browserSources : []).map(({ variable, fallback, hosts }) =>
    hosts === "kustom-hosts" ? hostsOf(source[variable] ?? fallback, KUSTOM, KUSTOM_HOST) : hostsOf(source[variable] ?? fallback, KLARNA, KLARNA_HOST),
  );
  // On-site messaging runs on product and cart pages whenever a client id is configured (lib/messaging).
  if (source.KLARNA_CLIENT_ID) parts.push(hostsOf(source.KLARNA_WEB_SDK_URL ?? "https://js.klarna.com/web-sdk/v1/klarna.js", KLARNA, KLARNA_HOST));
  return merge(...parts);
}

const joined = (...parts: string[]) => parts.filter(Boolean).join(" ");

/**
 * The policy for a page, with `nonce` for the store's own inline and framework scripts. `frame-ancestors 'none'`:
 * no provider frames the store's pages (each provider's page frames or opens Klarna's, not the other way round).
 * Styles allow 'unsafe-inline': React's style attributes and Klarna's SDK set inline styles (Klarna's list above asks
 * for it); scripts never do.
 */
export function contentSecurityPolicy(nonce: string, source: CspEnv): string {
  const hosts = providerSources(source);
  const development = source.NODE_ENV === "development";
  const directives = [
    "default-src 'self'",
    // React's development build evaluates code for its error overlay and stack traces; production never does.
    `script-src ${joined("'self'", `'nonce-${nonce}'`, development ? "'unsafe-eval'" : "", ...hosts.script)}`,
    `style-src ${joined("'self'", "'unsafe-inline'", ...hosts.style)}`,
    `img-src ${joined("'self'", "data:", "blob:", ...hosts.img)}`,
    `font-src ${joined("'self'", "data:", ...hosts.font)}`,
    `connect-src ${joined("'self'", development ? "ws:" : "", ...hosts.connect)}`,
    `frame-src ${hosts.frame.length > 0 ? joined(...hosts.frame) : "'none'"}`,
    `form-action ${joined("'self'", ...hosts.form)}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ];
  if (source.CSP_REPORT_URI) directives.push(`report-uri ${source.CSP_REPORT_URI}`);
  return directives.join("; ");
}

/** The policy of API routes and other non-HTML answers: nothing may load, nothing may frame them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** The CSP header's name: Content-Security-Policy, or its report-only twin while CSP_REPORT_ONLY=1 (finding violations). */
export function cspHeaderName(source: CspEnv): string {
  return source.CSP_REPORT_ONLY === "1" || source.CSP_REPORT_ONLY === "true"
    ? "Content-Security-Policy-Report-Only"
    : "Content-Security-Policy";
}

/** The headers every answer carries, pages and API routes alike. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  // Klarna's purchase flows may ask for nothing of these; payment (the Payment Request API) stays with the store.
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), usb=(), payment=(self)",
};

/** HSTS, sent only on answers served over HTTPS (a proxy in front says so in X-Forwarded-Proto). */
export const HSTS = "max-age=63072000; includeSubDomains";

export function isHttps(url: string, forwardedProto: string | null): boolean {
  const proto = forwardedProto?.split(",")[0]?.trim().toLowerCase();
  return proto ? proto === "https" : url.startsWith("https:");
}
