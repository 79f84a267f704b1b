import { createHmac } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { captureNetworkAction, refundNetworkAction } from "@/components/admin/klarna-network/actions";
import { db } from "@/db";
import { cartItems, orders, webhookEvents } from "@/db/schema";
import { deriveOrderStatus } from "@/lib/admin/order-status";
import { findOrderByReference } from "@/lib/orders/order-store";
import { readTransactionSummary, captureTransaction, refundTransaction, voidTransaction } from "@/lib/payments/klarna-network/back-office";
import { applyPendingWebhooks, MESSAGES, returnFromJourney, settleCheckout, startPayment, type CheckoutOutcome } from "@/lib/payments/klarna-network/checkout";
import { networkClient } from "@/lib/payments/klarna-network/settings";
import { reconcileNetworkCheckouts } from "@/lib/payments/klarna-network/reconcile";
import { findNetworkCheckout, networkRequests, recordRequest, removeWallet } from "@/lib/payments/klarna-network/storage";
import { MARKETS } from "@/lib/pricing/markets";
import { cartWith, stockBySlug } from "./support/klarna-orders";
import { completeJourney, klarnaNetworkForFile, settleWebhooks, type NetworkWorld } from "./support/klarna-network";

// The back office's actions, signed in (their session check has its own tests).
vi.mock("@/lib/admin/session", () => ({ currentMerchant: vi.fn(async () => ({ id: 1, email: "merchant@example.com" })) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const network = klarnaNetworkForFile("merchant");
let world: NetworkWorld;
beforeAll(() => {
  world = network();
});

const SE = MARKETS.SE;

function redirectOf(outcome: Awaited<ReturnType<typeof startPayment>>): string {
  if (outcome.status !== "redirect") throw new Error(`expected a redirect, got ${JSON.stringify(outcome)}`);
  return outcome.url;
}

async function checkoutFor(slug: string, quantity = 1, remember = false) {
  const cartId = await cartWith([{ slug, quantity }]);
  const started = await startPayment({ cartId, market: SE, remember });
  const url = redirectOf(started);
  const checkoutId = (await db().query.checkoutSessions.findFirst({ where: (s, { eq }) => eq(s.cartId, cartId) }))!.id;
  return { cartId, url, checkoutId };
}

const paidOrder = (outcome: CheckoutOutcome) => {
  if (outcome.status !== "paid") throw new Error(`expected paid, got ${JSON.stringify(outcome)}`);
  return outcome;
};

async function simTransactions() {
  return (await world.control("GET", "/_sim/klarna-network/transactions")).body.payment_transactions as Record<string, unknown>[];
}

describe("Klarna payment requests, merchant role", () => {
  it("sends the shopper to Klarna's journey, then the webhook confirms: one transaction, one order, stock and cart once", async () => {
    const before = (await stockBySlug(["titanium-mug-450"])).get("titanium-mug-450")!;
    const { cartId, url, checkoutId } = await checkoutFor("titanium-mug-450", 2);
    expect(url).toContain("/klarna-network/pay/");
    await completeJourney(world, url);

    const checkout = await findNetworkCheckout(checkoutId);
    expect(checkout).toMatchObject({ state: "paid" });
    // The checkout is stored as the payment request's own, never as a Klarna Payments session.
    expect(await db().query.checkoutSessions.findFirst({ where: (s, { eq }) => eq(s.id, checkoutId) })).toMatchObject({ provider: "klarna-network" });
    const order = await findOrderByReference("klarna-network", checkout!.transactionId!);
    expect(order).toMatchObject({ status: "acknowledged", currency: "SEK", checkoutSessionId: checkoutId });
    // The shopper's return afterwards confirms the same token again: the same transaction, no second order.
    const returned = paidOrder(await settleCheckout(checkoutId, "confirmation"));
    expect(returned.transactionId).toBe(checkout!.transactionId);
    expect(returned.order?.id).toBe(order!.id);

    const transactions = (await simTransactions()).filter((t) => t.payment_transaction_reference === checkoutId);
    expect(transactions).toHaveLength(1);
    expect(transactions[0]!.amount).toBe(order!.orderAmount);
    expect((await stockBySlug(["titanium-mug-450"])).get("titanium-mug-450")).toBe(before - 2);
    expect(await db().select().from(cartItems).where(eq(cartItems.cartId, cartId))).toHaveLength(0);
    expect(world.webhookAnswers.every((status) => status === 200)).toBe(true);
  });

  it("confirms once when the return, the webhook and reconcile race", async () => {
    await world.control("POST", "/_sim/klarna-network/faults", { kind: "webhook", mode: "late", delay_ms: 60_000, count: 10 });
    const { url, checkoutId } = await checkoutFor("merino-base-layer");
    await completeJourney(world, url);
    const results = await Promise.all([
      settleCheckout(checkoutId, "confirmation"),
      settleCheckout(checkoutId, "reconcile"),
      settleCheckout(checkoutId, "confirmation"),
    ]);
    const ids = new Set(results.map((result) => paidOrder(result).transactionId));
    expect(ids.size).toBe(1);
    await world.sim.clock.advance("2m");
    await settleWebhooks(world);
    await world.control("DELETE", "/_sim/klarna-network/faults");
    expect((await simTransactions()).filter((t) => t.payment_transaction_reference === checkoutId)).toHaveLength(1);
    const [transactionId] = [...ids];
    expect(await db().select().from(orders).where(eq(orders.providerReference, transactionId!))).toHaveLength(1);
  });

  it("converges when webhooks are duplicated and reordered", async () => {
    await world.control("POST", "/_sim/klarna-network/faults", { kind: "webhook", mode: "duplicate", count: 20 });
    const first = await checkoutFor("hiking-wool-socks");
    await completeJourney(world, first.url);
    await world.control("DELETE", "/_sim/klarna-network/faults");
    await world.control("POST", "/_sim/klarna-network/faults", { kind: "webhook", mode: "reorder", count: 1 });
    const second = await checkoutFor("packable-sun-hat");
    await completeJourney(world, second.url);
    await world.sim.clock.advance("2m");
    await settleWebhooks(world);
    for (const { checkoutId } of [first, second]) {
      const checkout = await findNetworkCheckout(checkoutId);
      expect(checkout?.state).toBe("paid");
      expect(await db().select().from(orders).where(eq(orders.checkoutSessionId, checkoutId))).toHaveLength(1);
      expect((await simTransactions()).filter((t) => t.payment_transaction_reference === checkoutId)).toHaveLength(1);
    }
  });

  it("keeps an event for a request it does not know yet and applies it once the request is recorded", async () => {
    await world.control("POST", "/_sim/klarna-network/faults", { kind: "webhook", mode: "drop", count: 50 });
    const { url, checkoutId } = await checkoutFor("titanium-mug-450");
    const checkout = await findNetworkCheckout(checkoutId);
    const requestId = checkout!.paymentRequestId!;
    // As if Klarna's webhook overtook the store recording the request.
    await db().delete(networkRequests).where(eq(networkRequests.paymentRequestId, requestId));
    await completeJourney(world, url);
    await world.control("DELETE", "/_sim/klarna-network/faults");
    const deliveries = (await world.control("GET", `/_sim/klarna-network/requests/${encodeURIComponent(requestId)}`)).body.deliveries as { event: unknown; event_type: string }[];
    const authorized = deliveries.find((delivery) => delivery.event_type === "payment.request.state-change.authorized")!;
    const body = JSON.stringify(authorized.event);
    const { POST } = await import("@/app/api/klarna/webhooks/route");
    const answer = await POST(signed(body));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ outcome: "kept" });
    expect((await findNetworkCheckout(checkoutId))?.state).toBe("open");

    await recordRequest(requestId, checkoutId);
    await applyPendingWebhooks(requestId);
    expect((await findNetworkCheckout(checkoutId))?.state).toBe("paid");
    // The event posted above, by its id: the request's other events (the transaction's) may be in flight meanwhile.
    const eventId = (authorized.event as { metadata: { event_id: string } }).metadata.event_id;
    const [event] = await db()
      .select()
      .from(webhookEvents)
      .where(and(eq(webhookEvents.provider, "klarna-network"), eq(webhookEvents.eventId, eventId)));
    expect(event?.subjectReference).toBe(requestId);
    expect(event?.appliedAt).not.toBeNull();
  });

  it("refuses a forged webhook with 401 and writes nothing", async () => {
    const before = (await db().select().from(webhookEvents)).length;
    const body = JSON.stringify({
      metadata: { event_type: "payment.request.state-change.authorized", event_id: "0f5e1b7e-0000-4000-8000-00000000f00d", occurred_at: new Date().toISOString() },
      payload: { payment_request_id: "krn:payment:eu1:request:forged", payment_confirmation_token: "kct_forged" },
    });
    const { POST } = await import("@/app/api/klarna/webhooks/route");
    const forged = await POST(signed(body, "not-the-secret"));
    expect(forged.status).toBe(401);
    const unknownKey = await POST(signed(body, "simulator-test-signing-key-0001", "krn:partner:global:notification:signing-key:other"));
    expect(unknownKey.status).toBe(401);
    const unsigned = await POST(new Request("http://store/api/klarna/webhooks", { method: "POST", body, headers: { "Content-Type": "application/json" } }));
    expect(unsigned.status).toBe(401);
    expect(await db().select().from(webhookEvents)).toHaveLength(before);
  });

  it("says plainly when the 60-minute token expired: nothing charged, and the shopper can pay again", async () => {
    await world.control("POST", "/_sim/klarna-network/faults", { kind: "webhook", mode: "drop", count: 50 });
    const { cartId, url, checkoutId } = await checkoutFor("fjell-down-jacket");
    await completeJourney(world, url);
    await world.sim.clock.advance("61m");
    await world.control("DELETE", "/_sim/klarna-network/faults");
    const outcome = await settleCheckout(checkoutId, "confirmation");
    expect(outcome).toEqual({ status: "expired", message: MESSAGES.expired });
    expect((await simTransactions()).filter((t) => t.payment_transaction_reference === checkoutId)).toHaveLength(0);
    expect(await db().select().from(orders).where(eq(orders.checkoutSessionId, checkoutId))).toHaveLength(0);
    const again = await startPayment({ cartId, market: SE, remember: false });
    expect(again.status).toBe("redirect");
  });

  it("confirms in reconcile a journey whose webhook and return were both lost", async () => {
    await world.control("POST", "/_sim/klarna-network/faults", { kind: "webhook", mode: "drop", count: 50 });
    const { url, checkoutId } = await checkoutFor("merino-base-layer");
    await completeJourney(world, url);
    await world.control("DELETE", "/_sim/klarna-network/faults");
    expect((await findNetworkCheckout(checkoutId))?.state).toBe("open");
    expect(await reconcileNetworkCheckouts()).toBeGreaterThanOrEqual(1);
    expect((await findNetworkCheckout(checkoutId))?.state).toBe("paid");
    expect(await db().select().from(orders).where(eq(orders.checkoutSessionId, checkoutId))).toHaveLength(1);
  });

  it("tells a declined shopper so and lets them try again", async () => {
    const { cartId, url, checkoutId } = await checkoutFor("merino-base-layer");
    await completeJourney(world, url, "customer+denied@email.se");
    expect(await settleCheckout(checkoutId, "confirmation")).toEqual({ status: "declined", message: MESSAGES.declined });
    expect((await startPayment({ cartId, market: SE, remember: false })).status).toBe("redirect");
  });

  it("charges a returning shopper's customer token server-side, and forgets it when removed", async () => {
    const { url, checkoutId } = await checkoutFor("hiking-wool-socks", 1, true);
    await completeJourney(world, url);
    const walletId = (await findNetworkCheckout(checkoutId))?.walletId;
    expect(walletId).toMatch(/^[A-Za-z0-9_-]{32}$/);

    const cartId = await cartWith([{ slug: "packable-sun-hat", quantity: 1 }]);
    const charged = paidOrder((await startPayment({ cartId, market: SE, remember: false, walletId: walletId! })) as CheckoutOutcome);
    expect(charged.order).toMatchObject({ status: "acknowledged", email: "customer@email.se" });

    await removeWallet(walletId!);
    const afterRemoval = await startPayment({ cartId: await cartWith([{ slug: "packable-sun-hat", quantity: 1 }]), market: SE, remember: false, walletId: walletId! });
    expect(afterRemoval.status).toBe("redirect");
  });
});

describe("Klarna payment requests, merchant role: the confirmation-token revision and abandoned requests", () => {
  const simRequest = async (id: string) => (await world.control("GET", `/_sim/klarna-network/requests/${encodeURIComponent(id)}`)).body;

  it("creates the request with that revision's fields: payment_amount, payment_reference, merchant_reference, config.redirect_url", async () => {
    const { url, checkoutId } = await checkoutFor("titanium-mug-450");
    const checkout = await findNetworkCheckout(checkoutId);
    const read = (
      await world.control("GET", `/klarna-network/v2/accounts/${encodeURIComponent(networkClient().accountId)}/payment/requests/${encodeURIComponent(checkout!.paymentRequestId!)}`)
    ).body;
    const session = await db().query.checkoutSessions.findFirst({ where: (row, { eq }) => eq(row.id, checkoutId) });
    expect(read).toMatchObject({
      state: "SUBMITTED",
      currency: "SEK",
      payment_amount: session!.order.order_amount,
      payment_reference: checkoutId,
      merchant_reference: session!.orderNumber,
    });
    expect(String((read.config as { redirect_url: string }).redirect_url)).toContain("/api/klarna-network/return?checkout=");
    expect(url).toBe((read.state_context as { payment_distribution: { url: string } }).payment_distribution.url);
  });

  it("cancels the request of a shopper who came back without finishing, and says so", async () => {
    const { checkoutId } = await checkoutFor("merino-base-layer");
    const id = (await findNetworkCheckout(checkoutId))!.paymentRequestId!;
    expect(await returnFromJourney(checkoutId)).toEqual({ status: "open", url: null });
    expect(await simRequest(id)).toMatchObject({ state: "CANCELED", state_reason: "PARTNER_CANCELED" });
    expect((await findNetworkCheckout(checkoutId))?.state).toBe("canceled");
    expect(await db().select().from(orders).where(eq(orders.checkoutSessionId, checkoutId))).toHaveLength(0);
  });

  it("cancels the earlier open request when the shopper starts a new checkout for the same cart", async () => {
    const { cartId, checkoutId } = await checkoutFor("hiking-wool-socks");
    const first = (await findNetworkCheckout(checkoutId))!.paymentRequestId!;
    expect((await startPayment({ cartId, market: SE, remember: false })).status).toBe("redirect");
    expect((await simRequest(first)).state).toBe("CANCELED");
    expect((await findNetworkCheckout(checkoutId))?.state).toBe("canceled");
  });

  it("leaves a finished journey alone when superseded: it is confirmed, not cancelled", async () => {
    await world.control("POST", "/_sim/klarna-network/faults", { kind: "webhook", mode: "drop", count: 50 });
    const { cartId, url, checkoutId } = await checkoutFor("packable-sun-hat");
    await completeJourney(world, url);
    await world.control("DELETE", "/_sim/klarna-network/faults");
    const first = (await findNetworkCheckout(checkoutId))!.paymentRequestId!;
    await startPayment({ cartId, market: SE, remember: false }).catch(() => undefined);
    expect((await simRequest(first)).state).toBe("PENDING_CONFIRMATION");
    paidOrder(await settleCheckout(checkoutId, "confirmation"));
  });

  it("acknowledges a webhook whose confirm Klarna refuses for good, instead of asking for it again for ever", async () => {
    await world.control("POST", "/_sim/klarna-network/faults", { kind: "webhook", mode: "drop", count: 50 });
    const { url, checkoutId } = await checkoutFor("fjell-down-jacket");
    await completeJourney(world, url);
    await world.control("DELETE", "/_sim/klarna-network/faults");
    // The cart's order changed behind Klarna's back: the approved amount no longer matches, a 400 every time.
    const session = await db().query.checkoutSessions.findFirst({ where: (row, { eq }) => eq(row.id, checkoutId) });
    const { checkoutSessions } = await import("@/db/schema");
    await db()
      .update(checkoutSessions)
      .set({ order: { ...session!.order, order_amount: session!.order.order_amount + 1 } })
      .where(eq(checkoutSessions.id, checkoutId));
    const outcome = await settleCheckout(checkoutId, "webhook");
    expect(outcome).toMatchObject({ status: "unavailable", retryable: false });
    expect((await simTransactions()).filter((t) => t.payment_transaction_reference === checkoutId)).toHaveLength(0);
  });

  it("takes the transaction from a CONFIRMED request when the confirm's own answer was lost", async () => {
    await world.control("POST", "/_sim/klarna-network/faults", { kind: "webhook", mode: "drop", count: 50 });
    const { url, checkoutId } = await checkoutFor("merino-base-layer");
    const { request } = await completeJourney(world, url);
    await world.control("DELETE", "/_sim/klarna-network/faults");
    const token = String((request.state_context as { payment_confirmation_token: string }).payment_confirmation_token);
    const session = await db().query.checkoutSessions.findFirst({ where: (row, { eq }) => eq(row.id, checkoutId) });
    // The store's confirm reached Klarna, but its answer never came back.
    const confirmed = await world.control(
      "POST",
      `/klarna-network/v2/accounts/${encodeURIComponent(networkClient().accountId)}/payment/confirmation-tokens/${encodeURIComponent(token)}/confirm`,
      { currency: "SEK", payment_amount: session!.order.order_amount, payment_transaction_reference: checkoutId },
    );
    const transactionId = String((confirmed.body.state_context as { payment_transaction_id: string }).payment_transaction_id);
    const outcome = paidOrder(await settleCheckout(checkoutId, "reconcile"));
    expect(outcome.transactionId).toBe(transactionId);
    expect((await simTransactions()).filter((t) => t.payment_transaction_reference === checkoutId)).toHaveLength(1);
  });

  it("recognises expiry from the request after Klarna refuses the confirm: EXPIRED, not an outage", async () => {
    await world.control("POST", "/_sim/klarna-network/faults", { kind: "webhook", mode: "drop", count: 50 });
    const { url, checkoutId } = await checkoutFor("titanium-mug-450");
    const { request } = await completeJourney(world, url);
    const token = String((request.state_context as { payment_confirmation_token: string }).payment_confirmation_token);
    await world.sim.clock.advance("61m");
    await world.control("DELETE", "/_sim/klarna-network/faults");
    // A webhook carrying the old token: the confirm is refused (403), and the request read says EXPIRED.
    const client = networkClient();
    const refused = await client.confirm(token, { currency: "SEK", payment_amount: 1, payment_transaction_reference: checkoutId }, { idempotencyKey: "k-expired" }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 403 });
    expect(await settleCheckout(checkoutId, "webhook", { token })).toEqual({ status: "expired", message: MESSAGES.expired });
  });
});

