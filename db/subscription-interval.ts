/**
 * A subscription's cadence unit, as Klarna's order line `subscription` object names it: one of DAY, WEEK, MONTH, YEAR
 * (reference/klarna/payments-v1.openapi.json, schema `subscription`; reference/klarna/customer-token-v1.openapi.yml).
 * Kept in the data layer because the schema's check constraint lists them; lib/subscriptions/interval.ts re-exports it.
 */
export const SUBSCRIPTION_INTERVALS = ["DAY", "WEEK", "MONTH", "YEAR"] as const;
export type SubscriptionInterval = (typeof SUBSCRIPTION_INTERVALS)[number];
