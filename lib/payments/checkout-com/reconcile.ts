import { and, asc, eq, lte } from "drizzle-orm";
import { db } from "@/db";
import { checkoutComWebhookEvents, orders } from "@/db/schema";
import { storeWebhookDeps } from "./store-checkout";
import { applyPaymentEvents, type WebhookDeps } from "./webhooks";

/** An event kept this long after it came is applied by reconcile; younger ones are left to their own path. */
export const KEPT_EVENT_AFTER_MS = 60_000;

/**
 * Reconcile's part for Checkout.com: an event kept because its order did not exist yet is applied when a later
 * event or place order comes for its payment, but if neither comes (the order was made by the confirmation page or
 * reconcile, and Checkout.com delivered nothing more), this applies it: the payment is read again and the store order
 * brought in step. Only payments that have an order are looked at. Returns how many payments had events applied.
 */
export async function applyKeptCheckoutComEvents(
  now: Date = new Date(),
  deps: () => WebhookDeps = storeWebhookDeps,
  limit = 100,
): Promise<number> {
  const rows = await db()
    .selectDistinct({ paymentId: checkoutComWebhookEvents.subjectId })
    .from(checkoutComWebhookEvents)
    .innerJoin(orders, and(eq(orders.provider, "checkout-com"), eq(orders.providerReference, checkoutComWebhookEvents.subjectId)))
    .where(and(eq(checkoutComWebhookEvents.applied, false), lte(checkoutComWebhookEvents.receivedAt, now.getTime() - KEPT_EVENT_AFTER_MS)))
    .orderBy(asc(checkoutComWebhookEvents.subjectId))
    .limit(limit);
  if (rows.length === 0) return 0;
  const webhookDeps = deps();
  let applied = 0;
  for (const { paymentId } of rows) {
    try {
      if (await applyPaymentEvents(webhookDeps, paymentId, false)) applied += 1;
    } catch (error) {
      // Checkout.com unreachable: the next pass tries again; the other payments go on.
      console.error(`Applying kept Checkout.com events of ${paymentId} failed; the next reconcile tries again.`, error);
    }
  }
  return applied;
}
