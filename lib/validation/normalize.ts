/** Normalised forms used to match shoppers against the block list, so spelling variants still match. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Country calling codes of the markets served, to turn a national number ("070…") into an international one. */
const CALLING_CODES: Record<string, string> = { SE: "46", DE: "49", GB: "44", US: "1" };

/** E.164-style: "+46 (0)70-000 00 00", "0046700000000" and, in Sweden, "070-000 00 00" all become +46700000000. */
export function normalizePhone(phone: string, country?: string | null): string {
  const digits = phone.replace(/\(0\)/g, "").replace(/[^\d+]/g, "");
  if (digits.startsWith("+")) return digits;
  if (digits.startsWith("00")) return `+${digits.slice(2)}`;
  const code = country ? CALLING_CODES[country.toUpperCase()] : undefined;
  if (!code) return digits;
  if (code === "1") return digits.length === 11 && digits.startsWith("1") ? `+${digits}` : `+1${digits}`;
  return digits.startsWith("0") ? `+${code}${digits.slice(1)}` : digits;
}

export function normalizeAddress(address: { street_address?: string; postal_code?: string; country?: string }): string {
  const part = (value: string | undefined) => (value ?? "").toLowerCase().replace(/\s+/g, " ").trim();
  return [part(address.street_address), part(address.postal_code).replace(/ /g, ""), part(address.country)].join("|");
}
