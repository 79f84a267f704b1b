import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { cartItemsOf } from "@/lib/cart/cart-store";
import { configureBackgroundDrain, drainSettled, emailsOfOrder } from "@/lib/email/outbox";
import {
  appendOrderEvent,
  claimSettlement,
  findOrderById,
  findOrderByKlarnaId,
  findOrderByReference,
  insertOrderOnce,
  markAcknowledged,
  markAcknowledgedWithEvent,
  markCancelled,
  markCancelledAfterAcknowledgement,
  markCancelledWithEvent,
  orderEventsOf,
  recordProviderChanges,
  releaseSettlement,
  settlementStaleAfterMs,
  type OrderEventInput,
  type StoreOrder,
} from "@/lib/orders/order-store";
import { db } from "@/db";
import { orderEvents } from "@/db/schema";
import { newOrder, SOCKS } from "../../support/new-order";
import { cartWith, productBySlug } from "../validation/support";


describe("insertOrderOnce", () => {
  it("creates one order per (provider, reference) however many callers race, and takes its stock once", async () => {
    const socks = await productBySlug("hiking-wool-socks");
    expect(SOCKS.reference).toBe(socks.sku);
    const order = newOrder({ klarnaOrderId: randomUUID() });
    const results = await Promise.all(Array.from({ length: 12 }, () => insertOrderOnce(order)));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.order.id)).size).toBe(1);
    expect((await productBySlug("hiking-wool-socks")).stock).toBe(socks.stock - 2);
    expect(await findOrderByReference("klarna-payments", order.providerReference)).toMatchObject({
      provider: "klarna-payments",
      providerReference: order.providerReference,
      klarnaOrderId: order.klarnaOrderId,
    });
    expect((await findOrderByKlarnaId(order.klarnaOrderId!))?.id).toBe(results[0]!.order.id);
  });

  it("keeps the same reference under two providers apart: they are two purchases", async () => {
    const reference = `pay_${randomUUID()}`;
    const first = await insertOrderOnce(newOrder({ provider: "checkout-com", providerReference: reference }));
    const second = await insertOrderOnce(newOrder({ provider: "klarna-network", providerReference: reference }));
    expect([first.created, second.created]).toEqual([true, true]);
    expect(first.order.id).not.toBe(second.order.id);
    expect((await findOrderByReference("checkout-com", reference))?.id).toBe(first.order.id);
    expect((await findOrderByReference("klarna-network", reference))?.id).toBe(second.order.id);
    expect(await findOrderByReference("kustom", reference)).toBeNull();
  });

  it("stores purchases without a Klarna order id side by side (the column is unique only where set)", async () => {
    const orders = await Promise.all(
      Array.from({ length: 3 }, () => insertOrderOnce(newOrder({ provider: "klarna-network", klarnaOrderId: null }))),
    );
    expect(orders.every((result) => result.created && result.order.klarnaOrderId === null)).toBe(true);
    expect(new Set(orders.map((result) => result.order.orderNumber)).size).toBe(3);
  });

  it("takes nothing when a line is short of stock: names the short lines, keeps the cart, and stock never goes below zero", async () => {
    const socks = await productBySlug("hiking-wool-socks");
    const mug = await productBySlug("titanium-mug-450");
    const cartId = await cartWith([{ slug: "hiking-wool-socks", quantity: 2 }]);
    const tooManyMugs = { ...SOCKS, reference: mug.sku, name: "Titanium mug", quantity: mug.stock + 1 };
    const result = await insertOrderOnce(newOrder({ cartId, lines: [SOCKS, tooManyMugs] }));
    expect(result.created).toBe(true);
    expect(result.order.unfulfillableReason).toBe("Not enough stock for: Titanium mug");
    expect((await productBySlug("hiking-wool-socks")).stock).toBe(socks.stock);
    expect((await productBySlug("titanium-mug-450")).stock).toBe(mug.stock);
    expect(await cartItemsOf(cartId)).toHaveLength(1);
  });

  it("takes stock by SKU: two lines of one product that fit one by one but not together are short", async () => {
    const mug = await productBySlug("titanium-mug-450");
    const half = { ...SOCKS, reference: mug.sku, name: "Titanium mug", quantity: Math.ceil((mug.stock + 1) / 2) };
    const result = await insertOrderOnce(newOrder({ lines: [half, half] }));
    expect(result.order.unfulfillableReason).toBe("Not enough stock for: Titanium mug");
    expect((await productBySlug("titanium-mug-450")).stock).toBe(mug.stock);
  });

  it("gives the creator, and only the creator, the settlement claim, and records created once and existing for the others", async () => {
    const order = newOrder();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => insertOrderOnce(order, { claimToken: randomUUID(), event: { source: "push", latencyMs: 3 } })),
    );
    const creators = results.filter((result) => result.created);
    expect(creators).toHaveLength(1);
    expect(creators[0]!.claim).toEqual(creators[0]!.order.ackClaimToken);
    expect(results.filter((result) => !result.created).every((result) => result.claim === null)).toBe(true);
    // The claim is held: no one else may settle the order until it goes stale.
    expect(await claimSettlement(creators[0]!.order.id)).toBeNull();
    const outcomes = (await orderEventsOf(order.providerReference)).map((event) => event.outcome).sort();
    expect(outcomes).toEqual(["created", "existing", "existing", "existing", "existing", "existing"]);
  });

  it("clears the cart of the order it creates, and of no other", async () => {
    const cartId = await cartWith([{ slug: "hiking-wool-socks", quantity: 2 }]);
    const otherCart = await cartWith([{ slug: "hiking-wool-socks", quantity: 1 }]);
    await insertOrderOnce(newOrder({ cartId }));
    expect(await cartItemsOf(cartId)).toEqual([]);
    expect(await cartItemsOf(otherCart)).toHaveLength(1);
  });
});

