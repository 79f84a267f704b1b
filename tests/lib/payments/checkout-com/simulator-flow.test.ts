import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { capturePayment, describeAction, refundPayment, voidPayment, type BackOfficeDeps } from "@/lib/payments/checkout-com/back-office";
import { openPaymentContext, requestPaymentForContext, ContextExpiredError, ContextNotApprovedError } from "@/lib/payments/checkout-com/checkout";
import { buildPaymentContextRequest } from "@/lib/payments/checkout-com/context-request";
import { checkoutComProvider } from "@/lib/payments/checkout-com/payment-provider";
import { MARKETS } from "@/lib/pricing/markets";
import { minor } from "@/lib/pricing/money";
import { priceCart } from "@/lib/pricing/price-cart";
import { advance, authorizeAs, CHANNEL, contextRequest, simFault, startHarness, type Harness } from "./harness";

let h: Harness;
let backOffice: BackOfficeDeps;

beforeEach(async () => {
  h = await startHarness();
  backOffice = { client: h.client, store: h.store, formatMoney: (amount) => `${(amount / 100).toFixed(2)} SEK` };
});
afterEach(async () => h.close());

/**
 * Opens a context, lets the shopper approve it in Klarna's popup, requests the payment (202 Pending) and lets the
 * simulator's clock reach Checkout.com's decision. `payment` is the payment as GET /payments/{id} shows it then.
 */
async function pay(email = "customer@email.se", category = "pay_later") {
  const request = contextRequest();
  const context = await openPaymentContext(h.client, request, `context-${Math.random()}`);
  expect(await authorizeAs(h, context.klarnaSessionId!, email, category)).toBe(200);
  const accepted = await requestPaymentForContext(h.client, {
    contextId: context.contextId,
    contextCreatedAt: Date.now(),
    amount: request.amount,
    currency: request.currency,
    processingChannelId: CHANNEL,
    checkoutSessionId: "checkout-1",
  });
  expect(accepted.status).toBe("Pending");
  await advance(h, "2s");
  const payment = await h.client.getPayment(accepted.id);
  return { request, context, accepted, payment };
}

