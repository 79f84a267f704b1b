/**
 * A subscription's cadence, as Klarna's order line `subscription` object names it: `interval` is one of DAY, WEEK,
 * MONTH, YEAR and `interval_count` (≥ 1) how many of them (reference/klarna/payments-v1.openapi.json, schema
 * `subscription`; reference/klarna/customer-token-v1.openapi.yml, the same object).
 */
import type { SubscriptionInterval } from "@/db/subscription-interval";

export { SUBSCRIPTION_INTERVALS, type SubscriptionInterval } from "@/db/subscription-interval";

export interface Cadence {
  interval: SubscriptionInterval;
  intervalCount: number;
}

/** The date `periods` cadences after `start`, in UTC; a month end clamps (31 Jan + 1 month = 28/29 Feb). */
export function addPeriods(start: Date, cadence: Cadence, periods: number): Date {
  const steps = cadence.intervalCount * periods;
  const date = new Date(start.getTime());
  switch (cadence.interval) {
    case "DAY":
      date.setUTCDate(date.getUTCDate() + steps);
      return date;
    case "WEEK":
      date.setUTCDate(date.getUTCDate() + 7 * steps);
      return date;
    case "MONTH":
    case "YEAR": {
      const months = cadence.interval === "YEAR" ? 12 * steps : steps;
      const day = date.getUTCDate();
      date.setUTCDate(1);
      date.setUTCMonth(date.getUTCMonth() + months);
      const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
      date.setUTCDate(Math.min(day, last));
      return date;
    }
  }
}

/** "month", "3 months", "year": for "per month" and "every 3 months". */
export function cadenceWords(cadence: Cadence): { per: string; every: string } {
  const unit = cadence.interval.toLowerCase();
  if (cadence.intervalCount === 1) return { per: `/ ${unit}`, every: `every ${unit}` };
  return { per: `/ ${cadence.intervalCount} ${unit}s`, every: `every ${cadence.intervalCount} ${unit}s` };
}