describe("Klarna payment transactions in the back office", () => {
  async function paidTransaction(slug = "ridgeline-daypack-28l") {
    const { url, checkoutId } = await checkoutFor(slug);
    await completeJourney(world, url);
    return (await findNetworkCheckout(checkoutId))!.transactionId!;
  }

  async function simView(id: string) {
    return (await world.control("GET", `/_sim/klarna-network/transactions/${encodeURIComponent(id)}`)).body;
  }

  it("captures in part with tracking, refunds by capture and with lines, voids the rest: amounts agree with Klarna's", async () => {
    const id = await paidTransaction();
    const start = await readTransactionSummary(id);
    expect(start).toMatchObject({ state: "AUTHORIZED", captured: 0, capturable: start.amount });
    const part = Math.floor(start.amount / 2);
    expect(await captureTransaction(id, { amount: part, tracking: { number: "TRK-1", carrier: "PostNord", url: "https://track.example/TRK-1" } }, `cap-${id}`)).toEqual({ ok: true, message: "Captured." });
    // The same key again (a double click) captures once.
    await captureTransaction(id, { amount: part }, `cap-${id}`);
    const captured = await readTransactionSummary(id);
    expect(captured.captured).toBe(part);
    const captureId = captured.captures[0]!.id;
    expect(await refundTransaction(id, { amount: 100, captureId }, `ref-${id}-1`)).toMatchObject({ ok: true });
    expect(await refundTransaction(id, { amount: 50 }, `ref-${id}-2`)).toEqual({ ok: false, message: "A refund that is not against one capture needs the lines refunded." });
    expect(await refundTransaction(id, { amount: 50, lines: [{ name: "Goodwill", quantity: 1, unit_price: 50, total_amount: 50 }] }, `ref-${id}-3`)).toMatchObject({ ok: true });
    expect(await voidTransaction(id, `void-${id}`)).toEqual({ ok: true, message: "The rest of the authorization was released." });
    const end = await readTransactionSummary(id);
    const klarna = await simView(id);
    expect(end).toMatchObject({ state: "COMPLETED", captured: part, refunded: 150, capturable: 0 });
    expect(klarna).toMatchObject({ state: "COMPLETED", captured_amount: part, refunded_amount: 150 });
    expect(await captureTransaction(id, { amount: 1 }, `cap-${id}-2`)).toMatchObject({ ok: false, message: expect.stringMatching(/Nothing is left to authorize/) });
  });

  it("a capture and a refund reported by webhook reach the order row the back office's list and reconcile read", async () => {
    const id = await paidTransaction("titanium-mug-450");
    const row = async () => (await findOrderByReference("klarna-network", id))!;
    expect(await row()).toMatchObject({ status: "acknowledged", capturedAmount: 0 });
    const amount = (await row()).orderAmount;
    // Captured and refunded outside this store's back office: only payment.transaction.* webhooks tell.
    await networkClient().capture(id, { capture_amount: amount }, { idempotencyKey: `raw-cap-${id}` });
    await settleWebhooks(world);
    expect(await row()).toMatchObject({ capturedAmount: amount, refundedAmount: 0 });
    expect(deriveOrderStatus(await row())).toBe("captured");
    const captureId = (await readTransactionSummary(id)).captures[0]!.id;
    await networkClient().refund(id, { refund_amount: amount }, { idempotencyKey: `raw-ref-${id}`, captureId });
    await settleWebhooks(world);
    expect(await row()).toMatchObject({ capturedAmount: amount, refundedAmount: amount });
    expect(deriveOrderStatus(await row())).toBe("refunded");
  });

  function form(fields: Record<string, string>): FormData {
    const data = new FormData();
    for (const [name, value] of Object.entries(fields)) data.set(name, value);
    return data;
  }

  it("a capture and a refund made in the back office reach the order row the list reads: Captured, then Refunded", async () => {
    const id = await paidTransaction("titanium-mug-450");
    const row = async () => (await findOrderByReference("klarna-network", id))!;
    const amount = (await row()).orderAmount;
    const major = (amount / 100).toFixed(2);
    // No webhook is let out (the simulator's clock stands still): only the back office's own action tells the row.
    const captured = await captureNetworkAction(null, form({ transactionId: id, idempotencyKey: crypto.randomUUID(), amount: major }));
    expect(captured).toEqual({ ok: true, message: "Captured." });
    expect(await row()).toMatchObject({ capturedAmount: amount, refundedAmount: 0, providerStatus: "COMPLETED" });
    expect(deriveOrderStatus(await row())).toBe("captured");
    const captureId = (await readTransactionSummary(id)).captures[0]!.id;
    const refunded = await refundNetworkAction(null, form({ transactionId: id, idempotencyKey: crypto.randomUUID(), captureId, amount: major }));
    expect(refunded).toEqual({ ok: true, message: "Refunded." });
    expect(await row()).toMatchObject({ capturedAmount: amount, refundedAmount: amount });
    expect(deriveOrderStatus(await row())).toBe("refunded");
  });

  it("after a refund by lines, each capture offers only what the payment still has to refund", async () => {
    const id = await paidTransaction("ridgeline-daypack-28l");
    const { amount } = await readTransactionSummary(id);
    const first = Math.floor(amount / 2);
    await captureTransaction(id, { amount: first }, `lines-cap1-${id}`);
    await captureTransaction(id, { amount: amount - first }, `lines-cap2-${id}`);
    const goodwill = first + 100;
    expect(await refundTransaction(id, { amount: goodwill, lines: [{ name: "Return", quantity: 1, unit_price: goodwill, total_amount: goodwill }] }, `lines-ref-${id}`)).toMatchObject({ ok: true });
    const summary = await readTransactionSummary(id);
    expect(summary.refundable).toBe(amount - goodwill);
    // Neither capture was named by the refund, but neither can give back more than what is left of the payment.
    expect(summary.captures.map((capture) => capture.refundable)).toEqual([Math.min(first, amount - goodwill), Math.min(amount - first, amount - goodwill)]);
    expect(Math.max(...summary.captures.map((capture) => capture.refundable))).toBeLessThanOrEqual(summary.refundable);
  });

  it("refuses in words what Klarna would refuse: above what remains, past 200 captures, after expiry and when closed", async () => {
    const id = await paidTransaction("titanium-mug-450");
    const summary = await readTransactionSummary(id);
    expect(await captureTransaction(id, { amount: summary.amount + 1 }, `over-${id}`)).toEqual({ ok: false, message: `At most ${new Intl.NumberFormat("sv-SE", { style: "currency", currency: "SEK" }).format(summary.amount / 100)} is left to capture.` });
    for (let index = 0; index < 200; index += 1) await networkClient().capture(id, { capture_amount: 1 }, { idempotencyKey: `bulk-${id}-${index}` });
    expect(await captureTransaction(id, { amount: 1 }, `limit-${id}`)).toEqual({ ok: false, message: "Klarna allows at most 200 captures on one payment; this one has them all." });

    const later = await paidTransaction("merino-base-layer");
    await world.sim.clock.advance("28d");
    expect((await readTransactionSummary(later)).state).toBe("EXPIRED");
    expect(await captureTransaction(later, { amount: 1 }, `expired-${later}`)).toMatchObject({ ok: false, message: expect.stringMatching(/^The authorization expired on \d{4}-\d{2}-\d{2}/) });
    await world.sim.clock.advance("7d");
    expect((await readTransactionSummary(later)).state).toBe("CLOSED");
    expect(await refundTransaction(later, { amount: 1 }, `closed-${later}`)).toEqual({ ok: false, message: "The payment is closed at Klarna: nothing can be refunded any more." });
   }, 90_000); // 200 real captures over HTTP
});

function signed(body: string, secret = "simulator-test-signing-key-0001", keyId = "krn:partner:global:notification:signing-key:00000000-0000-4000-8000-000000000001") {
  return new Request("http://store/api/klarna/webhooks", {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "Klarna-Signature": createHmac("sha256", secret).update(body).digest("hex"),
      "Klarna-Signing-Key-Id": keyId,
    },
  });
}
