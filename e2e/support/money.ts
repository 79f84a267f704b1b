/** Formats minor units the way a shopper in that market reads them, to compare with what the page shows. */
export function money(minor: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(minor / 100);
}

export const sek = (minor: number) => money(minor, "SEK", "sv-SE");
