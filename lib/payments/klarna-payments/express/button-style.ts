import type { Market } from "@/lib/pricing/markets";

/**
 * The button's look per market (reference/klarna/express-checkout-notes.md, "Button" and "Styling"): theme default
 * (Klarna black, recommended on light backgrounds, which every market's pages have), shape pill like the store's
 * own buttons, and the market's Klarna locale for the button's language.
 */
export interface ExpressButtonStyle {
  theme: "default" | "light" | "dark";
  shape: "default" | "rect" | "pill";
  locale: string;
}

export function expressButtonStyle(market: Pick<Market, "klarnaLocale">): ExpressButtonStyle {
  return { theme: "default", shape: "pill", locale: market.klarnaLocale };
}