describe("settlement claims", () => {
  async function pendingOrderId(): Promise<number> {
    return (await insertOrderOnce(newOrder({ refusal: "test: takes no stock" }))).order.id;
  }

  it("outlive the longest Klarna calls they guard: an acknowledgement and its retry", () => {
    // KLARNA_TIMEOUT_MS may be 60 s: a claim taken over after 30 s let a second caller settle the order at once.
    expect(settlementStaleAfterMs(60_000)).toBeGreaterThan(2 * 60_000);
    expect(settlementStaleAfterMs(10_000)).toBeGreaterThan(2 * 10_000);
  });

  it("let one caller at a time through, until the claim goes stale", async () => {
    const id = await pendingOrderId();
    const now = 1_800_000_000_000;
    const staleAfterMs = settlementStaleAfterMs(60_000);
    const claims = await Promise.all(Array.from({ length: 5 }, () => claimSettlement(id, { now, staleAfterMs })));
    expect(claims.filter((claim) => claim !== null)).toHaveLength(1);
    // Still held while the first caller may be waiting for Klarna's answer.
    expect(await claimSettlement(id, { now: now + 60_000, staleAfterMs })).toBeNull();
    expect(await claimSettlement(id, { now: now + staleAfterMs - 1, staleAfterMs })).toBeNull();
    expect(await claimSettlement(id, { now: now + staleAfterMs + 1, staleAfterMs })).toEqual(expect.any(String));
  });

  it("are released only by their holder: a caller whose claim was taken over cannot free the new holder's", async () => {
    const id = await pendingOrderId();
    const now = 1_800_000_000_000;
    const staleAfterMs = 1_000;
    const first = await claimSettlement(id, { now, staleAfterMs });
    const second = await claimSettlement(id, { now: now + 2_000, staleAfterMs });
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(await releaseSettlement(id, first!)).toBe(false);
    // The second holder still has it.
    expect(await claimSettlement(id, { now: now + 2_500, staleAfterMs })).toBeNull();
    expect(await releaseSettlement(id, second!)).toBe(true);
    expect(await claimSettlement(id, { now: now + 2_500, staleAfterMs })).toEqual(expect.any(String));
  });
});

describe("a cancellation", () => {
  it("returns the stock its order took once, however many callers cancel it at once", async () => {
    const socks = await productBySlug("hiking-wool-socks");
    const { order } = await insertOrderOnce(newOrder({ lines: [SOCKS, { ...SOCKS, quantity: 1 }] }));
    expect((await productBySlug("hiking-wool-socks")).stock).toBe(socks.stock - 3);
    const cancelled = await Promise.all(Array.from({ length: 5 }, () => markCancelled(order.id, "test")));
    expect(cancelled.filter((row) => row !== null)).toHaveLength(1);
    expect(cancelled.find((row) => row !== null)).toMatchObject({ status: "cancelled", cancelReason: "test" });
    expect((await productBySlug("hiking-wool-socks")).stock).toBe(socks.stock);
  });

  it("of an order that took no stock returns none", async () => {
    const socks = await productBySlug("hiking-wool-socks");
    const { order } = await insertOrderOnce(newOrder({ refusal: "test: takes no stock" }));
    expect(await markCancelled(order.id, "test")).toMatchObject({ status: "cancelled" });
    expect((await productBySlug("hiking-wool-socks")).stock).toBe(socks.stock);
  });
});

