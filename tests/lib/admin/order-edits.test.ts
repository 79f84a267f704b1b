import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db";
import { orderEvents, orders, products } from "@/db/schema";
import type { ManagedOrder, OrderLineRead } from "@/lib/klarna";
import {
  editOrderLines,
  extendDueDate,
  resendInvoice,
  updateMerchantReference,
  updateShippingAddress,
} from "@/lib/admin/order-edits";
import { jsonBody, startFakeKlarna, type FakeKlarna, type Reply } from "../klarna/fake-klarna";
import { vendorExample } from "@/tests/support/vendor-examples";
import { managedOrder } from "./fixtures";

/*
 * Order edits before capture (lib/admin/order-edits.ts) against a fake Order Management on the wire: what is sent,
 * and that stock and the store's lines follow only what Klarna accepted. Runs on both drivers.
 */

const merchant = { id: 1, email: "merchant@trailhead.example", name: "Demo Merchant" };
const SOCKS: OrderLineRead = {
  type: "physical", reference: "TS-CL-220", name: "Hiking wool socks", quantity: 2, unit_price: 19_900,
  tax_rate: 2500, total_amount: 39_800, total_discount_amount: 0, total_tax_amount: 7_960,
};
const PACK: OrderLineRead = {
  type: "physical", reference: "TS-PK-028", name: "Ridgeline Daypack 28 L", quantity: 1, unit_price: 109_900,
  tax_rate: 2500, total_amount: 109_900, total_discount_amount: 0, total_tax_amount: 21_980,
};
const SHIPPING: OrderLineRead = {
  type: "shipping_fee", reference: "shipping", name: "Standard shipping", quantity: 1, unit_price: 4_900,
  tax_rate: 2500, total_amount: 4_900, total_discount_amount: 0, total_tax_amount: 980,
};
const LINES = [SOCKS, PACK, SHIPPING];
const AMOUNT = 154_600;
/** Klarna's refusal of an increase, as the spec prints it (updateAuthorization 403). */
const REFUSED = vendorExample("order-management", "spec-patch-orders-order-id-authorization-403").response!;

let fake: FakeKlarna;
let klarnaOrder: ManagedOrder;
let refuseIncrease = false;
let sequence = 0;

beforeAll(async () => {
  fake = await startFakeKlarna();
  process.env.KLARNA_API_URL = fake.url;
});
afterAll(() => fake.close());

/** A fake Order Management that applies a new authorization to its order, and refuses increases when told to. */
function serve() {
  fake.answerWith((request): Reply => {
    if (request.method === "GET" && request.url.endsWith("/extend-due-date-options")) {
      return { status: 200, body: { currency: "SEK", options: [{ number_of_days: 14, amount: 900 }, { number_of_days: 30, amount: 1900 }] } };
    }
    if (request.method === "GET") return { status: 200, body: klarnaOrder };
    if (request.url.endsWith("/authorization")) {
      const body = jsonBody(request) as { order_amount: number; order_lines: OrderLineRead[] };
      if (refuseIncrease && body.order_amount > klarnaOrder.order_amount) {
        // The printed example, plus messages in minor units as Klarna writes them, which the merchant must not see.
        return { status: REFUSED.status, body: { ...(REFUSED.body as object), error_messages: [`Cannot increase to ${body.order_amount}`] } };
      }
      klarnaOrder = {
        ...klarnaOrder,
        order_amount: body.order_amount,
        order_lines: body.order_lines,
        remaining_authorized_amount: body.order_amount - klarnaOrder.captured_amount,
      };
    }
    return { status: 204 };
  });
}

async function storeOrder(overrides: Partial<ManagedOrder> = {}) {
  sequence += 1;
  klarnaOrder = managedOrder({
    order_id: `edit-order-${sequence}`,
    order_amount: AMOUNT,
    original_order_amount: AMOUNT,
    remaining_authorized_amount: AMOUNT,
    order_lines: LINES,
    shipping_address: { given_name: "Alice", family_name: "Andersson", street_address: "Storgatan 1", postal_code: "12345", city: "Stockholm", country: "SE", email: "customer@email.se" },
    merchant_reference1: `ORD-EDIT-${sequence}`,
    ...overrides,
  });
  await db().insert(orders).values({
    providerReference: klarnaOrder.order_id,
    klarnaOrderId: klarnaOrder.order_id,
    orderNumber: `ORD-EDIT-${sequence}`,
    accessToken: `edit-access-${sequence}`,
    status: "acknowledged",
    market: "SE",
    currency: "SEK",
    locale: "en-SE",
    email: "customer@email.se",
    orderAmount: AMOUNT,
    orderTaxAmount: 30_920,
    lines: LINES,
  });
  return klarnaOrder.order_id;
}

