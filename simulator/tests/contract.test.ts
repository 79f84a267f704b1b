import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "./openapi";
import {
  asRecord,
  authorize,
  createSession,
  placeOrder,
  startSimulator,
  swedishOrder,
  type TestSimulator,
} from "./helpers";

// Every response body the store reads is checked against Klarna's OpenAPI schema for that operation.
describe("responses follow Klarna's OpenAPI specs", () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startSimulator();
  });
  afterAll(() => t.close());

  it("the check itself rejects invented fields and wrong types", () => {
    expect(contractErrors("ordermanagement", "Order", { order_id: "x", invented: 1 })).not.toEqual([]);
    expect(contractErrors("ordermanagement", "Order", { order_id: "x", order_amount: "12" })).not.toEqual([]);
    expect(contractErrors("ordermanagement", "Order", { order_id: "x", status: "PAID" })).not.toEqual([]);
    expect(contractErrors("kustom", "order", { order_id: "x", invented: 1 })).not.toEqual([]);
    expect(contractErrors("kustom", "order", { order_id: "x", order_amount: "12" })).not.toEqual([]);
  });

  it("create session returns a merchant_session", async () => {
    const response = await t.api("POST", "/payments/v1/sessions", {
      ...swedishOrder(),
      merchant_urls: { authorization: "http://localhost:1/authorization", validation: "http://localhost:1/validation" },
    });
    expect(response.status).toBe(200);
    expect(contractErrors("payments", "merchant_session", response.body)).toEqual([]);
  });

  it("read session returns a session_read, complete with a token once authorized", async () => {
    const { sessionId } = await createSession(t, {
      billing_address: { given_name: "Alice", family_name: "Test", email: "customer@email.se", country: "SE" },
      customer: { date_of_birth: "1941-03-21", national_identification_number: "194103219202" },
      merchant_reference1: "ORDER-1",
      options: { color_text: "#111111" },
    });
    const before = await t.api("GET", `/payments/v1/sessions/${sessionId}`);
    expect(contractErrors("payments", "session_read", before.body)).toEqual([]);
    expect(asRecord(before.body).status).toBe("incomplete");

    const token = await authorize(t, sessionId);
    const after = await t.api("GET", `/payments/v1/sessions/${sessionId}`);
    expect(contractErrors("payments", "session_read", after.body)).toEqual([]);
    expect(asRecord(after.body)).toMatchObject({ status: "complete", authorization_token: token });
  });

  it("create order returns an order", async () => {
    const { body } = await placeOrder(t, { merchantUrls: { confirmation: "https://shop.test/thanks/{order.id}" } });
    expect(contractErrors("payments", "order", body)).toEqual([]);
  });

  it("customer token returns a customer_token_creation_response", async () => {
    const { sessionId } = await createSession(t, { intent: "buy_and_tokenize" });
    const token = await authorize(t, sessionId);
    const response = await t.api("POST", `/payments/v1/authorizations/${token}/customer-token`, {
      description: "Coffee subscription",
      intended_use: "SUBSCRIPTION",
      locale: "sv-SE",
      purchase_country: "SE",
      purchase_currency: "SEK",
    });
    expect(response.status).toBe(200);
    expect(contractErrors("payments", "customer_token_creation_response", response.body)).toEqual([]);
  });

  it("Order Management order, captures and refunds match Order, Capture and Refund", async () => {
    const { orderId } = await placeOrder(t);
    const base = `/ordermanagement/v1/orders/${orderId}`;
    const fresh = await t.api("GET", base);
    expect(contractErrors("ordermanagement", "Order", fresh.body)).toEqual([]);

    const capture = await t.api("POST", `${base}/captures`, {
      captured_amount: 20000,
      reference: "parcel-1",
      order_lines: [{ name: "Ceramic mug", quantity: 1, unit_price: 25000, total_amount: 25000, reference: "mug-01" }],
      shipping_info: [{ shipping_company: "PostNord", shipping_method: "Home", tracking_number: "123" }],
    });
    expect(capture.status).toBe(201);
    const captureId = capture.headers.get("capture-id") ?? "";
    const refund = await t.api("POST", `${base}/refunds`, { refunded_amount: 5000, reference: "return-1" });
    expect(refund.status).toBe(201);
    const refundId = refund.headers.get("refund-id") ?? "";

    const order = await t.api("GET", base);
    expect(contractErrors("ordermanagement", "Order", order.body)).toEqual([]);
    const captures = await t.api("GET", `${base}/captures`);
    expect(Array.isArray(captures.body)).toBe(true);
    for (const item of captures.body as unknown[]) expect(contractErrors("ordermanagement", "Capture", item)).toEqual([]);
    const one = await t.api("GET", `${base}/captures/${captureId}`);
    expect(contractErrors("ordermanagement", "Capture", one.body)).toEqual([]);
    const refundRead = await t.api("GET", `${base}/refunds/${refundId}`);
    expect(contractErrors("ordermanagement", "Refund", refundRead.body)).toEqual([]);
    const options = await t.api("GET", `${base}/captures/${captureId}/extend-due-date-options`);
    expect(contractErrors("ordermanagement", "ExtendDueDateOptions", options.body)).toEqual([]);
  });

  it("errors carry error_code, error_messages and correlation_id", async () => {
    const badSession = await t.api("POST", "/payments/v1/sessions", { ...swedishOrder(), order_amount: 1 });
    expect(badSession.status).toBe(400);
    expect(contractErrors("payments", "ErrorV2", badSession.body)).toEqual([]);

    const noOrder = await t.api("GET", "/ordermanagement/v1/orders/00000000-0000-0000-0000-000000000000");
    expect(noOrder.status).toBe(404);
    expect(contractErrors("ordermanagement", "No_such_order_error_message", noOrder.body)).toEqual([]);

    const { orderId } = await placeOrder(t);
    const tooMuch = await t.api("POST", `/ordermanagement/v1/orders/${orderId}/captures`, { captured_amount: 999999 });
    expect(tooMuch.status).toBe(403);
    expect(contractErrors("ordermanagement", "Capture_not_allowed_error_message", tooMuch.body)).toEqual([]);
    for (const body of [badSession.body, noOrder.body, tooMuch.body]) {
      expect(Object.keys(asRecord(body)).sort()).toEqual(["correlation_id", "error_code", "error_messages"]);
    }
  });
});
