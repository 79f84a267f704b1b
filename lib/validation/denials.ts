/** Why the store refuses an order, as codes that travel in the rejection page's URL (never free text). */
export type DenialReason =
  | "cart_changed"
  | "out_of_stock"
  | "undeliverable_country"
  | "undeliverable_postcode"
  | "blocked"
  | "coupon_used"
  | "coupon_expired";

export interface Denial {
  reason: DenialReason;
  /** The SKU concerned, for stock and delivery refusals. */
  sku?: string;
  country?: string;
  /** For logs and the back office; the shopper sees the rejection page's own wording. */
  detail: string;
}

export const DENIAL_REASONS: DenialReason[] = [
  "cart_changed",
  "out_of_stock",
  "undeliverable_country",
  "undeliverable_postcode",
  "blocked",
  "coupon_used",
  "coupon_expired",
];

export function rejectionPath(denial: Denial): string {
  const params = new URLSearchParams({ reason: denial.reason });
  if (denial.sku) params.set("item", denial.sku);
  if (denial.country) params.set("country", denial.country);
  return `/checkout/rejected?${params}`;
}
