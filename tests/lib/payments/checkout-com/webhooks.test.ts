import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { capturePayment } from "@/lib/payments/checkout-com/back-office";
import { openPaymentContext, requestPaymentForContext } from "@/lib/payments/checkout-com/checkout";
import { insertOrderOnce } from "@/db/units";
import { newOrder } from "../../../support/new-order";
import { applyKeptCheckoutComEvents, KEPT_EVENT_AFTER_MS } from "@/lib/payments/checkout-com/reconcile";
import { applyPaymentEvents, handleWebhook } from "@/lib/payments/checkout-com/webhooks";
import { verifyWebhookSignature } from "@/lib/payments/checkout-com/webhook-signature";
import { advance, authorizeAs, CHANNEL, contextRequest, SIGNATURE_KEY, simFault, startHarness, type Harness } from "./harness";

const sign = (body: string, key = SIGNATURE_KEY) => createHmac("sha256", key).update(body).digest("hex");

describe("Cko-Signature", () => {
  const body = '{"id":"evt_a","type":"payment_approved"}';
  it("accepts the hex HMAC-SHA256 of the exact bytes and nothing else", () => {
    expect(verifyWebhookSignature(body, sign(body), SIGNATURE_KEY)).toBe(true);
    expect(verifyWebhookSignature(body, sign(body).toUpperCase(), SIGNATURE_KEY)).toBe(true);
    expect(verifyWebhookSignature(`${body} `, sign(body), SIGNATURE_KEY)).toBe(false);
    expect(verifyWebhookSignature(body, sign(body, "another-key"), SIGNATURE_KEY)).toBe(false);
    expect(verifyWebhookSignature(body, null, SIGNATURE_KEY)).toBe(false);
    expect(verifyWebhookSignature(body, "abc", SIGNATURE_KEY)).toBe(false);
  });
});

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

async function pay() {
  const request = contextRequest();
  const context = await openPaymentContext(h.client, request, `context-${Math.random()}`);
  await authorizeAs(h, context.klarnaSessionId!, "customer@email.se");
  const payment = await requestPaymentForContext(h.client, {
    contextId: context.contextId,
    contextCreatedAt: Date.now(),
    amount: request.amount,
    currency: request.currency,
    processingChannelId: CHANNEL,
    checkoutSessionId: "checkout-1",
  });
  // 202 Pending; Checkout.com decides on the simulator's clock (payment_approved).
  await advance(h, "2s");
  return h.client.getPayment(payment.id);
}

/** A signed envelope as Checkout.com sends it. */
function envelope(id: string, type: string, paymentId: string) {
  return JSON.stringify({ id, type, version: "1.0.33", created_on: new Date().toISOString(), data: { id: paymentId } });
}

