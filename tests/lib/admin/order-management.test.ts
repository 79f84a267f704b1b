import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db";
import { orderEvents, orders } from "@/db/schema";
import type { ManagedOrder } from "@/lib/klarna";
import { cancelOrder, captureLines, refundLines } from "@/lib/admin/order-management";
import { reconcileCandidates, reconcileOrder } from "@/lib/admin/reconcile";
import type { BackOfficeOperation } from "@/lib/payments/provider";
import { paymentProvider } from "@/lib/payments/registry";
import { jsonBody, startFakeKlarna, type FakeKlarna, type Reply } from "../klarna/fake-klarna";
import { capture, DAYPACK, LINES, managedOrder, ORDER_AMOUNT } from "./fixtures";

/*
 * The back office against a fake Klarna on the wire: what it sends, and above all what it does not send when the
 * merchant's request breaks a rule.
 */

const merchant = { id: 1, email: "merchant@trailhead.example", name: "Demo Merchant" };
let fake: FakeKlarna;
let klarnaOrder: ManagedOrder;
let sequence = 0;

beforeAll(async () => {
  fake = await startFakeKlarna();
  process.env.KLARNA_API_URL = fake.url;
});

afterAll(async () => {
  await fake.close();
});

/** The fake answers reads with `klarnaOrder`, captures and refunds with new ids, everything else with 204. */
function serve() {
  fake.answerWith((request): Reply => {
    if (request.method === "GET") return { status: 200, body: klarnaOrder };
    if (request.url.endsWith("/captures")) return { status: 201, headers: { "Capture-Id": `capture-${fake.received.length}` } };
    if (request.url.endsWith("/refunds")) return { status: 201, headers: { "Refund-Id": `refund-${fake.received.length}` } };
    return { status: 204 };
  });
}

async function storeOrder(status: "pending" | "acknowledged" = "acknowledged", createdAt = new Date().toISOString()) {
  sequence += 1;
  klarnaOrder = managedOrder({ order_id: `klarna-order-${sequence}` });
  await db().insert(orders).values({
    providerReference: klarnaOrder.order_id,
    klarnaOrderId: klarnaOrder.order_id,
    orderNumber: `ORD-TEST-${sequence}`,
    accessToken: `access-${sequence}`,
    status,
    market: "SE",
    currency: "SEK",
    locale: "en-SE",
    email: "customer@email.se",
    orderAmount: ORDER_AMOUNT,
    orderTaxAmount: 43_700,
    lines: LINES,
    createdAt,
  });
  return klarnaOrder.order_id;
}

const writes = () => fake.received.filter((request) => request.method !== "GET");
const key = () => crypto.randomUUID();

beforeEach(() => {
  fake.reset();
  serve();
});

describe("capture", () => {
  it("sends one capture with the lines, the order number, tracking and the form's idempotency key", async () => {
    const id = await storeOrder();
    const idempotencyKey = key();
    const result = await captureLines({
      merchant,
      klarnaOrderId: id,
      idempotencyKey,
      selection: { "TH-DAYPACK-28": 1 },
      shippingInfo: { shipping_company: "PostNord SE", shipping_method: "Home", tracking_number: "PN123" },
    });
    expect(result).toMatchObject({ ok: true, message: expect.stringContaining("Captured") });
    const [sent] = writes();
    expect(sent?.headers["klarna-idempotency-key"]).toBe(idempotencyKey);
    expect(jsonBody(sent)).toMatchObject({
      captured_amount: 109_900,
      reference: `ORD-TEST-${sequence}`,
      order_lines: [{ reference: "TH-DAYPACK-28", quantity: 1, total_amount: 109_900 }],
      shipping_info: [{ shipping_company: "PostNord SE", shipping_method: "Home", tracking_number: "PN123" }],
    });
    const [event] = await db().select().from(orderEvents).where(eq(orderEvents.providerReference, id));
    expect(event).toMatchObject({ source: "admin", action: "capture", outcome: "ok" });
  });

  it("captures once when the same form is submitted twice", async () => {
    const id = await storeOrder();
    const idempotencyKey = key();
    const input = { merchant, klarnaOrderId: id, idempotencyKey, selection: { "TH-DAYPACK-28": 1 }, shippingInfo: {} };
    await captureLines(input);
    klarnaOrder = managedOrder({ order_id: id, captures: [capture([DAYPACK], "capture-1")] });
    const again = await captureLines(input);
    expect(again).toMatchObject({ ok: true, message: expect.stringMatching(/^Already done, not repeated: Captured/) });
    expect(writes()).toHaveLength(1);
  });

  it("sends nothing when the quantities break a rule", async () => {
    const id = await storeOrder();
    const selections: Record<string, number>[] = [{ "TH-DAYPACK-28": 2 }, { "TH-DAYPACK-28": -1 }, { "TH-DAYPACK-28": 0 }, { NOPE: 1 }];
    for (const selection of selections) {
      const result = await captureLines({ merchant, klarnaOrderId: id, idempotencyKey: key(), selection, shippingInfo: {} });
      expect(result).toMatchObject({ ok: false, status: 409 });
    }
    expect(writes()).toHaveLength(0);
    // It did read the live order each time, and remembered it.
    const [row] = await db().select().from(orders).where(eq(orders.klarnaOrderId, id));
    expect(row?.providerStatus).toBe("AUTHORIZED");
  });

  it("shows Klarna's refusal in plain words and logs it", async () => {
    const id = await storeOrder();
    fake.answerWith((request) =>
      request.method === "GET"
        ? { status: 200, body: klarnaOrder }
        : { status: 403, body: { error_code: "CAPTURE_NOT_ALLOWED", error_messages: ["Capture not allowed"], correlation_id: "c" } },
    );
    const result = await captureLines({ merchant, klarnaOrderId: id, idempotencyKey: key(), selection: { shipping: 1 }, shippingInfo: {} });
    expect(result).toEqual({
      ok: false,
      status: 409,
      message: expect.stringContaining("Klarna refused the capture: the amount is more than what remains authorized"),
    });
    const [event] = await db().select().from(orderEvents).where(eq(orderEvents.providerReference, id));
    expect(event?.outcome).toBe("refused");
  });

  it("refuses an operation the provider does not offer (its `operations`), without calling Klarna", async () => {
    const id = await storeOrder();
    const provider = (await paymentProvider("klarna-payments")) as { operations: readonly BackOfficeOperation[] };
    const offered = provider.operations;
    provider.operations = offered.filter((operation) => operation !== "capture");
    try {
      const result = await captureLines({ merchant, klarnaOrderId: id, idempotencyKey: key(), selection: { [DAYPACK.reference!]: 1 }, shippingInfo: {} });
      expect(result).toEqual({ ok: false, status: 409, message: "Klarna Payments does not offer this operation (capture)." });
      expect(fake.received).toHaveLength(0);
    } finally {
      provider.operations = offered;
    }
  });

  it("answers 404 for an order the store does not have, without calling Klarna", async () => {
    const result = await captureLines({ merchant, klarnaOrderId: "unknown", idempotencyKey: key(), selection: {}, shippingInfo: {} });
    expect(result).toMatchObject({ ok: false, status: 404 });
    expect(fake.received).toHaveLength(0);
  });
});

