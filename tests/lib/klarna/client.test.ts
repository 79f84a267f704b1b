import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import {
  createKlarnaClient,
  describeKlarnaError,
  isKlarnaNotFound,
  KlarnaApiError,
  KlarnaUnavailableError,
  type Idempotent,
  type KlarnaClient,
  type OrderRequest,
  type SessionRequest,
} from "@/lib/klarna";
import { jsonBody, startFakeKlarna, type FakeKlarna } from "./fake-klarna";

// base64("PK12345_storefront:s3cr3t:pa ss"), written out so the test does not share the code under test's encoding.
const EXPECTED_AUTHORIZATION = "Basic UEsxMjM0NV9zdG9yZWZyb250OnMzY3IzdDpwYSBzcw==";

const ORDER_ID = "0b1d9815-165e-42e2-8867-35bc03789e00";

const orderRequest: OrderRequest = {
  purchase_country: "SE",
  purchase_currency: "SEK",
  locale: "en-SE",
  order_amount: 104_900,
  order_tax_amount: 20_980,
  order_lines: [
    {
      type: "physical",
      reference: "fjell-down-jacket",
      name: "Fjell Down Jacket",
      quantity: 1,
      unit_price: 100_000,
      tax_rate: 2500,
      total_amount: 100_000,
      total_discount_amount: 0,
      total_tax_amount: 20_000,
    },
    {
      type: "shipping_fee",
      reference: "shipping",
      name: "Shipping",
      quantity: 1,
      unit_price: 4900,
      tax_rate: 2500,
      total_amount: 4900,
      total_tax_amount: 980,
    },
  ],
};

const sessionRequest: SessionRequest = {
  ...orderRequest,
  merchant_urls: { authorization: "https://store.example/api/klarna/authorization" },
  intent: "buy",
};

const managedOrder = {
  order_id: ORDER_ID,
  status: "AUTHORIZED",
  fraud_status: "ACCEPTED",
  order_amount: 104_900,
  original_order_amount: 104_900,
  captured_amount: 0,
  refunded_amount: 0,
  remaining_authorized_amount: 104_900,
  purchase_currency: "SEK",
  purchase_country: "SE",
  locale: "en-SE",
  order_lines: sessionRequest.order_lines,
  merchant_reference1: null,
  captures: [],
  refunds: [],
  expires_at: "2030-01-29T10:25:40.000Z",
  some_field_klarna_added_later: { nested: true },
};

let fake: FakeKlarna;
let client: KlarnaClient;