describe("a settle batch (a guarded marking, its event row and the shopper's email in one write)", () => {
  // The emails a batch hands off are sent by a fake mail server, never SMTP.
  configureBackgroundDrain({ send: async () => {} });

  const settledEvent = (order: StoreOrder, action: "acknowledge" | "cancel"): OrderEventInput => ({
    providerReference: order.providerReference,
    provider: order.provider,
    source: "push",
    action,
    outcome: action === "acknowledge" ? "acknowledged" : "cancelled",
    detail: action === "cancel" ? "test: cancelled" : null,
    latencyMs: 5,
  });

  /** A pending order with an address, under the settlement claim finalize holds while it settles it at the provider. */
  async function claimedPendingOrder(): Promise<StoreOrder> {
    const { order, claim } = await insertOrderOnce(newOrder(), { claimToken: randomUUID() });
    expect(claim).not.toBeNull();
    expect(order).toMatchObject({ status: "pending", email: "customer@email.se" });
    return order;
  }

  async function written(order: StoreOrder) {
    await drainSettled();
    const events = (await orderEventsOf(order.providerReference)).map((event) => `${event.action}:${event.outcome}`);
    const emails = (await emailsOfOrder(order.id)).map((email) => email.kind);
    return { events, emails };
  }

  it("acknowledges a pending order, with its event row and the confirmation email", async () => {
    const order = await claimedPendingOrder();
    const settled = await markAcknowledgedWithEvent(order, settledEvent(order, "acknowledge"));
    expect(settled.status).toBe("acknowledged");
    expect(await written(order)).toEqual({ events: ["acknowledge:acknowledged"], emails: ["confirmation"] });
  });

  it("writes no acknowledgement and no confirmation email for an order cancelled between the claim and the batch", async () => {
    const order = await claimedPendingOrder();
    // The back office cancels it while finalize acknowledges it at the provider.
    expect(await markCancelled(order.id, "test: cancelled by the merchant")).toMatchObject({ status: "cancelled" });
    const settled = await markAcknowledgedWithEvent(order, settledEvent(order, "acknowledge"));
    expect(settled).toMatchObject({ id: order.id, status: "cancelled", cancelReason: "test: cancelled by the merchant" });
    expect(await findOrderById(order.id)).toMatchObject({ status: "cancelled" });
    expect(await written(order)).toEqual({ events: [], emails: [] });
  });

  it("still writes the caller's own statements beside an acknowledgement that changed nothing (they decide by themselves)", async () => {
    const order = await claimedPendingOrder();
    await markCancelled(order.id, "test");
    const mark = `session:${randomUUID()}`;
    await markAcknowledgedWithEvent(order, settledEvent(order, "acknowledge"), [
      db().insert(orderEvents).values({ providerReference: mark, source: "test", action: "alongside", outcome: "ok", latencyMs: 0 }),
    ]);
    expect((await orderEventsOf(mark)).map((event) => event.action)).toEqual(["alongside"]);
    expect(await written(order)).toEqual({ events: [], emails: [] });
  });

  it("cancels a pending order, with its event row and the cancellation email", async () => {
    const order = await claimedPendingOrder();
    const settled = await markCancelledWithEvent(order, "test: cancelled", settledEvent(order, "cancel"));
    expect(settled.status).toBe("cancelled");
    expect(await written(order)).toEqual({ events: ["cancel:cancelled"], emails: ["cancellation"] });
  });

  it("writes no cancellation and no cancellation email for an order acknowledged between the claim and the batch", async () => {
    const order = await claimedPendingOrder();
    const socks = await productBySlug("hiking-wool-socks");
    expect(await markAcknowledged(order.id)).toMatchObject({ status: "acknowledged" });
    const settled = await markCancelledWithEvent(order, "test: cancelled", settledEvent(order, "cancel"));
    expect(settled).toMatchObject({ id: order.id, status: "acknowledged", cancelReason: null });
    expect(await written(order)).toEqual({ events: [], emails: [] });
    // Nor does the order's stock come back: it is still sold.
    expect((await productBySlug("hiking-wool-socks")).stock).toBe(socks.stock);
  });

  it("records the provider's cancellation of an acknowledged order once the order is cancelled, whoever's update cancelled it", async () => {
    const order = await claimedPendingOrder();
    const acknowledged = (await markAcknowledged(order.id))!;
    // The back office's read of the provider cancelled it with no event of its own (lib/admin/klarna-cache.ts).
    await markCancelledAfterAcknowledgement(order.id, "test: rejected");
    await recordProviderChanges(acknowledged, { cancel: { reason: "test: rejected", event: settledEvent(order, "cancel") } });
    expect(await written(order)).toEqual({ events: ["cancel:cancelled"], emails: ["cancellation"] });
  });
});

describe("appendOrderEvent", () => {
  it("stores every event of a burst, in the order they were appended, before each caller goes on", async () => {
    const reference = `session:${randomUUID()}`;
    const outcomes = Array.from({ length: 30 }, (_, n) => `outcome ${n}`);
    await Promise.all(
      outcomes.map((outcome) => appendOrderEvent({ providerReference: reference, source: "validation", action: "validate", outcome, latencyMs: 1.4 })),
    );
    const stored = await orderEventsOf(reference);
    // Newest first.
    expect(stored.map((event) => event.outcome)).toEqual([...outcomes].reverse());
    expect(stored.every((event) => event.latencyMs === 1 && event.detail === null && event.provider === null)).toBe(true);

    await appendOrderEvent({ providerReference: reference, provider: "kustom", source: "push", action: "acknowledge", outcome: "ok", detail: "one", latencyMs: 2 });
    expect((await orderEventsOf(reference))[0]).toMatchObject({ provider: "kustom", source: "push", outcome: "ok", detail: "one", latencyMs: 2 });
  });
});
