import { minor, taxRate, type Minor, type TaxRate } from "./money";

export type TaxClass = "standard" | "food" | "books";

export type MarketCode = "SE" | "DE" | "GB" | "US";

export interface Market {
  code: MarketCode;
  name: string;
  /** Klarna's purchase_country. */
  country: MarketCode;
  currency: "SEK" | "EUR" | "GBP" | "USD";
  /** Locale for formatting prices. */
  formatLocale: string;
  /** Locale sent to Klarna; the store speaks English in every market. */
  klarnaLocale: string;
  /**
   * "inclusive": shelf prices include VAT and each line carries its rate (Europe).
   * "exclusive": shelf prices exclude sales tax, which Klarna wants as a separate sales_tax line (US).
   */
  taxMode: "inclusive" | "exclusive";
  taxRates: Record<TaxClass, TaxRate>;
  shippingFee: Minor;
  /** Orders whose goods total reaches this get free shipping. */
  freeShippingFrom: Minor;
  /** Shipping is taxed at the standard rate where VAT applies; US sales tax here leaves shipping untaxed. */
  shippingTaxClass: TaxClass | null;
}

export const MARKETS: Record<MarketCode, Market> = {
  SE: {
    code: "SE",
    name: "Sweden",
    country: "SE",
    currency: "SEK",
    formatLocale: "sv-SE",
    klarnaLocale: "en-SE",
    taxMode: "inclusive",
    taxRates: { standard: taxRate(2500), food: taxRate(1200), books: taxRate(600) },
    shippingFee: minor(4900),
    freeShippingFrom: minor(150000),
    shippingTaxClass: "standard",
  },
  DE: {
    code: "DE",
    name: "Germany",
    country: "DE",
    currency: "EUR",
    formatLocale: "de-DE",
    klarnaLocale: "en-DE",
    taxMode: "inclusive",
    taxRates: { standard: taxRate(1900), food: taxRate(700), books: taxRate(700) },
    shippingFee: minor(495),
    freeShippingFrom: minor(15000),
    shippingTaxClass: "standard",
  },
  GB: {
    code: "GB",
    name: "United Kingdom",
    country: "GB",
    currency: "GBP",
    formatLocale: "en-GB",
    klarnaLocale: "en-GB",
    taxMode: "inclusive",
    taxRates: { standard: taxRate(2000), food: taxRate(0), books: taxRate(0) },
    shippingFee: minor(395),
    freeShippingFrom: minor(12000),
    shippingTaxClass: "standard",
  },
  US: {
    code: "US",
    name: "United States",
    country: "US",
    currency: "USD",
    formatLocale: "en-US",
    klarnaLocale: "en-US",
    taxMode: "exclusive",
    taxRates: { standard: taxRate(825), food: taxRate(0), books: taxRate(825) },
    shippingFee: minor(695),
    freeShippingFrom: minor(15000),
    shippingTaxClass: null,
  },
};

export const MARKET_CODES = Object.keys(MARKETS) as MarketCode[];

export const DEFAULT_MARKET: MarketCode = "SE";

export function isMarketCode(value: unknown): value is MarketCode {
  return typeof value === "string" && (MARKET_CODES as string[]).includes(value);
}

export function getMarket(code: string | undefined): Market {
  return isMarketCode(code) ? MARKETS[code] : MARKETS[DEFAULT_MARKET];
}