describe("the webhook handler", () => {
  it("refuses a forged webhook with 401 before reading it, and changes nothing", async () => {
    const payment = await pay();
    const before = await h.store.paymentState(payment.id);
    const forged = envelope("evt_forgedforgedforgedforgedfo", "payment_voided", payment.id);
    expect(await handleWebhook(forged, sign(forged, "guessed-key"), h.deps)).toEqual({ status: 401, body: { error: "Invalid Cko-Signature" } });
    expect(await handleWebhook(forged, null, h.deps)).toMatchObject({ status: 401 });
    expect(await handleWebhook("not json", sign("not json"), h.deps)).toMatchObject({ status: 400 });
    expect(await handleWebhook('{"id":"x"}', sign('{"id":"x"}'), h.deps)).toMatchObject({ status: 400 });
    expect(await h.store.paymentState(payment.id)).toEqual(before);
  });

  it("ignores a replayed event: the same event id is processed once", async () => {
    const payment = await pay();
    const replay = envelope("evt_replayreplayreplayreplayre", "payment_approved", payment.id);
    expect(await handleWebhook(replay, sign(replay), h.deps)).toMatchObject({ status: 200, body: { outcome: "applied" } });
    expect(await handleWebhook(replay, sign(replay), h.deps)).toMatchObject({ status: 200, body: { outcome: "duplicate" } });
  });

  it("re-reads the payment instead of trusting the body: a signed event claiming a void leaves it authorized", async () => {
    const payment = await pay();
    const lie = JSON.stringify({ id: "evt_lielielielielielielielielie", type: "payment_voided", created_on: new Date().toISOString(), data: { id: payment.id, amount: 0 } });
    await handleWebhook(lie, sign(lie), h.deps);
    expect((await h.store.paymentState(payment.id))?.status).toBe("Authorized");
  });

  it("converges when webhooks are duplicated and reordered: the newest state wins", async () => {
    const payment = await pay();
    await simFault(h, { target: "webhook", mode: "reorder", event_type: "payment_capture_pending", count: 1 });
    await simFault(h, { target: "webhook", mode: "duplicate", count: 3 });
    await capturePayment({ client: h.client, store: h.store, formatMoney: String }, payment.id, { amount: payment.amount, final: true, idempotencyKey: "all" });
    await advance(h, "2s");
    const types = h.received.map((event) => event.type);
    // The held-back capture_pending arrived after payment_captured, and payment_captured came twice.
    expect(types.lastIndexOf("payment_capture_pending")).toBeGreaterThan(types.indexOf("payment_captured"));
    expect(types.filter((type) => type === "payment_captured")).toHaveLength(2);
    expect(h.received.filter((event) => event.outcome.status === 200 && "outcome" in event.outcome.body && event.outcome.body.outcome === "duplicate").length).toBeGreaterThan(0);
    expect((await h.store.paymentState(payment.id))?.status).toBe("Captured");
  });

  it("an older read never overwrites a newer state", async () => {
    const payment = await pay();
    const newer = { ...(await h.store.paymentState(payment.id))!, status: "Captured", observedAt: Number.MAX_SAFE_INTEGER - 1 };
    expect(await h.store.savePaymentState(newer)).toBe(true);
    const old = envelope("evt_oldoldoldoldoldoldoldoldol", "payment_pending", payment.id);
    await handleWebhook(old, sign(old), h.deps);
    expect((await h.store.paymentState(payment.id))?.status).toBe("Captured");
  });

  it("keeps an event that arrives before its order and applies it once the order exists", async () => {
    const payment = await pay();
    h.orders.clear();
    const early = envelope("evt_earlyearlyearlyearlyearly", "payment_capture_declined", payment.id);
    expect(await handleWebhook(early, sign(early), h.deps)).toMatchObject({ status: 200, body: { outcome: "kept" } });
    expect(await h.store.unappliedEvents(payment.id)).toHaveLength(1);
    h.orders.add(payment.id);
    expect(await applyPaymentEvents(h.deps, payment.id, false)).toBe(true);
    expect(await h.store.unappliedEvents(payment.id)).toEqual([]);
  });

  it("applies a kept event when it is delivered again after its order exists, and then answers duplicate", async () => {
    const payment = await pay();
    h.orders.clear();
    const early = envelope("evt_keptkeptkeptkeptkeptkeptk", "payment_capture_declined", payment.id);
    expect(await handleWebhook(early, sign(early), h.deps)).toMatchObject({ status: 200, body: { outcome: "kept" } });
    expect(await handleWebhook(early, sign(early), h.deps)).toMatchObject({ status: 200, body: { outcome: "kept" } });
    h.orders.add(payment.id);
    expect(await handleWebhook(early, sign(early), h.deps)).toMatchObject({ status: 200, body: { outcome: "applied" } });
    expect(await h.store.unappliedEvents(payment.id)).toEqual([]);
    expect(await handleWebhook(early, sign(early), h.deps)).toMatchObject({ status: 200, body: { outcome: "duplicate" } });
  });

  it("reconcile applies an event kept for a payment whose order another path made, once the event is a minute old", async () => {
    const [payment, orphan] = [await pay(), await pay()];
    h.orders.clear();
    const early = envelope("evt_reconcilereconcilereconci", "payment_capture_declined", payment.id);
    const alone = envelope("evt_orphanorphanorphanorphano", "payment_capture_declined", orphan.id);
    expect(await handleWebhook(early, sign(early), h.deps)).toMatchObject({ status: 200, body: { outcome: "kept" } });
    expect(await handleWebhook(alone, sign(alone), h.deps)).toMatchObject({ status: 200, body: { outcome: "kept" } });
    // The confirmation page makes the first payment's order; Checkout.com delivers nothing more. The second payment
    // never becomes an order, so reconcile leaves it alone.
    h.orders.add(payment.id);
    await insertOrderOnce(newOrder({ provider: "checkout-com", providerReference: payment.id, lines: [], paymentMethod: "Pay later" }));

    expect(await applyKeptCheckoutComEvents(new Date(), () => h.deps)).toBe(0);
    expect(await h.store.unappliedEvents(payment.id)).toHaveLength(1);
    expect(await applyKeptCheckoutComEvents(new Date(Date.now() + KEPT_EVENT_AFTER_MS + 1_000), () => h.deps)).toBe(1);
    expect(await h.store.unappliedEvents(payment.id)).toEqual([]);
    expect(await h.store.unappliedEvents(orphan.id)).toHaveLength(1);
    expect(await applyKeptCheckoutComEvents(new Date(Date.now() + KEPT_EVENT_AFTER_MS + 1_000), () => h.deps)).toBe(0);
  });

  it("answers 503 when Checkout.com cannot be read, and processes the redelivery for real", async () => {
    const payment = await pay();
    const event = envelope("evt_retryretryretryretryretry", "payment_approved", payment.id);
    await simFault(h, { target: "api", mode: "fail", status: 503, count: 2 });
    await expect(handleWebhook(event, sign(event), h.deps)).rejects.toThrow();
    expect(await handleWebhook(event, sign(event), h.deps)).toMatchObject({ status: 200, body: { outcome: "applied" } });
  });

  it("answers 200 'ignored' to a signed event for a payment Checkout.com does not have, once, so it is not retried", async () => {
    const unknown = "pay_" + "z".repeat(26);
    const event = envelope("evt_unknownunknownunknownunkn", "payment_approved", unknown);
    expect(await handleWebhook(event, sign(event), h.deps)).toEqual({ status: 200, body: { received: true, outcome: "ignored" } });
    expect(await h.store.unappliedEvents(unknown)).toEqual([]);
    expect(await h.store.paymentState(unknown)).toBeNull();
    expect(h.orders.has(unknown)).toBe(false);
    expect(await handleWebhook(event, sign(event), h.deps)).toMatchObject({ status: 200, body: { outcome: "duplicate" } });
  });

  it("is delivered at least once: a failing store gets retries on the virtual clock, signed each time", async () => {
    h.failWebhooks.status = 500;
    const payment = await pay();
    const attempts = async () => {
      const response = await fetch(`${h.simUrl}/_sim/checkout-com/payments/${payment.id}`);
      const body = (await response.json()) as { events: { type: string; deliveries: { attempts: number; status: string }[] }[] };
      return body.events.find((event) => event.type === "payment_approved")!.deliveries[0]!;
    };
    expect(await attempts()).toMatchObject({ attempts: 1, status: "pending" });
    await advance(h, "5m");
    expect(await attempts()).toMatchObject({ attempts: 2, status: "pending" });
    h.failWebhooks.status = null;
    await advance(h, "10m");
    expect(await attempts()).toMatchObject({ attempts: 3, status: "delivered" });
    expect(h.received.some((event) => event.type === "payment_approved" && event.outcome.status === 200)).toBe(true);
  });

  it("a lost webhook is recorded and never arrives; a late one arrives after its delay", async () => {
    await simFault(h, { target: "webhook", mode: "drop", event_type: "payment_approved", count: 1 });
    await simFault(h, { target: "webhook", mode: "late", event_type: "payment_pending", delay_seconds: 600, count: 1 });
    await pay();
    expect(h.received.map((event) => event.type)).toEqual(["payment_context_approved"]);
    await advance(h, "10m");
    expect(h.received.map((event) => event.type)).toEqual(["payment_context_approved", "payment_pending"]);
  });

  describe("payment_context_approved", () => {
    const contextId = () => "pct_" + Math.random().toString(36).slice(2).padEnd(26, "x").slice(0, 26);
    const recorded = (context: string) => ({ eventId: "evt_" + context.slice(4), type: "payment_context_approved", subjectId: context, createdOn: new Date().toISOString() });

    it("applies again, on redelivery, an approval recorded just before the store stopped", async () => {
      const context = contextId();
      const event = envelope(recorded(context).eventId, "payment_context_approved", context);
      // The store recorded the event and died before (or while) it requested the payment.
      expect(await h.store.recordEventOnce(recorded(context))).toBe(true);
      expect(await handleWebhook(event, sign(event), h.deps)).toEqual({ status: 200, body: { received: true, outcome: "applied" } });
      expect(h.approvedContexts).toEqual([context]);
      // Applied now: a further redelivery requests nothing more.
      expect(await handleWebhook(event, sign(event), h.deps)).toMatchObject({ status: 200, body: { outcome: "duplicate" } });
      expect(h.approvedContexts).toEqual([context]);
    });

    it("is not marked applied while another request is paying for the context, and the redelivery applies it", async () => {
      const context = contextId();
      const event = envelope(recorded(context).eventId, "payment_context_approved", context);
      h.contextAnswer.mode = "busy";
      expect(await handleWebhook(event, sign(event), h.deps)).toEqual({ status: 200, body: { received: true, outcome: "kept" } });
      expect(await h.store.unappliedEvents(context)).toHaveLength(1);
      h.contextAnswer.mode = "pay";
      expect(await handleWebhook(event, sign(event), h.deps)).toMatchObject({ status: 200, body: { outcome: "applied" } });
      expect(await h.store.unappliedEvents(context)).toEqual([]);
      expect(h.approvedContexts).toEqual([context]);
    });

    it("stays recorded and unapplied when Checkout.com cannot be reached (503), and the redelivery applies it", async () => {
      const context = contextId();
      const event = envelope(recorded(context).eventId, "payment_context_approved", context);
      h.contextAnswer.mode = "unreachable";
      await expect(handleWebhook(event, sign(event), h.deps)).rejects.toThrow(/could not be reached/);
      expect(await h.store.unappliedEvents(context)).toHaveLength(1);
      h.contextAnswer.mode = "pay";
      expect(await handleWebhook(event, sign(event), h.deps)).toMatchObject({ status: 200, body: { outcome: "applied" } });
      expect(h.approvedContexts).toEqual([context]);
    });

    it("reconcile applies an approval recorded but never applied, though its payment has no order, once a minute old", async () => {
      const context = contextId();
      await h.store.recordEventOnce(recorded(context));
      const later = () => new Date(Date.now() + KEPT_EVENT_AFTER_MS + 1_000);
      expect(await applyKeptCheckoutComEvents(new Date(), () => h.deps)).toBe(0);
      expect(h.approvedContexts).toEqual([]);
      h.contextAnswer.mode = "busy";
      expect(await applyKeptCheckoutComEvents(later(), () => h.deps)).toBe(0);
      expect(await h.store.unappliedEvents(context)).toHaveLength(1);
      h.contextAnswer.mode = "pay";
      expect(await applyKeptCheckoutComEvents(later(), () => h.deps)).toBe(1);
      expect(h.approvedContexts).toEqual([context]);
      expect(await h.store.unappliedEvents(context)).toEqual([]);
      expect(await applyKeptCheckoutComEvents(later(), () => h.deps)).toBe(0);
    });
  });
});
