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

/** Postcodes the carrier does not serve, per country: Scottish islands and German North Sea islands. */
export const UNSERVED_POSTCODES: Partial<Record<MarketCode | string, RegExp>> = {
  GB: /^(HS|ZE|KW1[5-7])\d?/i,
  DE: /^(18565|25938|26465|26474|26486|26548|26571|26579|26757)$/,
};

export function isPostcodeServed(country: string, postcode: string): boolean {
  const pattern = UNSERVED_POSTCODES[country.toUpperCase()];
  return !pattern || !pattern.test(postcode.replace(/\s+/g, "").trim());
}

export function allowedIn(rule: DeliveryRule, country: string): boolean {
  return rule.allowedCountries ? rule.allowedCountries(country.toUpperCase()) : true;
}