describe("a Klarna purchase through Checkout.com", () => {
  it("approves the context in Klarna's popup; the payment is 202 Pending, then approved by webhook on the simulator's clock", async () => {
    const request = contextRequest();
    const context = await openPaymentContext(h.client, request, "context-key-1");
    expect(context.contextId).toMatch(/^pct_/);
    expect((await h.client.getPaymentContext(context.contextId)).status).toBe("Created");

    await authorizeAs(h, context.klarnaSessionId!, "customer@email.se");
    expect((await h.client.getPaymentContext(context.contextId)).status).toBe("Approved");
    // payment_context_approved reached the store, which would request the payment from it.
    expect(h.approvedContexts).toEqual([context.contextId]);

    const payment = await requestPaymentForContext(h.client, {
      contextId: context.contextId,
      contextCreatedAt: Date.now(),
      amount: request.amount,
      currency: request.currency,
      processingChannelId: CHANNEL,
      checkoutSessionId: "checkout-1",
    });
    // reference/seeds/004_…: 202 with status Pending, the Klarna order id and fraud status, no amount.
    expect(payment).toMatchObject({ status: "Pending", payment_type: "PayLater", processing: { partner_fraud_status: "ACCEPTED" } });
    expect(payment.amount).toBeUndefined();
    expect(payment.processing?.partner_order_id).toMatch(/^[0-9a-f-]{36}$/);
    await h.sim.idle();
    expect((await h.client.getPayment(payment.id)).status).toBe("Pending");
    // Pending makes no order: the event is kept for the decision.
    expect(h.received.map((event) => [event.type, event.outcome.body])).toEqual([
      ["payment_context_approved", { received: true, outcome: "applied" }],
      ["payment_pending", { received: true, outcome: "kept" }],
    ]);
    expect(h.created).toEqual([]);
    await expect(checkoutComProvider(() => h.client).readPurchase(payment.id)).rejects.toThrow(/still Pending/);

    await advance(h, "2s");
    expect(await h.client.getPayment(payment.id)).toMatchObject({ status: "Authorized", approved: true, amount: request.amount });

    const purchase = await checkoutComProvider(() => h.client).readPurchase(payment.id);
    expect(purchase).toMatchObject({ provider: "checkout-com", reference: payment.id, paymentMethod: "Pay later", country: "SE", currency: "SEK" });
    expect(purchase.klarnaOrderId).toBe(payment.processing?.partner_order_id);
    expect(purchase.checkoutSessionId).toBe("checkout-1");
    // The addresses are the ones the shopper confirmed at Klarna, as Checkout.com reports them.
    expect(purchase.email).toBe("customer@email.se");
    expect(purchase.billingAddress).toMatchObject({ given_name: "Alice", family_name: "Andersson", country: "SE" });
    expect(purchase.lines.reduce((sum, line) => sum + line.total_amount, 0)).toBe(purchase.amount);
    expect(purchase.lines.reduce((sum, line) => sum + (line.total_tax_amount ?? 0), 0)).toBe(purchase.taxAmount);

    await h.sim.idle();
    expect(h.received.map((event) => event.type)).toEqual(["payment_context_approved", "payment_pending", "payment_approved"]);
    // The approval made the store order once, through finalize.
    expect(h.created).toEqual([payment.id]);
  });

  it("names the payment type in words: pay now, and instalments with and without financing", async () => {
    expect((await pay("customer@email.se", "pay_now")).accepted.payment_type).toBe("Regular");
    const financing = (await pay("customer@email.se", "pay_over_time")).accepted;
    expect(financing).toMatchObject({ payment_type: "Installment", payment_plan: { financing: true } });
    expect((await checkoutComProvider(() => h.client).readPurchase(financing.id)).paymentMethod).toBe("Financing");
  });

  it("refuses to pay for a declined shopper: the context is never approved", async () => {
    const request = contextRequest();
    const context = await openPaymentContext(h.client, request, "context-denied");
    expect(await authorizeAs(h, context.klarnaSessionId!, "customer+denied@email.se")).toBe(403);
    expect((await h.client.getPaymentContext(context.contextId)).status).toBe("Created");
    await expect(
      requestPaymentForContext(h.client, {
        contextId: context.contextId,
        contextCreatedAt: Date.now(),
        amount: request.amount,
        currency: request.currency,
        processingChannelId: CHANNEL,
        checkoutSessionId: "checkout-1",
      }),
    ).rejects.toBeInstanceOf(ContextNotApprovedError);
  });

  it("refuses a context older than 48 hours, in the store and at Checkout.com", async () => {
    const request = contextRequest();
    const context = await openPaymentContext(h.client, request, "context-old");
    await authorizeAs(h, context.klarnaSessionId!, "customer@email.se");
    const input = { contextId: context.contextId, amount: request.amount, currency: request.currency, processingChannelId: CHANNEL, checkoutSessionId: "c" };
    await expect(requestPaymentForContext(h.client, { ...input, contextCreatedAt: Date.now() - 49 * 3_600_000 })).rejects.toBeInstanceOf(
      ContextExpiredError,
    );
    await fetch(`${h.simUrl}/_sim/checkout-com/contexts/${context.contextId}/age`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ hours: 49 }),
    });
    await expect(requestPaymentForContext(h.client, { ...input, contextCreatedAt: Date.now() })).rejects.toMatchObject({
      status: 422,
      errorCodes: ["payment_context_expired"],
    });
  });
});

describe("an order discount through Checkout.com", () => {
  it("goes as an item of type discount and comes back as the order's discount line, amount and tax intact", async () => {
    const cart = priceCart({
      market: MARKETS.SE,
      items: [
        { reference: "tent", name: "Tent", quantity: 1, unitPrice: minor(300_000), taxClass: "standard", isDigital: false },
        { reference: "stove", name: "Stove", quantity: 2, unitPrice: minor(50_000), taxClass: "standard", isDigital: false },
      ],
      discount: { reference: "WELCOME10", name: "Welcome 10 %", percent: 10 },
    });
    const request = buildPaymentContextRequest({ lines: cart.lines, market: MARKETS.SE, reference: "discounted", processingChannelId: CHANNEL, promoCodes: [] });
    expect(request.items.filter((item) => item.type === "discount")).toHaveLength(1);
    const context = await openPaymentContext(h.client, request, "context-discount");
    await authorizeAs(h, context.klarnaSessionId!, "customer@email.se");
    const accepted = await requestPaymentForContext(h.client, {
      contextId: context.contextId,
      contextCreatedAt: Date.now(),
      amount: request.amount,
      currency: request.currency,
      processingChannelId: CHANNEL,
      checkoutSessionId: "discounted",
    });
    await advance(h, "2s");
    const purchase = await checkoutComProvider(() => h.client).readPurchase(accepted.id);
    expect(purchase.amount).toBe(cart.order_amount);
    expect(purchase.taxAmount).toBe(cart.order_tax_amount);
    const discount = cart.lines.find((line) => line.type === "discount")!;
    expect(purchase.lines.find((line) => line.type === "discount")).toMatchObject({ total_amount: discount.total_amount, total_tax_amount: discount.total_tax_amount });
    expect(purchase.lines.reduce((sum, line) => sum + line.total_amount, 0)).toBe(purchase.amount);
    expect(purchase.lines.reduce((sum, line) => sum + (line.total_tax_amount ?? 0), 0)).toBe(purchase.taxAmount);
  });
});