beforeAll(async () => {
  fake = await startFakeKlarna();
  client = createKlarnaClient({
    apiUrl: `${fake.url}/`,
    username: "PK12345_storefront",
    password: "s3cr3t:pa ss",
    timeoutMs: 2000,
  });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected the call to fail");
}

describe("what Klarna receives", () => {
  it("authenticates every call with HTTP Basic, as JSON, naming the store", async () => {
    fake.answerWith((request) =>
      request.method === "GET"
        ? { status: 200, body: managedOrder }
        : { status: 200, body: { session_id: "s-1", client_token: "token" } },
    );
    await client.orders.get(ORDER_ID);
    await client.payments.createSession(sessionRequest);

    expect(fake.received).toHaveLength(2);
    for (const request of fake.received) {
      expect(request.headers.authorization).toBe(EXPECTED_AUTHORIZATION);
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.headers["user-agent"]).toMatch(/^klarna-storefront\//);
    }
  });

  it("creates a session with the request as Klarna's JSON body and returns the client token", async () => {
    fake.answerWith(() => ({
      status: 200,
      body: {
        session_id: "8eb8e26e-01a7-56ee-b847-3add243345f9",
        client_token: "eyJhbGciOi.example.token",
        payment_method_categories: [{ identifier: "pay_later", name: "Pay later", asset_urls: null }],
      },
    }));
    const session = await client.payments.createSession(sessionRequest);

    expect(fake.received[0]).toMatchObject({ method: "POST", url: "/payments/v1/sessions" });
    expect(jsonBody(fake.received[0])).toEqual(sessionRequest);
    expect(session).toEqual({
      session_id: "8eb8e26e-01a7-56ee-b847-3add243345f9",
      client_token: "eyJhbGciOi.example.token",
      payment_method_categories: [{ identifier: "pay_later", name: "Pay later", asset_urls: undefined }],
    });
  });

  it("places the order on the authorization token and returns Klarna's order id", async () => {
    fake.answerWith(() => ({
      status: 200,
      body: { order_id: ORDER_ID, redirect_url: "https://klarna.example/redirect", fraud_status: "ACCEPTED" },
    }));
    const order = await client.payments.placeOrder("auth-token-1", { ...orderRequest, auto_capture: false });

    expect(fake.received[0]).toMatchObject({ method: "POST", url: "/payments/v1/authorizations/auth-token-1/order" });
    expect(jsonBody(fake.received[0])).toMatchObject({ order_amount: 104_900, auto_capture: false });
    expect(order.order_id).toBe(ORDER_ID);
  });

  it("reads an order, tolerating fields Klarna added and nulls where a value is optional", async () => {
    fake.answerWith(() => ({ status: 200, body: managedOrder }));
    const order = await client.orders.get(ORDER_ID);

    expect(fake.received[0]).toMatchObject({ method: "GET", url: `/ordermanagement/v1/orders/${ORDER_ID}` });
    expect(order).toMatchObject({ order_id: ORDER_ID, status: "AUTHORIZED", remaining_authorized_amount: 104_900 });
    expect(order.merchant_reference1).toBeUndefined();
    expect(order).not.toHaveProperty("some_field_klarna_added_later");
  });

  it("captures with the idempotency key and returns the capture id from the Capture-Id header", async () => {
    fake.answerWith(() => ({
      status: 201,
      headers: {
        "Capture-Id": "4ba29b50-be7b-44f5-a492-113e6a865e22",
        Location: `/ordermanagement/v1/orders/${ORDER_ID}/captures/some-other-id`,
      },
    }));
    const capture = { captured_amount: 104_900, reference: "shipment-1", description: "Shipped in full" };
    const result = await client.orders.capture(ORDER_ID, capture, { idempotencyKey: "capture-key-1" });

    expect(result).toEqual({ captureId: "4ba29b50-be7b-44f5-a492-113e6a865e22" });
    expect(fake.received[0]).toMatchObject({ method: "POST", url: `/ordermanagement/v1/orders/${ORDER_ID}/captures` });
    expect(fake.received[0]?.headers["klarna-idempotency-key"]).toBe("capture-key-1");
    expect(jsonBody(fake.received[0])).toEqual(capture);
  });

  it("takes a refund's id from the Location header when Refund-Id is missing", async () => {
    fake.answerWith(() => ({
      status: 201,
      headers: { Location: `${fake.url}/ordermanagement/v1/orders/${ORDER_ID}/refunds/refund%2F7` },
    }));
    const result = await client.orders.refund(ORDER_ID, { refunded_amount: 4900 }, { idempotencyKey: "refund-key-1" });

    expect(result).toEqual({ refundId: "refund/7" });
    expect(fake.received[0]?.headers["klarna-idempotency-key"]).toBe("refund-key-1");
    expect(jsonBody(fake.received[0])).toEqual({ refunded_amount: 4900 });
  });

  it("sends the same key and body again when the store retries a refund whose first attempt failed", async () => {
    fake.answerWith((_request, index) =>
      index === 0
        ? { status: 503, body: { error_code: "TEMPORARILY_UNAVAILABLE" } }
        : { status: 201, headers: { "Refund-Id": "r-1" } },
    );
    const refund = { refunded_amount: 2500, reference: "return-42" };
    const options = { idempotencyKey: "7d3c1f0e-2b8a-4e55-9c3e-refund-42" };

    await expect(client.orders.refund(ORDER_ID, refund, options)).rejects.toBeInstanceOf(KlarnaUnavailableError);
    expect(fake.received).toHaveLength(1);
    await expect(client.orders.refund(ORDER_ID, refund, options)).resolves.toEqual({ refundId: "r-1" });

    expect(fake.received).toHaveLength(2);
    const [first, second] = fake.received;
    expect(second?.headers["klarna-idempotency-key"]).toBe(first?.headers["klarna-idempotency-key"]);
    expect(second?.headers["klarna-idempotency-key"]).toBe(options.idempotencyKey);
    expect(second?.body).toBe(first?.body);
  });

  it("posts shipping info for a capture wrapped in Klarna's shipping_info field", async () => {
    fake.answerWith(() => ({ status: 204 }));
    const shippingInfo = [
      { shipping_company: "PostNord", shipping_method: "PickUpPoint" as const, tracking_number: "00370712345" },
    ];
    await client.orders.addShippingInfo(ORDER_ID, "cap-1", shippingInfo, { idempotencyKey: "ship-key" });

    expect(fake.received[0]).toMatchObject({
      method: "POST",
      url: `/ordermanagement/v1/orders/${ORDER_ID}/captures/cap-1/shipping-info`,
    });
    expect(fake.received[0]?.headers["klarna-idempotency-key"]).toBe("ship-key");
    expect(jsonBody(fake.received[0])).toEqual({ shipping_info: shippingInfo });
  });

  it.each([
    [
      "cancel",
      (c: KlarnaClient) => c.orders.cancel(ORDER_ID, { idempotencyKey: "k-cancel" }),
      "POST",
      "/cancel",
      "k-cancel",
    ],
    [
      "release",
      (c: KlarnaClient) => c.orders.releaseRemainingAuthorization(ORDER_ID, { idempotencyKey: "k-release" }),
      "POST",
      "/release-remaining-authorization",
      "k-release",
    ],
    [
      "extend",
      (c: KlarnaClient) => c.orders.extendAuthorizationTime(ORDER_ID, { idempotencyKey: "k-extend" }),
      "POST",
      "/extend-authorization-time",
      "k-extend",
    ],
    [
      "merchant references",
      (c: KlarnaClient) =>
        c.orders.updateMerchantReferences(ORDER_ID, { merchant_reference1: "T-1001" }, { idempotencyKey: "k-refs" }),
      "PATCH",
      "/merchant-references",
      "k-refs",
    ],
    ["acknowledge", (c: KlarnaClient) => c.orders.acknowledge(ORDER_ID), "POST", "/acknowledge", undefined],
  ] as const)("sends %s to its endpoint with its idempotency key", async (_name, call, method, suffix, key) => {
    fake.answerWith(() => ({ status: 204 }));
    await call(client);

    expect(fake.received[0]).toMatchObject({ method, url: `/ordermanagement/v1/orders/${ORDER_ID}${suffix}` });
    expect(fake.received[0]?.headers["klarna-idempotency-key"]).toBe(key);
  });

  it("makes the idempotency key mandatory for every money-moving or state-changing call", () => {
    expectTypeOf(client.orders.capture).parameter(2).toEqualTypeOf<Idempotent>();
    expectTypeOf(client.orders.refund).parameter(2).toEqualTypeOf<Idempotent>();
    expectTypeOf(client.orders.cancel).parameter(1).toEqualTypeOf<Idempotent>();
    expectTypeOf(client.orders.releaseRemainingAuthorization).parameter(1).toEqualTypeOf<Idempotent>();
    expectTypeOf(client.orders.extendAuthorizationTime).parameter(1).toEqualTypeOf<Idempotent>();
    expectTypeOf(client.orders.addShippingInfo).parameter(3).toEqualTypeOf<Idempotent>();
    expectTypeOf(client.orders.updateMerchantReferences).parameter(2).toEqualTypeOf<Idempotent>();
  });

  it("encodes ids so each stays one path segment", async () => {
    fake.answerWith(() => ({ status: 200, body: { capture_id: "c", captured_amount: 1 } }));
    await client.orders.getCapture("ord/1 ?#%", "cap+é&x=1");
    await client.payments.cancelAuthorization("tok/../x").catch(() => undefined);

    expect(fake.received[0]?.url).toBe("/ordermanagement/v1/orders/ord%2F1%20%3F%23%25/captures/cap%2B%C3%A9%26x%3D1");
    expect(fake.received[1]).toMatchObject({ method: "DELETE", url: "/payments/v1/authorizations/tok%2F..%2Fx" });
  });

  it("refuses, without calling Klarna, ids that would change the path and keys it cannot send", async () => {
    const bad: Array<Promise<unknown>> = [
      client.orders.get(".."),
      client.orders.get(""),
      client.orders.addShippingInfo(ORDER_ID, "..", [], { idempotencyKey: "k" }),
      client.orders.capture(ORDER_ID, { captured_amount: 1 }, { idempotencyKey: "" }),
      client.orders.refund(ORDER_ID, { refunded_amount: 1 }, { idempotencyKey: "two words" }),
      // What a JavaScript caller or a cast could still do.
      client.orders.cancel(ORDER_ID, {} as Idempotent),
    ];
    for (const promise of bad) await expect(promise).rejects.toBeInstanceOf(TypeError);
    expect(fake.received).toHaveLength(0);
  });
});

describe("answers the store does not take at face value", () => {
  it("turns a 403 CAPTURE_NOT_ALLOWED into a KlarnaApiError the merchant can read", async () => {
    fake.answerWith(() => ({
      status: 403,
      body: {
        error_code: "CAPTURE_NOT_ALLOWED",
        error_messages: ["Capture not allowed"],
        correlation_id: "66782175-ae05-44fc-9eb3-eeceadbad271",
      },
    }));
    const err = await rejection(client.orders.capture(ORDER_ID, { captured_amount: 999_999 }, { idempotencyKey: "k" }));

    expect(err).toBeInstanceOf(KlarnaApiError);
    expect(err).toMatchObject({
      status: 403,
      errorCode: "CAPTURE_NOT_ALLOWED",
      errorMessages: ["Capture not allowed"],
      correlationId: "66782175-ae05-44fc-9eb3-eeceadbad271",
      operation: "orders.capture",
    });
    const description = describeKlarnaError(err);
    expect(description).toMatch(/^Klarna refused the capture: the amount is more than what remains authorized/);
    expect(description).not.toMatch(/CAPTURE_NOT_ALLOWED|[{}"]/);
    expect(isKlarnaNotFound(err)).toBe(false);
  });

  it("recognises Klarna's 404 for an unknown order", async () => {
    fake.answerWith(() => ({
      status: 404,
      body: {
        error_code: "NO_SUCH_ORDER",
        error_messages: [`Order ${ORDER_ID} cannot be found`],
        correlation_id: "c-404",
      },
    }));
    const err = await rejection(client.orders.get(ORDER_ID));

    expect(isKlarnaNotFound(err)).toBe(true);
    expect(describeKlarnaError(err)).toBe("Klarna has no order with this id. Check the Klarna order id.");
  });

  it("keeps a refusal without a body as a KlarnaApiError, with the correlation id from Klarna's header", async () => {
    fake.answerWith(() => ({ status: 403, headers: { "Klarna-Correlation-Id": "hdr-corr-1" } }));
    const err = await rejection(client.payments.cancelAuthorization("auth-token-1"));

    expect(err).toBeInstanceOf(KlarnaApiError);
    expect(err).toMatchObject({ status: 403, errorCode: undefined, correlationId: "hdr-corr-1" });
    expect(describeKlarnaError(err)).toBe("Klarna did not allow the cancellation of the authorization.");
  });

  it("treats a 500 as Klarna being unavailable", async () => {
    fake.answerWith(() => ({
      status: 500,
      headers: { "Klarna-Correlation-Id": "corr-500" },
      body: { error_code: "INTERNAL_SERVER_ERROR", error_messages: ["Unexpected server error"] },
    }));
    const err = await rejection(client.orders.get(ORDER_ID));

    expect(err).toBeInstanceOf(KlarnaUnavailableError);
    expect(err).toMatchObject({ reason: "server", status: 500, correlationId: "corr-500" });
  });

  it("treats a 429 as unavailable, since the same call will succeed later", async () => {
    fake.answerWith(() => ({ status: 429, body: { error_code: "TOO_MANY_REQUESTS" } }));
    const err = await rejection(client.orders.acknowledge(ORDER_ID));

    expect(err).toMatchObject({ name: "KlarnaUnavailableError", reason: "rate-limited", status: 429 });
  });

  it("treats a refused connection as unavailable", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const apiUrl = `http://127.0.0.1:${port}`;
    const unreachable = createKlarnaClient({ apiUrl, username: "u", password: "p", timeoutMs: 2000 });

    const err = await rejection(unreachable.orders.get(ORDER_ID));

    expect(err).toBeInstanceOf(KlarnaUnavailableError);
    expect(err).toMatchObject({ reason: "network" });
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
  });

  it("gives up on a server that never answers once the timeout passes", async () => {
    fake.answerWith(() => "hang");
    const impatient = createKlarnaClient({ apiUrl: fake.url, username: "u", password: "p", timeoutMs: 200 });

    const started = performance.now();
    const err = await rejection(impatient.orders.capture(ORDER_ID, { captured_amount: 100 }, { idempotencyKey: "k" }));
    const elapsed = performance.now() - started;

    expect(err).toBeInstanceOf(KlarnaUnavailableError);
    expect(err).toMatchObject({ reason: "timeout", operation: "orders.capture" });
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1500);
    expect(describeKlarnaError(err)).toMatch(/not known whether the change took effect/);
  });

  it("never trusts a 200 whose order lacks an order_id", async () => {
    const withoutId: Record<string, unknown> = { ...managedOrder };
    delete withoutId.order_id;
    fake.answerWith((request) =>
      request.method === "GET"
        ? { status: 200, body: withoutId }
        : { status: 200, body: { redirect_url: "https://klarna.example/redirect" } },
    );

    const read = await rejection(client.orders.get(ORDER_ID));
    const placed = await rejection(client.payments.placeOrder("auth-token-1", orderRequest));

    for (const err of [read, placed]) {
      expect(err).toBeInstanceOf(KlarnaUnavailableError);
      expect(err).toMatchObject({ reason: "invalid-response" });
      expect((err as Error).message).toMatch(/order_id/);
    }
  });

  it("never trusts a 200 that is not JSON, or an order with a status Klarna does not define", async () => {
    fake.answerWith((_request, index) =>
      index === 0
        ? { status: 200, body: "<html>Gateway</html>" }
        : { status: 200, body: { ...managedOrder, status: "SHIPPED" } },
    );

    await expect(client.orders.get(ORDER_ID)).rejects.toMatchObject({ reason: "invalid-response" });
    await expect(client.orders.get(ORDER_ID)).rejects.toMatchObject({ reason: "invalid-response" });
  });

  it("does not follow a redirect, which would carry the store's credentials elsewhere", async () => {
    fake.answerWith(() => ({ status: 307, headers: { Location: "http://127.0.0.1:9/elsewhere" } }));
    const err = await rejection(client.orders.get(ORDER_ID));

    expect(err).toBeInstanceOf(KlarnaUnavailableError);
    expect(err).toMatchObject({ reason: "invalid-response", status: 307 });
    expect(fake.received).toHaveLength(1);
  });

  it("does not report a capture as made when Klarna's 201 names no capture id", async () => {
    fake.answerWith(() => ({ status: 201 }));
    const err = await rejection(client.orders.capture(ORDER_ID, { captured_amount: 100 }, { idempotencyKey: "k" }));

    expect(err).toBeInstanceOf(KlarnaUnavailableError);
    expect(err).toMatchObject({ reason: "invalid-response" });
  });
});
