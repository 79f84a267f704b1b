import type { Env } from "@/lib/env";
import type { Market } from "@/lib/pricing/markets";

/**
 * Klarna On-site messaging: the web SDK script tag (data-client-id, data-environment) and the placement keys the
 * store uses. Klarna recommends the credit-promotion placements for product and cart pages (On-site messaging,
 * Placements); the badge variant carries Klarna's logo, the auto-size variant names Klarna inline.
 */
export const PRODUCT_PLACEMENT = "credit-promotion-badge";
export const CART_PLACEMENT = "credit-promotion-auto-size";

export interface OnSiteMessaging {
  clientId: string;
  sdkUrl: string;
  environment: "playground" | "production";
}

/** Messaging is on only with a client id: without one there is no script and no placement, not an empty box. */
export function onSiteMessaging(
  config: Pick<Env, "KLARNA_CLIENT_ID" | "KLARNA_WEB_SDK_URL" | "KLARNA_ENVIRONMENT">,
): OnSiteMessaging | null {
  if (!config.KLARNA_CLIENT_ID) return null;
  return { clientId: config.KLARNA_CLIENT_ID, sdkUrl: config.KLARNA_WEB_SDK_URL, environment: config.KLARNA_ENVIRONMENT };
}

/**
 * The placement's data-locale: the market's language and country (sv-SE, de-DE, en-GB, en-US), so the message reads
 * as Klarna's local messaging and its money matches the prices beside it. All four are in Klarna's locale list.
 */
export function placementLocale(market: Market): string {
  return market.formatLocale;
}