describe("Checkout.com's decision on a Pending payment", () => {
  it("a decline arrives as payment_declined: the payment is Declined, nothing is authorized, no order is made", async () => {
    await simFault(h, { target: "payment", mode: "decline", count: 1 });
    const { accepted, payment } = await pay();
    expect(accepted.status).toBe("Pending");
    expect(payment).toMatchObject({ status: "Declined", approved: false, balances: { total_authorized: 0 } });
    expect(h.received.map((event) => event.type)).toEqual(["payment_context_approved", "payment_pending", "payment_declined"]);
    expect(h.received.at(-1)?.outcome.body).toEqual({ received: true, outcome: "applied" });
    expect(h.created).toEqual([]);
    expect(await h.store.unappliedEvents(payment.id)).toEqual([]);
  });

  it("captures at once when the payment request leaves out `capture` (its default is true)", async () => {
    const request = contextRequest();
    const autoCapture: Partial<typeof request> = { ...request };
    delete autoCapture.capture;
    const context = await openPaymentContext(h.client, autoCapture as typeof request, "context-auto");
    await authorizeAs(h, context.klarnaSessionId!, "customer@email.se");
    const accepted = await h.client.requestPayment(
      // The SDK insists on amount and currency (notes.md §3); `capture` is left out.
      { payment_context_id: context.contextId, processing_channel_id: CHANNEL, amount: request.amount, currency: request.currency } as Parameters<
        typeof h.client.requestPayment
      >[0],
      "auto-capture",
    );
    await advance(h, "2s");
    await advance(h, "2s");
    expect(await h.client.getPayment(accepted.id)).toMatchObject({ status: "Captured", balances: { total_captured: request.amount } });
    expect(h.received.map((event) => event.type)).toContain("payment_captured");
  });

  it("declines a payment requested more than 60 minutes after the context's approval", async () => {
    const request = contextRequest();
    const context = await openPaymentContext(h.client, request, "context-late");
    await authorizeAs(h, context.klarnaSessionId!, "customer@email.se");
    await advance(h, "61m");
    const accepted = await requestPaymentForContext(h.client, {
      contextId: context.contextId,
      contextCreatedAt: Date.now(),
      amount: request.amount,
      currency: request.currency,
      processingChannelId: CHANNEL,
      checkoutSessionId: "late",
    });
    expect(accepted.status).toBe("Pending");
    await advance(h, "2s");
    expect(await h.client.getPayment(accepted.id)).toMatchObject({ status: "Declined", approved: false });
    const [authorization] = await h.client.getPaymentActions(accepted.id);
    expect(authorization?.response_summary).toMatch(/60 minutes/);
  });

  it("a reused idempotency key gets the first answer back, whatever the second body says", async () => {
    const { context, accepted } = await pay();
    const again = await h.client.requestPayment(
      { payment_context_id: context.contextId, processing_channel_id: CHANNEL, amount: 1, currency: "SEK", reference: "other", capture: false },
      `payment-${context.contextId}`,
    );
    expect(again).toEqual(accepted);
  });
});

