import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  asRecord,
  authorize,
  createSession,
  placeOrder,
  startSimulator,
  swedishOrder,
  type TestSimulator,
} from "./helpers";

// The Swedish sample order is 52500 (two mugs at 25000 and 2500 shipping).
describe("Order Management API", () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startSimulator();
  });
  afterAll(() => t.close());

  async function order() {
    const { orderId } = await placeOrder(t);
    const base = `/ordermanagement/v1/orders/${orderId}`;
    const read = async () => asRecord((await t.api("GET", base)).body);
    return { orderId, base, read };
  }

  it("reads a fresh order as AUTHORIZED with the whole amount remaining and 28 days to capture", async () => {
    const { orderId, read } = await order();
    const view = await read();
    expect(view).toMatchObject({
      order_id: orderId,
      status: "AUTHORIZED",
      fraud_status: "ACCEPTED",
      order_amount: 52500,
      original_order_amount: 52500,
      captured_amount: 0,
      refunded_amount: 0,
      remaining_authorized_amount: 52500,
      purchase_currency: "SEK",
      locale: "sv-SE",
      captures: [],
      refunds: [],
      initial_payment_method: { type: "INVOICE" },
    });
    expect(Date.parse(String(view.expires_at)) - Date.parse(String(view.created_at))).toBe(28 * 24 * 3600 * 1000);
    expect(asRecord(view.billing_address).email).toBe("customer@email.se");
  });

  it("moves AUTHORIZED → PART_CAPTURED → CAPTURED, and a full refund keeps it CAPTURED", async () => {
    const { base, read, orderId } = await order();
    const first = await t.api("POST", `${base}/captures`, { captured_amount: 25000 });
    expect(first.status).toBe(201);
    const captureId = first.headers.get("capture-id");
    expect(first.headers.get("location")).toBe(`${t.url}/ordermanagement/v1/orders/${orderId}/captures/${captureId}`);
    expect(await read()).toMatchObject({ status: "PART_CAPTURED", captured_amount: 25000, remaining_authorized_amount: 27500 });

    expect((await t.api("POST", `${base}/captures`, { captured_amount: 27500 })).status).toBe(201);
    expect(await read()).toMatchObject({ status: "CAPTURED", captured_amount: 52500, remaining_authorized_amount: 0 });

    const refund = await t.api("POST", `${base}/refunds`, { refunded_amount: 52500 });
    expect(refund.status).toBe(201);
    expect(refund.headers.get("refund-id")).toBeTruthy();
    expect(refund.headers.get("location")).toContain(`/refunds/${refund.headers.get("refund-id")}`);
    expect(await read()).toMatchObject({ status: "CAPTURED", refunded_amount: 52500 });
  });

  it("refuses to capture more than remains, refund more than captured, or cancel after a capture", async () => {
    const { base } = await order();
    const tooMuch = await t.api("POST", `${base}/captures`, { captured_amount: 52501 });
    expect(tooMuch.status).toBe(403);
    expect(asRecord(tooMuch.body).error_code).toBe("CAPTURE_NOT_ALLOWED");

    const noCapture = await t.api("POST", `${base}/refunds`, { refunded_amount: 100 });
    expect(noCapture.status).toBe(403);
    expect(asRecord(noCapture.body).error_code).toBe("REFUND_NOT_ALLOWED");

    await t.api("POST", `${base}/captures`, { captured_amount: 10000 });
    const overRefund = await t.api("POST", `${base}/refunds`, { refunded_amount: 10001 });
    expect(overRefund.status).toBe(403);
    expect(asRecord(overRefund.body).error_code).toBe("REFUND_NOT_ALLOWED");
    expect((await t.api("POST", `${base}/refunds`, { refunded_amount: 6000 })).status).toBe(201);
    expect((await t.api("POST", `${base}/refunds`, { refunded_amount: 4001 })).status).toBe(403);

    const cancel = await t.api("POST", `${base}/cancel`);
    expect(cancel.status).toBe(403);
    expect(asRecord(cancel.body)).toMatchObject({
      error_code: "CANCEL_NOT_ALLOWED",
      error_messages: ["Order has previous captures. Cancel not possible"],
    });
  });

  it("cancels an uncaptured order, after which nothing can be captured", async () => {
    const { base, read } = await order();
    expect((await t.api("POST", `${base}/cancel`)).status).toBe(204);
    expect(await read()).toMatchObject({ status: "CANCELLED", remaining_authorized_amount: 0 });
    expect((await t.api("POST", `${base}/captures`, { captured_amount: 100 })).status).toBe(403);
  });

  it("releases the rest of a partly captured order", async () => {
    const { base, read } = await order();
    expect((await t.api("POST", `${base}/release-remaining-authorization`)).status).toBe(403);
    await t.api("POST", `${base}/captures`, { captured_amount: 20000 });
    expect((await t.api("POST", `${base}/release-remaining-authorization`)).status).toBe(204);
    expect(await read()).toMatchObject({ status: "CAPTURED", captured_amount: 20000, remaining_authorized_amount: 0 });
    expect((await t.api("POST", `${base}/captures`, { captured_amount: 1 })).status).toBe(403);
  });

  it("expires an uncaptured authorization after 28 days, unless extended", async () => {
    const expiring = await order();
    const extended = await order();
    await t.sim.clock.advance("20d");
    expect((await t.api("POST", `${extended.base}/extend-authorization-time`)).status).toBe(204);
    const newExpiry = Date.parse(String((await extended.read()).expires_at));
    expect(newExpiry).toBe(t.sim.clock.now() + 28 * 24 * 3600 * 1000);

    await t.sim.clock.advance("8d");
    expect(await expiring.read()).toMatchObject({ status: "EXPIRED", remaining_authorized_amount: 0 });
    expect((await t.api("POST", `${expiring.base}/captures`, { captured_amount: 100 })).status).toBe(403);
    const extend = await t.api("POST", `${expiring.base}/extend-authorization-time`);
    expect(extend.status).toBe(403);
    expect(asRecord(extend.body).error_code).toBe("NOT_ALLOWED");
    expect(await extended.read()).toMatchObject({ status: "AUTHORIZED" });
  });

  it("acknowledges idempotently and updates merchant references", async () => {
    const { base, read, orderId } = await order();
    expect((await t.api("POST", `${base}/acknowledge`)).status).toBe(204);
    expect((await t.api("POST", `${base}/acknowledge`)).status).toBe(204);
    const helper = asRecord((await t.api("GET", `/_sim/orders/${orderId}`)).body);
    expect(helper.acknowledged).toBe(true);
    expect(helper.acknowledged_at).toBe(new Date(t.sim.clock.now()).toISOString());
    const patch = await t.api("PATCH", `${base}/merchant-references`, { merchant_reference1: "STORE-7", merchant_reference2: "cart-9" });
    expect(patch.status).toBe(204);
    expect(await read()).toMatchObject({ merchant_reference1: "STORE-7", merchant_reference2: "cart-9" });
  });

  it("adds shipping info to a capture and lowers the authorization, not below the captured amount", async () => {
    const { base, read } = await order();
    const capture = await t.api("POST", `${base}/captures`, { captured_amount: 25000 });
    const captureId = capture.headers.get("capture-id") ?? "";
    const info = await t.api("POST", `${base}/captures/${captureId}/shipping-info`, {
      shipping_info: [{ shipping_company: "DHL", tracking_number: "JD0001" }],
    });
    expect(info.status).toBe(204);
    const stored = asRecord((await t.api("GET", `${base}/captures/${captureId}`)).body);
    expect(stored.shipping_info).toEqual([{ shipping_company: "DHL", tracking_number: "JD0001" }]);
    expect((await t.api("POST", `${base}/captures/nope/shipping-info`, { shipping_info: [{}] })).status).toBe(404);

    const below = await t.api("PATCH", `${base}/authorization`, { order_amount: 20000 });
    expect(below.status).toBe(403);
    expect(asRecord(below.body).error_code).toBe("NOT_ALLOWED");
    expect((await t.api("PATCH", `${base}/authorization`, { order_amount: 30000 })).status).toBe(204);
    expect(await read()).toMatchObject({ order_amount: 30000, original_order_amount: 52500, remaining_authorized_amount: 5000 });
  });

  it("captures the whole order at creation with auto_capture", async () => {
    const { sessionId } = await createSession(t);
    const token = await authorize(t, sessionId);
    const placed = await t.api("POST", `/payments/v1/authorizations/${token}/order`, { ...swedishOrder(), auto_capture: true });
    const orderId = String(asRecord(placed.body).order_id);
    const view = asRecord((await t.api("GET", `/ordermanagement/v1/orders/${orderId}`)).body);
    expect(view).toMatchObject({ status: "CAPTURED", captured_amount: 52500, remaining_authorized_amount: 0 });
  });

  it("answers 404 NO_SUCH_ORDER for an unknown order and NOT_FOUND for an unknown refund", async () => {
    const missing = await t.api("GET", "/ordermanagement/v1/orders/unknown-order");
    expect(missing.status).toBe(404);
    expect(asRecord(missing.body).error_code).toBe("NO_SUCH_ORDER");
    expect((await t.api("POST", "/ordermanagement/v1/orders/unknown-order/captures", { captured_amount: 1 })).status).toBe(404);
    const { base } = await order();
    const refund = await t.api("GET", `${base}/refunds/unknown-refund`);
    expect(refund.status).toBe(404);
    expect(asRecord(refund.body).error_code).toBe("NOT_FOUND");
  });

  it("answers 422 UNPROCESSABLE_ENTITY for a shipping company over 100 characters, and stores nothing", async () => {
    const { base, read } = await order();
    const long = [{ shipping_company: "x".repeat(101), tracking_number: "JD0001" }];
    const expected = {
      error_code: "UNPROCESSABLE_ENTITY",
      error_messages: ["The size of the shipping_info/shipping_company value must be between 0 and 100"],
    };
    const onCapture = await t.api("POST", `${base}/captures`, { captured_amount: 1000, shipping_info: long });
    expect(onCapture.status).toBe(422);
    expect(onCapture.body).toMatchObject(expected);
    const onOrder = await t.api("POST", `${base}/shipping-info`, { shipping_info: long });
    expect(onOrder.status).toBe(422);
    expect(onOrder.body).toMatchObject(expected);
    const capture = await t.api("POST", `${base}/captures`, { captured_amount: 1000 });
    const onExisting = await t.api("POST", `${base}/captures/${capture.headers.get("capture-id") ?? ""}/shipping-info`, {
      shipping_info: long,
    });
    expect(onExisting.status).toBe(422);
    const stored = await read();
    expect(stored.captured_amount).toBe(1000);
    expect(stored.shipping_info).toEqual([]);
    expect((await t.api("POST", `${base}/shipping-info`, { shipping_info: [{ shipping_company: "x".repeat(100) }] })).status).toBe(204);
  });

  it("answers 400 for malformed JSON and 405 for a wrong method", async () => {
    const { base } = await order();
    const malformed = await t.api("POST", `${base}/captures`, "{");
    expect(malformed.status).toBe(400);
    const wrongMethod = await t.api("DELETE", base);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET");
  });

  describe("Klarna-Idempotency-Key", () => {
    it("replays the first answer for a repeated key and never captures twice", async () => {
      const { base, read } = await order();
      const headers = { "Klarna-Idempotency-Key": "key-capture-1" };
      const first = await t.api("POST", `${base}/captures`, { captured_amount: 10000 }, headers);
      const second = await t.api("POST", `${base}/captures`, { captured_amount: 10000 }, headers);
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.headers.get("capture-id")).toBe(first.headers.get("capture-id"));
      expect(second.headers.get("location")).toBe(first.headers.get("location"));
      expect((await read()).captures).toHaveLength(1);

      const another = await t.api("POST", `${base}/captures`, { captured_amount: 10000 }, { "Klarna-Idempotency-Key": "key-capture-2" });
      expect(another.status).toBe(201);
      expect(await read()).toMatchObject({ captured_amount: 20000 });
    });

    it("replays errors too, and the first answer for the same key with a different body (only the key matters)", async () => {
      const { base, read } = await order();
      const headers = { "Klarna-Idempotency-Key": "key-refund-1" };
      const refused = await t.api("POST", `${base}/refunds`, { refunded_amount: 100 }, headers);
      expect(refused.status).toBe(403);
      await t.api("POST", `${base}/captures`, { captured_amount: 1000 });
      expect((await t.api("POST", `${base}/refunds`, { refunded_amount: 100 }, headers)).status).toBe(403);
      const otherBody = await t.api("POST", `${base}/refunds`, { refunded_amount: 200 }, headers);
      expect(otherBody.status).toBe(403);
      expect(otherBody.body).toEqual(refused.body);
      expect((await read()).refunds).toEqual([]);

      const captureKey = { "Klarna-Idempotency-Key": "key-capture-other-body" };
      const first = await t.api("POST", `${base}/captures`, { captured_amount: 100 }, captureKey);
      const second = await t.api("POST", `${base}/captures`, { captured_amount: 300 }, captureKey);
      expect(second.status).toBe(201);
      expect(second.headers.get("capture-id")).toBe(first.headers.get("capture-id"));
      expect((await read()).captured_amount).toBe(1100);
    });

    it("runs a request again after an injected server error with the same key", async () => {
      const { base, read } = await order();
      await t.api("POST", "/_sim/faults", { kind: "order_management", mode: "fail", count: 1 });
      const headers = { "Klarna-Idempotency-Key": "key-after-500" };
      const failed = await t.api("POST", `${base}/captures`, { captured_amount: 500 }, headers);
      expect(failed.status).toBe(500);
      expect(asRecord(failed.body).error_code).toBe("INTERNAL_SERVER_ERROR");
      expect((await t.api("POST", `${base}/captures`, { captured_amount: 500 }, headers)).status).toBe(201);
      expect((await read()).captured_amount).toBe(500);
    });
  });

  describe("faults", () => {
    it("fails acknowledgements with the given status as many times as asked", async () => {
      const { base, orderId } = await order();
      const fault = await t.api("POST", "/_sim/faults", { kind: "acknowledge", mode: "fail", status: 503, count: 2 });
      expect(fault.status).toBe(201);
      const first = await t.api("POST", `${base}/acknowledge`);
      expect(first.status).toBe(503);
      expect(asRecord(first.body).error_code).toBe("TEMPORARILY_UNAVAILABLE");
      expect((await t.api("POST", `${base}/acknowledge`)).status).toBe(503);
      expect(asRecord((await t.api("GET", `/_sim/orders/${orderId}`)).body).acknowledged).toBe(false);
      expect((await t.api("GET", base)).status).toBe(200);
      expect((await t.api("POST", `${base}/acknowledge`)).status).toBe(204);
      expect(asRecord((await t.api("GET", "/_sim/faults")).body).faults).toEqual([]);
    });

    it("applies several pending faults of one kind to successive calls, in the order they were added", async () => {
      const { base } = await order();
      await t.api("POST", "/_sim/faults", { kind: "acknowledge", mode: "fail", status: 503, count: 1 });
      await t.api("POST", "/_sim/faults", { kind: "acknowledge", mode: "fail", status: 502, count: 1 });
      expect((await t.api("POST", `${base}/acknowledge`)).status).toBe(503);
      expect((await t.api("POST", `${base}/acknowledge`)).status).toBe(502);
      expect((await t.api("POST", `${base}/acknowledge`)).status).toBe(204);
    });

    it("fails every Order Management call with 500 until the fault is cleared", async () => {
      const { base } = await order();
      await t.api("POST", "/_sim/faults", { kind: "order_management", mode: "fail" });
      expect((await t.api("GET", base)).status).toBe(500);
      expect((await t.api("POST", `${base}/captures`, { captured_amount: 1 })).status).toBe(500);
      expect((await t.api("DELETE", "/_sim/faults")).status).toBe(204);
      expect((await t.api("GET", base)).status).toBe(200);
    });

    it("rejects a fault it does not know", async () => {
      const response = await t.api("POST", "/_sim/faults", { kind: "acknowledge", mode: "explode" });
      expect(response.status).toBe(400);
    });
  });
});
