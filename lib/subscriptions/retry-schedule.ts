/**
 * What happens when Klarna refuses a renewal (POST /customer-token/v1/tokens/{t}/order answers 4xx): the same period
 * is tried again 1 day after the first refusal and 3 days after the second; a third refusal pauses the subscription
 * and tells the merchant (a notice on /admin/subscriptions). Klarna's "charge a subscription" guide leaves failures to
 * the merchant's own dunning; this is the store's. A Klarna that cannot be reached is not a refusal: the same attempt
 * is repeated with its own idempotency key on the next run.
 */
export const RETRY_DELAYS_MS: readonly number[] = [1 * 86_400_000, 3 * 86_400_000];

/** How many refused attempts of one period pause the subscription. */
export const ATTEMPTS_BEFORE_PAUSE = RETRY_DELAYS_MS.length + 1;

/** The schedule in words, for the back office and the docs. */
export const RETRY_SCHEDULE_WORDS = "retried after 1 day, then after 3 more days; a third refusal pauses the subscription";

/** When a period refused for the `attempts`-th time is tried again, or null when the subscription is to be paused. */
export function nextAttemptAfterRefusal(attempts: number, now: number): number | null {
  const delay = RETRY_DELAYS_MS[attempts - 1];
  return delay === undefined ? null : now + delay;
}

/** A claim older than this belongs to a caller that died mid-call; the next run repeats its attempt (same key). */
export const STALE_CLAIM_MS = 2 * 60_000;