describe("the back office on a Checkout.com payment", () => {
  it("captures part NonFinal, then the rest Final; shows 'capture requested' until the webhook settles it", async () => {
    const { payment } = await pay();
    const first = await capturePayment(backOffice, payment.id, {
      amount: 100_000,
      final: false,
      shippingInfo: [{ shipping_company: "PostNord", shipping_method: "PickUpPoint", tracking_number: "PN123", tracking_uri: "https://track.example/PN123" }],
      idempotencyKey: "capture-1",
    });
    expect(first).toMatchObject({ ok: true, message: "Capture requested: 1000.00 SEK. Checkout.com confirms it shortly." });
    const [requested] = await h.store.actionsOf(payment.id);
    expect(describeAction(requested!, backOffice.formatMoney)).toBe("Capture of 1000.00 SEK: capture requested, waiting for Checkout.com");

    await advance(h, "2s");
    const [settled] = await h.store.actionsOf(payment.id);
    expect(describeAction(settled!, backOffice.formatMoney)).toBe("Capture of 1000.00 SEK: done");
    expect((await h.store.paymentState(payment.id))?.status).toBe("Partially Captured");
    expect((await h.client.getPayment(payment.id)).balances.available_to_capture).toBe(payment.amount - 100_000);

    const rest = payment.amount - 100_000;
    expect(await capturePayment(backOffice, payment.id, { amount: rest, final: true, idempotencyKey: "capture-2" })).toMatchObject({ ok: true });
    await advance(h, "2s");
    expect((await h.store.paymentState(payment.id))).toMatchObject({ status: "Captured", captured: payment.amount, availableToCapture: 0 });
    expect(h.received.map((event) => event.type)).toContain("payment_capture_pending");
    expect(h.received.filter((event) => event.type === "payment_captured")).toHaveLength(2);
  });

  it("a Final partial capture releases the rest: payment_voided follows and nothing more can be captured", async () => {
    const { payment } = await pay();
    await capturePayment(backOffice, payment.id, { amount: 50_000, final: true, idempotencyKey: "final-part" });
    await advance(h, "2s");
    expect(h.received.map((event) => event.type).slice(-2)).toEqual(["payment_captured", "payment_voided"]);
    expect(await capturePayment(backOffice, payment.id, { amount: 100, final: true, idempotencyKey: "after-final" })).toEqual({
      ok: false,
      message: "Nothing is left to capture on this payment (it is captured).",
    });
  });

  it("refunds part of a capture with its lines", async () => {
    const { payment, request } = await pay();
    await capturePayment(backOffice, payment.id, { amount: payment.amount, final: true, idempotencyKey: "all" });
    await advance(h, "2s");
    const stove = request.items[1]!;
    expect(await refundPayment(backOffice, payment.id, { amount: stove.total_amount, items: [stove], idempotencyKey: "refund-1" })).toMatchObject({ ok: true });
    await advance(h, "2s");
    expect(await h.store.paymentState(payment.id)).toMatchObject({ status: "Partially Refunded", refunded: stove.total_amount });
    expect(await refundPayment(backOffice, payment.id, { amount: payment.amount, idempotencyKey: "refund-2" })).toEqual({
      ok: false,
      message: `Only ${backOffice.formatMoney(payment.amount - stove.total_amount)} can still be refunded.`,
    });
  });

  it("voids before any capture, and refuses a void after a capture in words", async () => {
    const { payment } = await pay();
    expect(await voidPayment(backOffice, payment.id, { idempotencyKey: "void-1" })).toMatchObject({ ok: true });
    await advance(h, "2s");
    expect(await h.store.paymentState(payment.id)).toMatchObject({ status: "Voided" });
    expect((await checkoutComProvider(() => h.client).readPurchase(payment.id)).cancelledByProvider).toBe("The payment was voided at Checkout.com");

    const second = (await pay()).payment;
    await capturePayment(backOffice, second.id, { amount: 1_000, final: false, idempotencyKey: "c" });
    expect(await voidPayment(backOffice, second.id, { idempotencyKey: "void-2" })).toEqual({
      ok: false,
      message: "This payment has been captured, so it can no longer be voided. Refund it instead.",
    });
  });

  it("shows a capture the partner declined in plain words", async () => {
    const { payment } = await pay();
    await simFault(h, { target: "capture", mode: "decline", count: 1 });
    await capturePayment(backOffice, payment.id, { amount: 1_000, final: false, idempotencyKey: "declined" });
    await advance(h, "2s");
    const [action] = await h.store.actionsOf(payment.id);
    expect(describeAction(action!, backOffice.formatMoney)).toBe("Capture of 10.00 SEK: declined (Declined by the partner (fault injection))");
    expect(h.received.at(-1)?.type).toBe("payment_capture_declined");
  });

  it("checks amounts and tracking before asking Checkout.com", async () => {
    const { payment } = await pay();
    expect(await capturePayment(backOffice, payment.id, { amount: payment.amount + 1, final: true, idempotencyKey: "k" })).toEqual({
      ok: false,
      message: `Only ${backOffice.formatMoney(payment.amount)} can still be captured.`,
    });
    expect(await capturePayment(backOffice, payment.id, { amount: 0, final: true, idempotencyKey: "k" })).toMatchObject({ ok: false });
    expect(
      await capturePayment(backOffice, payment.id, { amount: 10, final: true, shippingInfo: [{ shipping_method: "Drone" }], idempotencyKey: "k" }),
    ).toEqual({ ok: false, message: '"Drone" is not one of Klarna\'s shipping methods.' });
    const many = Array.from({ length: 501 }, () => ({ tracking_number: "1" }));
    expect(await capturePayment(backOffice, payment.id, { amount: 10, final: true, shippingInfo: many, idempotencyKey: "k" })).toMatchObject({ ok: false });
    expect(await h.client.getPaymentActions(payment.id)).toHaveLength(1);
  });

  it("a double click captures once: the same idempotency key replays the first answer", async () => {
    const { payment } = await pay();
    const [a, b] = await Promise.all([
      capturePayment(backOffice, payment.id, { amount: 1_000, final: false, idempotencyKey: "double" }),
      capturePayment(backOffice, payment.id, { amount: 1_000, final: false, idempotencyKey: "double" }),
    ]);
    const ok = [a, b].filter((result) => result.ok);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    const captures = (await h.client.getPaymentActions(payment.id)).filter((action) => action.type === "Capture");
    expect(captures).toHaveLength(1);
  });
});