describe("refund and cancel", () => {
  it("refunds only what was captured, and sends nothing otherwise", async () => {
    const id = await storeOrder();
    expect(await refundLines({ merchant, klarnaOrderId: id, idempotencyKey: key(), selection: { "TH-DAYPACK-28": 1 } })).toMatchObject({
      ok: false,
      message: expect.stringContaining("Nothing has been captured yet"),
    });
    klarnaOrder = managedOrder({ order_id: id, captures: [capture([DAYPACK])] });
    const result = await refundLines({ merchant, klarnaOrderId: id, idempotencyKey: key(), selection: { "TH-DAYPACK-28": 1 } });
    expect(result).toMatchObject({ ok: true });
    expect(writes().map((request) => request.url)).toEqual([`/ordermanagement/v1/orders/${id}/refunds`]);
  });

  it("cancels only before any capture, and marks the store's order cancelled", async () => {
    const id = await storeOrder();
    klarnaOrder = managedOrder({ order_id: id, captures: [capture([DAYPACK])] });
    expect(await cancelOrder({ merchant, klarnaOrderId: id, idempotencyKey: key() })).toMatchObject({ ok: false, status: 409 });
    expect(writes()).toHaveLength(0);

    klarnaOrder = managedOrder({ order_id: id });
    fake.answerWith((request) => {
      if (request.method === "GET") return { status: 200, body: klarnaOrder };
      klarnaOrder = { ...klarnaOrder, status: "CANCELLED", remaining_authorized_amount: 0 };
      return { status: 204 };
    });
    expect(await cancelOrder({ merchant, klarnaOrderId: id, idempotencyKey: key(), reason: "Out of stock" })).toMatchObject({ ok: true });
    const [row] = await db().select().from(orders).where(eq(orders.klarnaOrderId, id));
    expect(row).toMatchObject({ status: "cancelled", providerStatus: "CANCELLED" });
    expect(row?.cancelReason).toBe("Cancelled in the back office by merchant@trailhead.example: Out of stock");
  });
});

describe("reconcile", () => {
  it("finds an order still pending after 10 minutes and acknowledges it at Klarna", async () => {
    const stale = await storeOrder("pending", new Date(Date.now() - 11 * 60_000).toISOString());
    const fresh = await storeOrder("pending", new Date(Date.now() - 2 * 60_000).toISOString());
    const candidates = (await reconcileCandidates()).map((candidate) => candidate.providerReference);
    expect(candidates).toContain(stale);
    expect(candidates).not.toContain(fresh);

    klarnaOrder = managedOrder({ order_id: stale });
    const result = await reconcileOrder(stale);
    expect(result).toMatchObject({ outcome: "acknowledged", orderNumber: expect.stringMatching(/^ORD-TEST-/) });
    expect(writes().map((request) => request.url)).toEqual([`/ordermanagement/v1/orders/${stale}/acknowledge`]);
    const [row] = await db().select().from(orders).where(eq(orders.klarnaOrderId, stale));
    expect(row).toMatchObject({ status: "acknowledged", providerStatus: "AUTHORIZED" });
    expect((await reconcileCandidates()).map((candidate) => candidate.providerReference)).not.toContain(stale);
  });
});