const key = () => crypto.randomUUID();
const writes = () => fake.received.filter((request) => request.method !== "GET");
const stockOf = async (sku: string) => (await db().select().from(products).where(eq(products.sku, sku)))[0]!.stock;
const rowOf = async (id: string) => (await db().select().from(orders).where(eq(orders.klarnaOrderId, id)))[0]!;
const eventsOf = (id: string) => db().select().from(orderEvents).where(eq(orderEvents.providerReference, id));
const money = (text: string) => text.replace(/\u00a0/g, " ");

beforeEach(() => {
  fake.reset();
  refuseIncrease = false;
  serve();
});

describe("editing an order's lines", () => {
  it("sends a decrease, then writes Klarna's new lines on the store's order and gives back the stock", async () => {
    const id = await storeOrder();
    const [socks, pack] = [await stockOf("TS-CL-220"), await stockOf("TS-PK-028")];
    const result = await editOrderLines({
      merchant, klarnaOrderId: id, idempotencyKey: key(),
      quantities: { "TS-CL-220": 1, "TS-PK-028": 0 }, additions: [], expectedTotal: 24_800,
    });
    expect(result).toMatchObject({ ok: true });
    expect(money(result.message)).toContain("total 1 546,00 kr → 248,00 kr");
    const [sent] = writes();
    expect(sent!.method).toBe("PATCH");
    expect(sent!.url).toBe(`/ordermanagement/v1/orders/${id}/authorization`);
    expect(jsonBody(sent)).toMatchObject({
      order_amount: 24_800,
      order_lines: [
        { reference: "TS-CL-220", quantity: 1, total_amount: 19_900, total_tax_amount: 3_980 },
        { reference: "shipping", total_amount: 4_900 },
      ],
    });
    const row = await rowOf(id);
    expect(row.orderAmount).toBe(24_800);
    expect(row.orderTaxAmount).toBe(3_980 + 980);
    expect(row.lines.map((line) => [line.reference, line.quantity])).toEqual([["TS-CL-220", 1], ["shipping", 1]]);
    expect(await stockOf("TS-CL-220")).toBe(socks + 1);
    expect(await stockOf("TS-PK-028")).toBe(pack + 1);
    const events = await eventsOf(id);
    expect(events.filter((event) => event.action === "edit_lines")).toMatchObject([{ outcome: "ok", source: "admin" }]);
  });

  it("adds a product from the catalogue at its price, taking its stock", async () => {
    const id = await storeOrder();
    const before = await stockOf("TS-CK-520");
    const result = await editOrderLines({
      merchant, klarnaOrderId: id, idempotencyKey: key(), quantities: {}, additions: [{ sku: "TS-CK-520", quantity: 2 }],
    });
    expect(result).toMatchObject({ ok: true });
    const body = jsonBody(writes()[0]) as { order_amount: number; order_lines: OrderLineRead[] };
    expect(body.order_amount).toBe(AMOUNT + 69_800);
    // After the goods already ordered, before shipping.
    expect(body.order_lines.map((line) => line.reference)).toEqual(["TS-CL-220", "TS-PK-028", "TS-CK-520", "shipping"]);
    expect(body.order_lines[2]).toMatchObject({ quantity: 2, unit_price: 34_900, tax_rate: 2500, total_tax_amount: 13_960 });
    expect(await stockOf("TS-CK-520")).toBe(before - 2);
    expect((await rowOf(id)).orderAmount).toBe(AMOUNT + 69_800);
  });

  it("shows Klarna's refusal of an increase in money, gives the stock back and leaves the order as it was", async () => {
    const id = await storeOrder();
    refuseIncrease = true;
    const before = await stockOf("TS-CK-520");
    const result = await editOrderLines({
      merchant, klarnaOrderId: id, idempotencyKey: key(), quantities: {}, additions: [{ sku: "TS-CK-520", quantity: 1 }],
    });
    expect(result).toMatchObject({ ok: false, status: 409 });
    expect(money(result.message)).toContain("Klarna declined to raise the order from 1 546,00 kr to 1 895,00 kr");
    expect(result.message).not.toMatch(/minor units|NOT_ALLOWED|\b189500\b/);
    expect(writes()).toHaveLength(1);
    expect(await stockOf("TS-CK-520")).toBe(before);
    const row = await rowOf(id);
    expect(row.orderAmount).toBe(AMOUNT);
    expect(row.lines).toEqual(LINES);
    expect((await eventsOf(id)).map((event) => event.outcome)).toContain("refused");
  });

  it("refuses bad input with a clear message and changes nothing", async () => {
    const id = await storeOrder();
    const before = [await stockOf("TS-CL-220"), await stockOf("TS-CK-510"), await stockOf("TS-SH-610")];
    const cases: { quantities: Record<string, number>; additions: { sku: string; quantity: number }[]; expectedTotal?: number; says: RegExp }[] = [
      { quantities: { "TS-CL-220": -1 }, additions: [], says: /whole numbers from 0 to 99/ },
      { quantities: { "TS-CL-220": 1.5 }, additions: [], says: /whole numbers/ },
      { quantities: { "NO-SUCH": 1 }, additions: [], says: /no line NO-SUCH/ },
      { quantities: { shipping: 0 }, additions: [], says: /no line shipping/ },
      { quantities: {}, additions: [{ sku: "NO-SUCH", quantity: 1 }], says: /no product NO-SUCH/ },
      { quantities: {}, additions: [{ sku: "TS-CK-520", quantity: 0 }], says: /quantity from 1 to 99/ },
      { quantities: { "TS-CL-220": 1 }, additions: [], expectedTotal: 1, says: /not the 0,01 kr you confirmed/ },
      { quantities: { "TS-CL-220": 0, "TS-PK-028": 0 }, additions: [], says: /Cancel the order instead/ },
      { quantities: { "TS-CL-220": 2 }, additions: [], says: /Nothing changed/ },
      { quantities: {}, additions: [{ sku: "TS-SH-610", quantity: 1 }], says: /Not enough stock for .*\(0 left\)/ },
    ];
    for (const { says, ...request } of cases) {
      const result = await editOrderLines({ merchant, klarnaOrderId: id, idempotencyKey: key(), ...request });
      expect(result.ok, says.source).toBe(false);
      expect(money(result.message)).toMatch(says);
    }
    expect(writes()).toHaveLength(0);
    expect([await stockOf("TS-CL-220"), await stockOf("TS-CK-510"), await stockOf("TS-SH-610")]).toEqual(before);
    expect((await rowOf(id)).lines).toEqual(LINES);
  });

  it("never goes below what is captured, line by line and in total", async () => {
    const id = await storeOrder({
      status: "PART_CAPTURED",
      captured_amount: 109_900,
      remaining_authorized_amount: AMOUNT - 109_900,
      captures: [{ capture_id: "cap-1", captured_amount: 109_900, order_lines: [PACK] }],
    });
    const result = await editOrderLines({ merchant, klarnaOrderId: id, idempotencyKey: key(), quantities: { "TS-PK-028": 0 }, additions: [] });
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining("1 × Ridgeline Daypack 28 L are already captured") });
    // Removing what is not captured is allowed.
    const allowed = await editOrderLines({ merchant, klarnaOrderId: id, idempotencyKey: key(), quantities: { "TS-CL-220": 0 }, additions: [] });
    expect(allowed).toMatchObject({ ok: true });
    expect((jsonBody(writes()[0]) as { order_amount: number }).order_amount).toBe(114_800);
  });

  it("refuses a captured, cancelled or pending-review order without sending", async () => {
    for (const overrides of [{ status: "CAPTURED" as const }, { status: "CANCELLED" as const }, { fraud_status: "PENDING" as const }]) {
      const id = await storeOrder(overrides);
      const result = await editOrderLines({ merchant, klarnaOrderId: id, idempotencyKey: key(), quantities: { "TS-CL-220": 1 }, additions: [] });
      expect(result).toMatchObject({ ok: false, status: 409 });
    }
    expect(writes()).toHaveLength(0);
  });

  it("edits once, and moves stock once, when the same form is submitted twice", async () => {
    const id = await storeOrder();
    const before = await stockOf("TS-CK-530");
    const input = { merchant, klarnaOrderId: id, idempotencyKey: key(), quantities: {}, additions: [{ sku: "TS-CK-530", quantity: 1 }] };
    expect(await editOrderLines(input)).toMatchObject({ ok: true });
    expect(await editOrderLines(input)).toMatchObject({ ok: true, message: expect.stringMatching(/^Already done, not repeated/) });
    expect(writes()).toHaveLength(1);
    expect(await stockOf("TS-CK-530")).toBe(before - 1);
  });

  it("gives back added stock when the store's order changed under it (a concurrent submit that also reached Klarna)", async () => {
    const id = await storeOrder();
    const before = await stockOf("TS-AC-430");
    // Another request already wrote new lines on the store's order after this one read it.
    fake.answerWith((request): Reply => {
      if (request.method === "GET") return { status: 200, body: klarnaOrder };
      void db().update(orders).set({ orderAmount: AMOUNT + 1 }).where(eq(orders.klarnaOrderId, id)).run();
      return { status: 204 };
    });
    const result = await editOrderLines({ merchant, klarnaOrderId: id, idempotencyKey: key(), quantities: {}, additions: [{ sku: "TS-AC-430", quantity: 1 }] });
    expect(result.ok).toBe(true);
    expect(await stockOf("TS-AC-430")).toBe(before);
    expect((await eventsOf(id)).find((event) => event.action === "edit_lines")?.outcome).toBe("repeat");
  });
});

