import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as webhook } from "@/app/api/checkout-com/webhooks/route";
import { db } from "@/db";
import { countingRoundTrips } from "@/db/round-trips";
import { orderEvents, orders } from "@/db/schema";
import { finalize } from "@/lib/orders/finalize";
import { findOrderByReference, type StoreOrder } from "@/lib/orders/order-store";
import { checkoutCom } from "@/lib/payments/checkout-com";
import { purchaseOfPayment } from "@/lib/payments/checkout-com/payment-provider";
import { checkoutComSimulatorForFile, signedCheckoutComEvent } from "./support/checkout-com";

// Finalize handed a settled order the caller read (FinalizeOptions.order, as a webhook reads it with the event's
// record): it only keeps the order in step with the purchase, reading nothing, and takes the whole way whenever the
// order is not that purchase's or the provider ended the purchase. Checkout.com payments at the simulator, in process.

const checkoutComSimulator = checkoutComSimulatorForFile();

let events = 0;
const event = (type: string, paymentId: string) => webhook(signedCheckoutComEvent(type, paymentId, `evt_${`fs${++events}`.padEnd(26, "0")}`));
/** What background work finalize starts (the event rows' group commit, the e-mail outbox) gets to finish. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 300));

/** A Checkout.com payment approved and made a store order (acknowledged) by its webhook, with the payment as read now. */
async function settledPayment(label: string) {
  const paymentId = await checkoutComSimulator().payment(`settled-${label}-${Math.random().toString(36).slice(2)}`);
  expect(await (await event("payment_approved", paymentId)).json()).toEqual({ received: true, outcome: "applied" });
  const order = (await findOrderByReference("checkout-com", paymentId))!;
  expect(order.status).toBe("acknowledged");
  const purchase = purchaseOfPayment(await checkoutCom().client.getPayment(paymentId));
  return { paymentId, order, purchase };
}

const ref = (paymentId: string) => ({ provider: "checkout-com" as const, reference: paymentId });

describe("finalize with a settled order in hand", () => {
  it("keeps it in step with no round trip when nothing changed, and answers already settled", async () => {
    const { paymentId, order, purchase } = await settledPayment("same");
    const { result, roundTrips } = await countingRoundTrips(() => finalize(ref(paymentId), "webhook", { purchase, order }), settle);
    expect(roundTrips).toBe(0);
    expect(result).toMatchObject({ created: false, settlement: "already_settled", order: { id: order.id, status: "acknowledged" } });
  });

  it("fills an authorization expiry the row lacks in the one write of its changes", async () => {
    const { paymentId, order, purchase } = await settledPayment("expiry");
    await db().update(orders).set({ authorizationExpiresAt: null }).where(eq(orders.id, order.id));
    const expiresAt = "2027-01-04T12:00:00.000Z";
    const stale: StoreOrder = { ...order, authorizationExpiresAt: null };
    const { result, roundTrips } = await countingRoundTrips(
      () => finalize(ref(paymentId), "webhook", { purchase: { ...purchase, authorizationExpiresAt: expiresAt }, order: stale }),
      settle,
    );
    expect(roundTrips).toBe(1);
    expect(result.order.authorizationExpiresAt).toBe(expiresAt);
    expect((await findOrderByReference("checkout-com", paymentId))!.authorizationExpiresAt).toBe(expiresAt);
  });

  it("goes the whole way for an order that is not this purchase's, or one still pending", async () => {
    const { paymentId, purchase } = await settledPayment("other");
    const { order: another } = await settledPayment("another");
    const stranger = await countingRoundTrips(() => finalize(ref(paymentId), "webhook", { purchase, order: another }), settle);
    // The rules' read and the creation batch that finds the order made: the order handed was not taken.
    expect(stranger.roundTrips).toBe(2);
    expect(stranger.result.order.providerReference).toBe(paymentId);
    const own = (await findOrderByReference("checkout-com", paymentId))!;
    const pending = await countingRoundTrips(() => finalize(ref(paymentId), "webhook", { purchase, order: { ...own, status: "pending" } }), settle);
    expect(pending.roundTrips).toBe(2);
  });

  it("decides a purchase the provider ended on the order as it now is: one cancellation, however stale the order handed", async () => {
    const { paymentId, order } = await settledPayment("voided");
    await checkoutCom().client.void(paymentId, {}, `void-${paymentId}`);
    await checkoutComSimulator().decided();
    const voided = purchaseOfPayment(await checkoutCom().client.getPayment(paymentId));
    expect(voided.cancelledByProvider).not.toBeNull();
    // The first caller cancels the order; a second, holding the order as it was before (acknowledged), must not
    // cancel it again or log a second cancellation.
    expect((await finalize(ref(paymentId), "webhook", { purchase: voided, order })).order.status).toBe("cancelled");
    expect((await finalize(ref(paymentId), "webhook", { purchase: voided, order })).order.status).toBe("cancelled");
    await settle();
    const cancellations = await db()
      .select()
      .from(orderEvents)
      .where(and(eq(orderEvents.providerReference, paymentId), eq(orderEvents.action, "cancel"), eq(orderEvents.outcome, "cancelled")));
    expect(cancellations).toHaveLength(1);
  });
});
