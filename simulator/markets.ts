/** Klarna markets the simulator accepts, with the one currency Klarna allows for each purchase country. */
interface Market {
  currency: string;
  region: "eu" | "na" | "oc";
  locale: string;
  offer: "eu" | "gb" | "us";
}

const MARKETS: Record<string, Market> = {
  AT: { currency: "EUR", region: "eu", locale: "de-AT", offer: "eu" },
  AU: { currency: "AUD", region: "oc", locale: "en-AU", offer: "gb" },
  BE: { currency: "EUR", region: "eu", locale: "nl-BE", offer: "eu" },
  CA: { currency: "CAD", region: "na", locale: "en-CA", offer: "us" },
  CH: { currency: "CHF", region: "eu", locale: "de-CH", offer: "eu" },
  CZ: { currency: "CZK", region: "eu", locale: "cs-CZ", offer: "eu" },
  DE: { currency: "EUR", region: "eu", locale: "de-DE", offer: "eu" },
  DK: { currency: "DKK", region: "eu", locale: "da-DK", offer: "eu" },
  ES: { currency: "EUR", region: "eu", locale: "es-ES", offer: "eu" },
  FI: { currency: "EUR", region: "eu", locale: "fi-FI", offer: "eu" },
  FR: { currency: "EUR", region: "eu", locale: "fr-FR", offer: "eu" },
  GB: { currency: "GBP", region: "eu", locale: "en-GB", offer: "gb" },
  GR: { currency: "EUR", region: "eu", locale: "el-GR", offer: "eu" },
  HU: { currency: "HUF", region: "eu", locale: "hu-HU", offer: "eu" },
  IE: { currency: "EUR", region: "eu", locale: "en-IE", offer: "gb" },
  IT: { currency: "EUR", region: "eu", locale: "it-IT", offer: "eu" },
  MX: { currency: "MXN", region: "na", locale: "es-MX", offer: "us" },
  NL: { currency: "EUR", region: "eu", locale: "nl-NL", offer: "eu" },
  NO: { currency: "NOK", region: "eu", locale: "nb-NO", offer: "eu" },
  NZ: { currency: "NZD", region: "oc", locale: "en-NZ", offer: "gb" },
  PL: { currency: "PLN", region: "eu", locale: "pl-PL", offer: "eu" },
  PT: { currency: "EUR", region: "eu", locale: "pt-PT", offer: "eu" },
  RO: { currency: "RON", region: "eu", locale: "ro-RO", offer: "eu" },
  SE: { currency: "SEK", region: "eu", locale: "sv-SE", offer: "eu" },
  SK: { currency: "EUR", region: "eu", locale: "sk-SK", offer: "eu" },
  US: { currency: "USD", region: "na", locale: "en-US", offer: "us" },
};

export type CategoryId = "pay_later" | "pay_over_time" | "pay_now";

/** What the widget and the order say about a payment method category in a market. */
export interface CategoryInfo {
  identifier: CategoryId;
  name: string;
  description: string;
  installments?: number;
  /**
   * Payments v1's `authorized_payment_method` (reference/klarna/payments-v1.openapi.json, schema
   * `authorized_payment_method`: `type` one of invoice, fixed_amount, …, direct_debit, fixed_sum_credit, …).
   */
  authorizedPaymentMethod: { type: string; number_of_days?: number; number_of_installments?: number };
  /**
   * Order Management's `initial_payment_method.type` for the order (reference/klarna/ordermanagement-v1.openapi.json,
   * `InitialPaymentMethodDto.type`: "One of ACCOUNT, …, DIRECT_DEBIT, …, FIXED_SUM_CREDIT, …, INVOICE, …"). Klarna
   * documents the two lists, not a mapping between them: the simulator pairs each category's Payments type with the
   * Order Management word of the same name (invoice → INVOICE, fixed_sum_credit → FIXED_SUM_CREDIT, direct_debit →
   * DIRECT_DEBIT), which is its own choice; the store names a method from whichever API it read (Payments v1:
   * lib/payments/klarna-payments/placement-purchase.ts; Order Management: lib/payments/order-management/).
   */
  omType: string;
}

function offerFor(offer: Market["offer"]): CategoryInfo[] {
  // Names follow the playground recording for EU markets, Klarna's UK and US product names elsewhere.
  const installments = offer === "us" ? 4 : 3;
  return [
    {
      identifier: "pay_later",
      name: offer === "eu" ? "Buy now, pay later" : "Pay in 30 days",
      description: "Pay in 30 days, interest free",
      authorizedPaymentMethod: { type: "invoice", number_of_days: 30 },
      omType: "INVOICE",
    },
    {
      identifier: "pay_over_time",
      name: offer === "eu" ? "Monthly financing" : `Pay in ${installments} installments`,
      description: `Split into ${installments} interest-free payments`,
      installments,
      authorizedPaymentMethod: { type: "fixed_sum_credit", number_of_installments: installments },
      omType: "FIXED_SUM_CREDIT",
    },
    {
      identifier: "pay_now",
      name: "Pay now",
      description: "Pay in full today",
      authorizedPaymentMethod: { type: "direct_debit" },
      omType: "DIRECT_DEBIT",
    },
  ];
}

export function marketFor(country: string): Market | undefined {
  return MARKETS[country.toUpperCase()];
}

export function categoriesFor(country: string): CategoryInfo[] {
  const market = marketFor(country);
  return market ? offerFor(market.offer) : [];
}

export function categoryFor(country: string, identifier: string): CategoryInfo | undefined {
  return categoriesFor(country).find((category) => category.identifier === identifier);
}
