/**
 * What On-site messaging says for a purchase amount in a market: the payment options of each market, their amount
 * limits, the arithmetic of an instalment or a monthly payment, and the wording in the locale's language.
 *
 * Klarna documents the placement attributes (data-key, data-locale, data-purchase-amount in minor units) but not the
 * limits or the exact wording of its messages; every figure below is plausible and marked unverified in the README.
 */

/** The placement types Klarna recommends for product and cart pages (docs: On-site messaging, Placements). */
export const PLACEMENT_KEYS = ["credit-promotion-badge", "credit-promotion-auto-size"] as const;
export type PlacementKey = (typeof PLACEMENT_KEYS)[number];

export function isPlacementKey(value: string): value is PlacementKey {
  return (PLACEMENT_KEYS as readonly string[]).includes(value);
}

type Language = "en" | "sv" | "de";

interface Range {
  /** Smallest purchase amount, minor units, inclusive. */
  min: number;
  /** Largest purchase amount, minor units, inclusive. */
  max: number;
}

export interface MarketOffer {
  currency: "SEK" | "EUR" | "GBP" | "USD";
  /** Pay in 3 (Europe) or Pay in 4 (US): interest-free, equal payments. */
  installments: Range & { count: 3 | 4 };
  /** Pay in 30 days, interest-free. */
  payLater: Range & { days: 30 };
  /** Monthly financing: an annuity at a yearly nominal rate in hundredths of a percent (1995 = 19.95 %). */
  financing: Range & { months: number; yearlyRate: number };
}

// Unverified: Klarna publishes no limits per option; these are plausible values for a demo shop.
const OFFERS: Record<"SE" | "DE" | "GB" | "US", MarketOffer> = {
  SE: {
    currency: "SEK",
    installments: { count: 3, min: 25_000, max: 1_000_000 },
    payLater: { days: 30, min: 100, max: 2_500_000 },
    financing: { months: 24, yearlyRate: 1995, min: 100_000, max: 5_000_000 },
  },
  DE: {
    currency: "EUR",
    installments: { count: 3, min: 2_500, max: 150_000 },
    payLater: { days: 30, min: 100, max: 250_000 },
    financing: { months: 24, yearlyRate: 1195, min: 10_000, max: 500_000 },
  },
  GB: {
    currency: "GBP",
    installments: { count: 3, min: 3_000, max: 100_000 },
    payLater: { days: 30, min: 100, max: 100_000 },
    financing: { months: 12, yearlyRate: 1890, min: 9_900, max: 500_000 },
  },
  US: {
    currency: "USD",
    installments: { count: 4, min: 3_500, max: 100_000 },
    payLater: { days: 30, min: 100, max: 100_000 },
    financing: { months: 24, yearlyRate: 1999, min: 10_000, max: 1_000_000 },
  },
};

/** The data-locale values the stand-in renders: the market's language or English, for the store's four markets. */
const LOCALES: Record<string, { language: Language; country: keyof typeof OFFERS }> = {
  "sv-SE": { language: "sv", country: "SE" },
  "en-SE": { language: "en", country: "SE" },
  "de-DE": { language: "de", country: "DE" },
  "en-DE": { language: "en", country: "DE" },
  "en-GB": { language: "en", country: "GB" },
  "en-US": { language: "en", country: "US" },
};

export const SUPPORTED_LOCALES = Object.keys(LOCALES);

export function offerFor(locale: string): { language: Language; offer: MarketOffer } | undefined {
  const entry = LOCALES[locale];
  return entry ? { language: entry.language, offer: OFFERS[entry.country] } : undefined;
}

/** One of `count` equal payments, rounded up to the minor unit so the payments never fall short of the amount. */
export function installmentAmount(amount: number, count: number): number {
  return Math.ceil(amount / count);
}

/** The monthly payment of an annuity: P·r / (1 − (1 + r)^−n) with r the monthly rate, rounded up to the minor unit. */
export function monthlyPayment(amount: number, months: number, yearlyRate: number): number {
  const rate = yearlyRate / 10_000 / 12;
  if (rate === 0) return Math.ceil(amount / months);
  return Math.ceil((amount * rate) / (1 - (1 + rate) ** -months));
}

/** Minor units as the locale writes money: 366,34 kr, 33,32 €, £28.34, $24.75. */
export function formatAmount(amount: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}

const within = (amount: number, range: Range) => amount >= range.min && amount <= range.max;

export type MessageKind = "installments" | "financing" | "pay_later" | "below_minimum" | "above_maximum";

