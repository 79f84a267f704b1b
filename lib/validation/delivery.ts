import type { MarketCode } from "@/lib/pricing/markets";

/** Countries in the EU among those the store serves. */
const EU = new Set(["SE", "DE", "AT", "DK", "FI", "FR", "NL", "BE", "IT", "ES", "IE", "PL", "PT"]);

/**
 * Where goods may be shipped. Food is only shipped within the EU (import rules for animal and plant products);
 * bulky shelter gear is not delivered to islands the carrier does not serve. Digital goods need no address.
 */
export interface DeliveryRule {
  /** Matches an order line by its product category (as stored on products) or SKU. */
  category?: string;
  sku?: string;
  allowedCountries?: (country: string) => boolean;
  countryNote: string;
}

export const DELIVERY_RULES: DeliveryRule[] = [
  { category: "Trail food", allowedCountries: (country) => EU.has(country), countryNote: "is only shipped within the EU" },
];

/**
 * Postcodes the carrier does not serve, per country: the Outer Hebrides, Shetland and Orkney (matched on the UK
 * outward code, so mainland KW1 is served while KW15–17 is not) and German North Sea and Baltic islands.
 */
export const UNSERVED_POSTCODES: Partial<Record<MarketCode | string, RegExp>> = {
  GB: /^(HS\d{1,2}|ZE\d{1,2}|KW1[5-7])$/i,
  DE: /^(18565|25938|26465|26474|26486|26548|26571|26579|26757)$/,
};

/** The part of a postcode that names the area: the UK outward code (all but the last three characters). */
function area(country: string, postcode: string): string {
  const compact = postcode.replace(/\s+/g, "").toUpperCase();
  return country === "GB" && compact.length > 3 ? compact.slice(0, -3) : compact;
}

export function isPostcodeServed(country: string, postcode: string): boolean {
  const code = country.toUpperCase();
  const pattern = UNSERVED_POSTCODES[code];
  return !pattern || !pattern.test(area(code, postcode));
}

export function allowedIn(rule: DeliveryRule, country: string): boolean {
  return rule.allowedCountries ? rule.allowedCountries(country.toUpperCase()) : true;
}
