/** Normalised forms used to match shoppers against the block list, so spelling variants still match. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function normalizePhone(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, "");
  return digits.startsWith("00") ? `+${digits.slice(2)}` : digits;
}

export function normalizeAddress(address: { street_address?: string; postal_code?: string; country?: string }): string {
  const part = (value: string | undefined) => (value ?? "").toLowerCase().replace(/\s+/g, " ").trim();
  return [part(address.street_address), part(address.postal_code).replace(/ /g, ""), part(address.country)].join("|");
}
