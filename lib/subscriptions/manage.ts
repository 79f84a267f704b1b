import "server-only";
import { describeKlarnaError, isKlarnaNotFound } from "@/lib/klarna";
import { subscriptionNow } from "./clock";
import { customerTokens } from "./customer-token-api";
import { addPeriods } from "./interval";
import { chargePeriod, type ChargeOutcome } from "./renewals";
import { findSubscription, givenUpPeriod, setCancelled, setPaused, setResumed, setTokenStatus, type Subscription } from "./store";

export type ManageResult = { ok: true; message: string } | { ok: false; message: string };

const notFound: ManageResult = { ok: false, message: "There is no such subscription." };

/** The merchant pauses renewals; nothing changes at Klarna (the token stays usable for a resume). */
export async function pauseSubscription(id: number): Promise<ManageResult> {
  const subscription = await findSubscription(id);
  if (!subscription) return notFound;
  if (!(await setPaused(id, "Paused by the merchant"))) return { ok: false, message: `Only an active subscription can be paused; this one is ${subscription.status}.` };
  return { ok: true, message: "Paused: no renewal is charged until you resume it." };
}

/**
 * Resumes renewals. A period Klarna refused three times is tried again at the next run; periods that fell due while
 * paused are skipped, not charged.
 */
export async function resumeSubscription(id: number): Promise<ManageResult> {
  const subscription = await findSubscription(id);
  if (!subscription) return notFound;
  if (subscription.status !== "paused") return { ok: false, message: `Only a paused subscription can be resumed; this one is ${subscription.status}.` };
  const now = await subscriptionNow();
  const retried = await givenUpPeriod(id);
  const next = retried ? null : firstPeriodFrom(subscription, now);
  if (!(await setResumed(id, now, next))) return { ok: false, message: "The subscription changed meanwhile; reload the page." };
  return { ok: true, message: retried ? "Resumed: the refused renewal is tried again at the next run." : "Resumed." };
}

/** The first period due at or after `now`, so a resume never charges for periods spent paused. */
function firstPeriodFrom(subscription: Subscription, now: number): { period: number; chargeAt: string } | null {
  const cadence = { interval: subscription.interval, intervalCount: subscription.intervalCount };
  const started = new Date(subscription.startedAt);
  let period = subscription.nextPeriod;
  while (addPeriods(started, cadence, period).getTime() < now && period < subscription.nextPeriod + 1000) period++;
  if (period === subscription.nextPeriod) return null;
  return { period, chargeAt: addPeriods(started, cadence, period).toISOString() };
}

/**
 * Cancels the customer token at Klarna (PATCH /customer-token/v1/tokens/{t}/status with CANCELLED,
 * reference/klarna/customer-token-v1.openapi.yml), then the subscription. Klarna refusing or not answering changes
 * nothing in the store; a token Klarna no longer knows (404) is cancelled in the store only.
 */
export async function cancelSubscription(id: number, by: "merchant" | "shopper"): Promise<ManageResult> {
  const subscription = await findSubscription(id);
  if (!subscription) return notFound;
  if (subscription.status === "cancelled") return { ok: true, message: "This subscription is already cancelled." };
  if (subscription.status === "tokenizing") {
    return { ok: false, message: "This subscription is still being set up with Klarna. Please try again in a minute." };
  }
  if (subscription.status !== "active" && subscription.status !== "paused") {
    return { ok: false, message: `A ${subscription.status} subscription cannot be cancelled.` };
  }
  if (subscription.customerToken) {
    try {
      await customerTokens.cancel(subscription.customerToken);
    } catch (error) {
      if (!isKlarnaNotFound(error)) return { ok: false, message: `Nothing was cancelled: ${describeKlarnaError(error)}` };
    }
  }
  await setCancelled(id, by, await subscriptionNow());
  return { ok: true, message: "Cancelled: no further renewals will be charged." };
}

/** Charges the next period now instead of at its date (the merchant's "charge now"); the one after keeps its date. */
export async function chargeNow(id: number): Promise<ManageResult & { result?: ChargeOutcome }> {
  const subscription = await findSubscription(id);
  if (!subscription) return notFound;
  if (subscription.status !== "active") return { ok: false, message: `Only an active subscription can be charged; this one is ${subscription.status}.` };
  const result = await chargePeriod(subscription, "manual", await subscriptionNow());
  switch (result.outcome) {
    case "placed":
      return { ok: true, message: `Charged: renewal order ${result.orderNumber} was placed.`, result };
    case "skipped":
      return { ok: false, message: "This period is being charged already or is waiting for its retry.", result };
    default:
      return { ok: false, message: `Klarna did not charge it: ${result.message}`, result };
  }
}

/** Klarna's current view of the token (GET /customer-token/v1/tokens/{t}): its status is kept with the subscription. */
export async function refreshTokenStatus(subscription: Subscription): Promise<{ status: string | null; error: string | null }> {
  if (!subscription.customerToken) return { status: subscription.tokenStatus, error: null };
  try {
    const token = await customerTokens.read(subscription.customerToken);
    if (token.status !== subscription.tokenStatus) await setTokenStatus(subscription.id, token.status);
    return { status: token.status, error: null };
  } catch (error) {
    return { status: subscription.tokenStatus, error: describeKlarnaError(error) };
  }
}