describe("address, reference, due date and invoice", () => {
  it("sends the new shipping address as customer-details and keeps it on the store's order", async () => {
    const id = await storeOrder();
    const address = { given_name: "Alice", family_name: "Andersson", street_address: "Drottninggatan 5", postal_code: "11151", city: "Stockholm", country: "se" };
    expect(await updateShippingAddress({ merchant, klarnaOrderId: id, idempotencyKey: key(), address })).toMatchObject({ ok: true });
    const [sent] = writes();
    expect(sent!.method).toBe("PATCH");
    expect(sent!.url).toBe(`/ordermanagement/v1/orders/${id}/customer-details`);
    expect(jsonBody(sent)).toEqual({ shipping_address: { ...address, country: "SE", email: "customer@email.se" } });
    expect((await rowOf(id)).shippingAddress).toMatchObject({ street_address: "Drottninggatan 5" });

    fake.reset();
    serve();
    expect(await updateShippingAddress({ merchant, klarnaOrderId: id, idempotencyKey: key(), address: { ...address, country: "DE" } })).toMatchObject({
      ok: false, message: expect.stringContaining("country cannot change"),
    });
    expect(await updateShippingAddress({ merchant, klarnaOrderId: id, idempotencyKey: key(), address: { ...address, city: " " } })).toMatchObject({
      ok: false, status: 400, message: "Fill in city.",
    });
    expect(writes()).toHaveLength(0);
  });

  it("sets merchant_reference1 only", async () => {
    const id = await storeOrder();
    expect(await updateMerchantReference({ merchant, klarnaOrderId: id, idempotencyKey: key(), reference: " PO-4711 " })).toMatchObject({ ok: true });
    expect(jsonBody(writes()[0])).toEqual({ merchant_reference1: "PO-4711" });
    expect(await updateMerchantReference({ merchant, klarnaOrderId: id, idempotencyKey: key(), reference: "x".repeat(256) })).toMatchObject({ ok: false, status: 400 });
    expect(writes()).toHaveLength(1);
  });

  it("extends a capture's due date only by one of Klarna's options, and re-sends its invoice", async () => {
    const id = await storeOrder({ status: "CAPTURED", captured_amount: AMOUNT, remaining_authorized_amount: 0, captures: [{ capture_id: "cap-9", captured_amount: AMOUNT, order_lines: LINES }] });
    expect(await extendDueDate({ merchant, klarnaOrderId: id, idempotencyKey: key(), captureId: "cap-9", days: 7 })).toMatchObject({
      ok: false, message: "Klarna offers 14, 30 days, not 7.",
    });
    expect(writes()).toHaveLength(0);
    const extended = await extendDueDate({ merchant, klarnaOrderId: id, idempotencyKey: key(), captureId: "cap-9", days: 14 });
    expect(money(extended.message)).toBe("Extended the payment due date of capture cap-9 by 14 days (fee 9,00 kr).");
    expect(writes()[0]!.url).toBe(`/ordermanagement/v1/orders/${id}/captures/cap-9/extend-due-date`);
    expect(jsonBody(writes()[0])).toEqual({ number_of_days: 14 });

    expect(await resendInvoice({ merchant, klarnaOrderId: id, idempotencyKey: key(), captureId: "cap-9" })).toMatchObject({ ok: true });
    expect(writes()[1]).toMatchObject({ method: "POST", url: `/ordermanagement/v1/orders/${id}/captures/cap-9/trigger-send-out`, body: "" });
    expect(await resendInvoice({ merchant, klarnaOrderId: id, idempotencyKey: key(), captureId: "nope" })).toMatchObject({ ok: false, status: 404 });
    expect(writes()).toHaveLength(2);
  });
});
