import { and, asc, desc, eq, gte, isNotNull, isNull, lte } from "drizzle-orm";
import { db } from "@/db";
import { checkoutSessions, orders, webhookEvents } from "@/db/schema";
import { keptWebhooks } from "../webhook-inbox";
import { finalize } from "@/lib/orders/finalize";
import { checkoutCom } from ".";
import { paymentOutcome } from "./checkout";
import { purchaseOfPayment } from "./payment-provider";
import { syncPayment } from "./payment-sync";
import { storeWebhookDeps } from "./store-checkout";
import { applyPaymentEvents, applyRecordedEvent, type WebhookDeps } from "./webhooks";

const PROVIDER = "checkout-com" as const;

/** An event kept this long after it came is applied by reconcile; younger ones are left to their own path. */
export const KEPT_EVENT_AFTER_MS = 60_000;

/**
 * Reconcile's part for Checkout.com: an event kept because its order did not exist yet is applied when a later
 * event or place order comes for its payment, but if neither comes (the order was made by the confirmation page or
 * reconcile, and Checkout.com delivered nothing more), this applies it: the payment is read again and the store order
 * brought in step. Payment events are looked at once their payment has an order; a payment_context_approved that was
 * recorded but never applied is applied again (the payment requested), since its payment has no order by nature.
 * Returns how many payments and contexts had events applied.
 */
export async function applyKeptCheckoutComEvents(
  now: Date = new Date(),
  deps: () => WebhookDeps = storeWebhookDeps,
  limit = 100,
): Promise<number> {
  const receivedBefore = new Date(now.getTime() - KEPT_EVENT_AFTER_MS);
  const rows = await db()
    .selectDistinct({ paymentId: webhookEvents.subjectReference })
    .from(webhookEvents)
    .innerJoin(orders, and(eq(orders.provider, PROVIDER), eq(orders.providerReference, webhookEvents.subjectReference)))
    .where(and(eq(webhookEvents.provider, PROVIDER), isNull(webhookEvents.appliedAt), lte(webhookEvents.receivedAt, receivedBefore.toISOString())))
    .orderBy(asc(webhookEvents.subjectReference))
    .limit(limit);
  // Context approvals recorded but never applied (the store stopped before or while it requested the payment, or
  // another request was paying then): their payment has no order, and may not even exist yet, so they are swept here.
  const contexts = (await keptWebhooks(PROVIDER, { receivedBefore, eventTypes: ["payment_context_approved"], limit })).map((event) => ({
    eventId: event.eventId,
    type: event.eventType,
    subjectId: event.subjectReference,
  }));
  if (rows.length === 0 && contexts.length === 0) return 0;
  const webhookDeps = deps();
  let applied = 0;
  for (const event of contexts) {
    try {
      if ((await applyRecordedEvent(webhookDeps, event)).body.outcome === "applied") applied += 1;
    } catch (error) {
      console.error(`Applying kept Checkout.com event ${event.eventId} failed; the next reconcile tries again.`, error);
    }
  }
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

/** A payment requested this long ago whose decision the store has not heard is looked up; younger ones have time. */
export const UNDECIDED_PAYMENT_AFTER_MS = 60_000;
/** How far back placed checkouts are looked at: a Klarna authorization lasts 28 days, a decision comes in minutes. */
const UNDECIDED_WINDOW_MS = 7 * 24 * 3_600_000;

/**
 * Reconcile's part for Checkout.com's 202 Pending payments (reference/seeds/004_6e27f3ac1c8818d9.txt): a checkout
 * that requested a payment but has no store order, because the payment_approved webhook was dropped and the shopper
 * left the confirmation page. GET /payments/{id} decides: approved makes the order through the shared finalize;
 * declined or still Pending makes nothing (a declined payment is recorded, so it is not read again). Returns how many
 * orders were made.
 */
export async function confirmUndecidedCheckoutComPayments(now: Date = new Date(), limit = 50): Promise<number> {
  const rows = await db()
    .select({ paymentId: checkoutSessions.providerReference })
    .from(checkoutSessions)
    .leftJoin(orders, and(eq(orders.provider, "checkout-com"), eq(orders.providerReference, checkoutSessions.providerReference)))
    .where(
      and(
        eq(checkoutSessions.provider, "checkout-com"),
        isNotNull(checkoutSessions.providerReference),
        isNull(orders.id),
        lte(checkoutSessions.createdAt, new Date(now.getTime() - UNDECIDED_PAYMENT_AFTER_MS).toISOString()),
        gte(checkoutSessions.createdAt, new Date(now.getTime() - UNDECIDED_WINDOW_MS).toISOString()),
      ),
    )
    .orderBy(desc(checkoutSessions.createdAt))
    .limit(limit);
  if (rows.length === 0) return 0;
  const { client, store } = checkoutCom();
  let made = 0;
  for (const { paymentId } of rows) {
    if (!paymentId) continue;
    const known = await store.paymentState(paymentId);
    if (known?.status === "Declined" && known.authorized === 0) continue;
    try {
      const { payment } = await syncPayment(client, store, paymentId);
      if (paymentOutcome(payment) !== "approved") continue;
      // The payment just read is the purchase: finalize does not read it from Checkout.com again.
      const purchase = purchaseOfPayment(payment);
      if ((await finalize({ provider: "checkout-com", reference: paymentId }, "reconcile", { purchase })).created) made += 1;
    } catch (error) {
      console.error(`Confirming Checkout.com payment ${paymentId} failed; the next reconcile tries again.`, error);
    }
  }
  return made;
}
