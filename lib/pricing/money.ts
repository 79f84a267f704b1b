/**
 * An amount of money in the currency's minor unit (öre, cent, penny). The brand makes it a compile error to
 * pass a plain number, such as a price in kronor or a quantity, where minor units are expected.
 */
export type Minor = number & { readonly __brand: "Minor" };

export function minor(value: number): Minor {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`Money must be a whole number of minor units, got ${value}`);
  }
  return value as Minor;
}

export function sumMinor(values: readonly number[]): Minor {
  return minor(values.reduce((total, value) => total + value, 0));
}

/** Tax rate in hundredths of a percent, as Klarna sends it: 2500 is 25 %. */
export type TaxRate = number & { readonly __brand: "TaxRate" };

export function taxRate(basisPoints: number): TaxRate {
  if (!Number.isInteger(basisPoints) || basisPoints < 0 || basisPoints > 10_000) {
    throw new RangeError(`Tax rate must be an integer between 0 and 10000, got ${basisPoints}`);
  }
  return basisPoints as TaxRate;
}

/** Rounds half away from zero, so a refund or discount line mirrors its charge exactly. */
export function roundHalfAwayFromZero(value: number): number {
  const rounded = value < 0 ? -Math.round(-value) : Math.round(value);
  return rounded === 0 ? 0 : rounded; // never -0

}

/** The tax contained in a tax-inclusive amount: total × rate / (10000 + rate), rounded. */
export function includedTax(total: Minor, rate: TaxRate): Minor {
  return minor(roundHalfAwayFromZero((total * rate) / (10_000 + rate)));
}

/** The tax to add on top of a tax-exclusive amount (US sales tax): amount × rate / 10000, rounded. */
export function addedTax(amount: Minor, rate: TaxRate): Minor {
  return minor(roundHalfAwayFromZero((amount * rate) / 10_000));
}

/** Formats minor units for people; the only place money becomes a string. */
export function formatMoney(amount: number, currency: string, locale: string): string {
  const digits = new Intl.NumberFormat(locale, { style: "currency", currency }).resolvedOptions()
    .maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(amount / 10 ** digits);
}