interface Words {
  installments(count: number, amount: string): string;
  financing(amount: string, months: number): string;
  payLater(days: number): string;
  belowMinimum(count: number, min: string): string;
  aboveMaximum(max: string): string;
  /** Inline mention for placements without the logo (credit-promotion-auto-size). */
  withKlarna: string;
  learnMore: string;
  newTab: string;
}

const WORDS: Record<Language, Words> = {
  en: {
    installments: (count, amount) => `Pay in ${count} interest-free payments of ${amount}`,
    financing: (amount, months) => `Finance from ${amount}/month over ${months} months`,
    payLater: (days) => `Pay in ${days} days, interest-free`,
    belowMinimum: (count, min) => `Pay in ${count} interest-free payments on purchases from ${min}`,
    aboveMaximum: (max) => `Pay with Klarna on purchases up to ${max}`,
    withKlarna: " with Klarna",
    learnMore: "Learn more",
    newTab: "(opens in a new tab)",
  },
  sv: {
    installments: (count, amount) => `Dela upp i ${count} räntefria betalningar på ${amount}`,
    financing: (amount, months) => `Delbetala från ${amount}/mån i ${months} månader`,
    payLater: (days) => `Betala om ${days} dagar, räntefritt`,
    belowMinimum: (count, min) => `Dela upp i ${count} räntefria betalningar vid köp från ${min}`,
    aboveMaximum: (max) => `Betala med Klarna vid köp upp till ${max}`,
    withKlarna: " med Klarna",
    learnMore: "Läs mer",
    newTab: "(öppnas i en ny flik)",
  },
  de: {
    installments: (count, amount) => `Bezahle in ${count} zinsfreien Raten von je ${amount}`,
    financing: (amount, months) => `Finanzierung ab ${amount}/Monat über ${months} Monate`,
    payLater: (days) => `In ${days} Tagen bezahlen, zinsfrei`,
    belowMinimum: (count, min) => `Bezahle in ${count} zinsfreien Raten bei Einkäufen ab ${min}`,
    aboveMaximum: (max) => `Mit Klarna bezahlen bei Einkäufen bis ${max}`,
    withKlarna: " mit Klarna",
    learnMore: "Mehr erfahren",
    newTab: "(öffnet in einem neuen Tab)",
  },
};

export interface Message {
  kind: MessageKind;
  text: string;
  learnMore: string;
  newTab: string;
}

/**
 * The message of a credit-promotion placement. Interest-free instalments come first; above their maximum, monthly
 * financing; beyond that, pay in 30 days. Below the instalment minimum the message names the minimum.
 */
export function messageFor(placementKey: PlacementKey, locale: string, amount: number): Message | undefined {
  const found = offerFor(locale);
  if (!found) return undefined;
  const { language, offer } = found;
  const words = WORDS[language];
  const money = (value: number) => formatAmount(value, offer.currency, locale);
  const { installments, financing, payLater } = offer;

  let kind: MessageKind;
  let text: string;
  if (amount < installments.min) {
    kind = "below_minimum";
    text = words.belowMinimum(installments.count, money(installments.min));
  } else if (within(amount, installments)) {
    kind = "installments";
    text = words.installments(installments.count, money(installmentAmount(amount, installments.count)));
  } else if (within(amount, financing)) {
    kind = "financing";
    text = words.financing(money(monthlyPayment(amount, financing.months, financing.yearlyRate)), financing.months);
  } else if (within(amount, payLater)) {
    kind = "pay_later";
    text = words.payLater(payLater.days);
  } else {
    kind = "above_maximum";
    text = words.aboveMaximum(money(Math.max(financing.max, payLater.max)));
  }
  const inline = placementKey === "credit-promotion-auto-size" && kind !== "above_maximum" ? words.withKlarna : "";
  return { kind, text: `${text}${inline}.`, learnMore: words.learnMore, newTab: words.newTab };
}

/** Every option of the market with what it costs for this amount, for the "Learn more" page. */
export function optionsFor(locale: string, amount: number): { title: string; available: boolean; limits: string }[] {
  const found = offerFor(locale);
  if (!found) return [];
  const { language, offer } = found;
  const words = WORDS[language];
  const money = (value: number) => formatAmount(value, offer.currency, locale);
  const limits = (range: Range) => `${money(range.min)} – ${money(range.max)}`;
  const { installments, financing, payLater } = offer;
  return [
    {
      title: words.installments(installments.count, money(installmentAmount(amount, installments.count))),
      available: within(amount, installments),
      limits: limits(installments),
    },
    { title: words.payLater(payLater.days), available: within(amount, payLater), limits: limits(payLater) },
    {
      title: words.financing(money(monthlyPayment(amount, financing.months, financing.yearlyRate)), financing.months),
      available: within(amount, financing),
      limits: limits(financing),
    },
  ];
}
