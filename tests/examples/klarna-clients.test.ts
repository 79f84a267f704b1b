import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  KlarnaApiError,
  KlarnaUnavailableError,
  createKlarnaClient,
  isKlarnaNotFound,
  type KlarnaClient,
  type SessionRequest,
} from "@/lib/klarna";
import { createKustomClient, type KustomClient } from "@/lib/payments/kustom/client";
import { captureSchema, managedOrderSchema } from "@/lib/klarna/types";
import { startFakeKlarna, type FakeKlarna } from "@/tests/lib/klarna/fake-klarna";
import { replay, vendorExample, vendorExamples, type VendorExample } from "@/tests/support/vendor-examples";

/*
 * The store's Klarna client (lib/klarna/client.ts), used for Klarna Payments and, at Kustom's host, for Kustom
 * Checkout and Kustom's Order Management (lib/payments/kustom/client.ts), is pointed at a server that answers each
 * documented response of reference/examples/{klarna-payments,order-management,kustom} verbatim. A success must parse;
 * an error status must be refused as Klarna's refusal (KlarnaApiError), never as an outage.
 */

const KEY = { idempotencyKey: "9f0d6f0e-5b3a-4c1e-8d8f-1b2c3d4e5f60" };
const ORDER = { purchase_country: "SE", purchase_currency: "SEK", locale: "sv-SE", order_amount: 100, order_tax_amount: 0 };
const LINE = { name: "Mug", quantity: 1, unit_price: 100, total_amount: 100 };
const sessionRequest: SessionRequest = { ...ORDER, order_lines: [LINE] };

/** Each operation the store calls, by the vendor's name for it. */
const CALLS: Record<string, (client: KlarnaClient & KustomClient) => Promise<unknown>> = {
  "POST /payments/v1/sessions": (c) => c.payments.createSession(sessionRequest),
  "GET /payments/v1/sessions/{session_id}": (c) => c.payments.readSession("s-1"),
  "POST /payments/v1/sessions/{session_id}": (c) => c.payments.updateSession("s-1", { order_amount: 100 }),
  "POST /payments/v1/authorizations/{authorizationToken}/order": (c) => c.payments.placeOrder("t-1", sessionRequest),
  "DELETE /payments/v1/authorizations/{authorizationToken}": (c) => c.payments.cancelAuthorization("t-1"),
  "POST /payments/v1/authorizations/{authorizationToken}/customer-token": (c) =>
    c.payments.createCustomerToken("t-1", { ...ORDER, description: "Subscription", intended_use: "SUBSCRIPTION" }),
  "GET /ordermanagement/v1/orders/{order_id}": (c) => c.orders.get("o-1"),
  "POST /ordermanagement/v1/orders/{order_id}/acknowledge": (c) => c.orders.acknowledge("o-1", KEY),
  "POST /ordermanagement/v1/orders/{order_id}/captures": (c) => c.orders.capture("o-1", { captured_amount: 100 }, KEY),
  "GET /ordermanagement/v1/orders/{order_id}/captures/{capture_id}": (c) => c.orders.getCapture("o-1", "c-1"),
  "POST /ordermanagement/v1/orders/{order_id}/captures/{capture_id}/shipping-info": (c) =>
    c.orders.addShippingInfo("o-1", "c-1", [{ shipping_company: "DHL", tracking_number: "1" }], KEY),
  "POST /ordermanagement/v1/orders/{order_id}/refunds": (c) => c.orders.refund("o-1", { refunded_amount: 100 }, KEY),
  "POST /ordermanagement/v1/orders/{order_id}/cancel": (c) => c.orders.cancel("o-1", KEY),
  "POST /ordermanagement/v1/orders/{order_id}/release-remaining-authorization": (c) =>
    c.orders.releaseRemainingAuthorization("o-1", KEY),
  "POST /ordermanagement/v1/orders/{order_id}/extend-authorization-time": (c) => c.orders.extendAuthorizationTime("o-1", KEY),
  "PATCH /ordermanagement/v1/orders/{order_id}/merchant-references": (c) =>
    c.orders.updateMerchantReferences("o-1", { merchant_reference1: "ON-1" }, KEY),
  "PATCH /ordermanagement/v1/orders/{order_id}/authorization": (c) =>
    c.orders.updateAuthorization("o-1", { order_amount: 100, order_lines: [LINE] }, KEY),
  "PATCH /ordermanagement/v1/orders/{order_id}/customer-details": (c) =>
    c.orders.updateCustomerDetails("o-1", { shipping_address: { given_name: "Alice", country: "SE" } }, KEY),
  "GET /ordermanagement/v1/orders/{order_id}/captures/{capture_id}/extend-due-date-options": (c) =>
    c.orders.dueDateOptions("o-1", "c-1"),
  "PATCH /ordermanagement/v1/orders/{order_id}/captures/{capture_id}/extend-due-date": (c) =>
    c.orders.extendDueDate("o-1", "c-1", 14, KEY),
  "POST /ordermanagement/v1/orders/{order_id}/captures/{capture_id}/trigger-send-out": (c) =>
    c.orders.triggerSendOut("o-1", "c-1", KEY),
  "POST /checkout/v3/orders": (c) =>
    c.checkout.createOrder({
      ...ORDER,
      order_lines: [{ ...LINE, tax_rate: 0, total_tax_amount: 0 }],
      merchant_urls: { terms: "https://s/t", checkout: "https://s/c", confirmation: "https://s/k", push: "https://s/p" },
    }),
  "GET /checkout/v3/orders/{order_id}": (c) => c.checkout.readOrder("o-1"),
  "POST /checkout/v3/orders/{order_id}": (c) => c.checkout.updateOrder("o-1", { order_amount: 100 }),
  "POST /checkout/v3/orders/{order_id}/abort": (c) => c.checkout.abortOrder("o-1"),
};

/** Operations with documented answers that the store never calls: nothing of the store can misread them. */
const NOT_CALLED = new Set([
  "GET /ordermanagement/v1/orders/{order_id}/captures",
  "GET /ordermanagement/v1/orders/{order_id}/refunds/{refund_id}",
  "POST /ordermanagement/v1/orders/{order_id}/shipping-info",
]);

/**
 * Successes the client must refuse as unusable, naming exactly these fields: the printed example lacks them because
 * the spec prints no example value for them, and either the spec requires them or the store acts on them (an order
 * without its amount cannot be settled). Any other field the client demands of a documented answer is a store bug.
 */
const LINE_FIELDS = /^((captures|refunds)\.\d+\.)?order_lines\.\d+\.(name|unit_price|total_amount)$/;
const INCOMPLETE: Record<string, RegExp[]> = {
  // payments-v1 `order.required: [order_id]`; only redirect_url has a printed example.
  "klarna-payments/spec-post-authorizations-authorization-token-order-200": [/^order_id$/],
  // ordermanagement-v1 `order_line.required: [name, quantity, total_amount, unit_price]`; order_amount, a capture's
  // captured_amount and a refund's refunded_amount have no printed example, and the store's totals are made of them.
  "order-management/spec-get-orders-order-id-200": [
    /^order_amount$/,
    LINE_FIELDS,
    /^captures\.\d+\.captured_amount$/,
    /^refunds\.\d+\.refunded_amount$/,
  ],
  "order-management/spec-get-orders-order-id-captures-capture-id-200": [/^captured_amount$/, LINE_FIELDS],
  // ordermanagement-v1 documents the headers Capture-Id and Location on 201 without values.
  "order-management/spec-post-orders-order-id-captures-201": [/^neither Capture-Id nor Location names the new id$/],
  "order-management/spec-post-orders-order-id-refunds-201": [/^neither Refund-Id nor Location names the new id$/],
};

/** The fields an invalid-response refusal names ("path: problem; path: problem"), or its whole detail. */
function namedFields(error: KlarnaUnavailableError): string[] {
  const detail = error.message.replace(/^[^:]*\(invalid-response\): /, "");
  return detail.includes(": ") ? detail.split("; ").map((issue) => issue.split(": ")[0] ?? issue) : [detail];
}

/**
 * The response headers a recording keeps that describe its transport (the recorded body was gzip-compressed and
 * chunked), not the message: the replayed body is the decoded JSON, so these would make the answer undecodable.
 */
const TRANSPORT_HEADERS = new Set(["content-encoding", "transfer-encoding", "connection", "content-length"]);

function replayable(example: VendorExample): VendorExample {
  const response = example.response!;
  const headers = Object.fromEntries(
    Object.entries(response.headers ?? {}).filter(([name]) => !TRANSPORT_HEADERS.has(name.toLowerCase())),
  );
  return { ...example, response: { ...response, headers } };
}

const cases = (["klarna-payments", "order-management", "kustom"] as const).flatMap((provider) =>
  Object.entries(vendorExamples(provider))
    .filter(([, example]) => example.response && example.operation && !example.operation.includes("merchant_urls."))
    .map(([name, example]) => ({ key: `${provider}/${name}`, example })),
);

describe("the store's Klarna and Kustom clients read every documented answer", () => {
  let fake: FakeKlarna;
  let client: KlarnaClient & KustomClient;
  beforeAll(async () => {
    fake = await startFakeKlarna();
    const options = { apiUrl: fake.url, username: "u", password: "p", timeoutMs: 2000 };
    // Klarna Payments' client, and Kustom's own for Checkout v3 (the same wire API at Kustom's host).
    client = { ...createKlarnaClient(options), checkout: createKustomClient(options).checkout };
  });
  beforeEach(() => fake.reset());
  afterAll(() => fake.close());

  it("has a client call or a stated reason for every documented operation", () => {
    const unknown = cases
      .map(({ example }) => example.operation!)
      .filter((operation) => !(operation in CALLS) && !NOT_CALLED.has(operation));
    expect(unknown).toEqual([]);
    expect(cases.length).toBeGreaterThan(60);
  });

  for (const { key, example } of cases.filter(({ example }) => example.operation! in CALLS)) {
    const status = example.response!.status;
    it(`${key}: ${status} ${status < 300 ? (key in INCOMPLETE ? "is refused as incomplete" : "parses") : "is refused"}`, async () => {
      replay(fake, replayable(example));
      const outcome = await CALLS[example.operation!]!(client).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      expect(fake.received).toHaveLength(1);
      if (status >= 200 && status < 300 && !(key in INCOMPLETE)) {
        expect(outcome, `the client refused ${example.source}`).not.toHaveProperty("error");
        return;
      }
      expect(outcome).toHaveProperty("error");
      const { error } = outcome as { error: unknown };
      if (key in INCOMPLETE) {
        expect(error).toBeInstanceOf(KlarnaUnavailableError);
        expect((error as KlarnaUnavailableError).reason).toBe("invalid-response");
        const unexpected = namedFields(error as KlarnaUnavailableError).filter(
          (field) => !INCOMPLETE[key]!.some((allowed) => allowed.test(field)),
        );
        expect(unexpected, `fields the client demands that ${example.source} does not promise`).toEqual([]);
        return;
      }
      // A documented 4xx is the vendor refusing: it must never be taken for an outage (and retried for ever).
      expect(error).toBeInstanceOf(KlarnaApiError);
      expect((error as KlarnaApiError).status).toBe(status);
      expect(isKlarnaNotFound(error)).toBe(status === 404);
      // A printed error body is read: its code decides what the merchant is told, its correlation id finds the call.
      const body = example.response!.body as { error_code?: string; correlation_id?: string } | undefined;
      if (body?.error_code) expect((error as KlarnaApiError).errorCode).toBe(body.error_code);
      if (body?.correlation_id) expect((error as KlarnaApiError).correlationId).toBe(body.correlation_id);
    });
  }

  it("demands of the documented order and capture only what the spec requires or the store acts on (all issues)", () => {
    const checks = [
      { key: "order-management/spec-get-orders-order-id-200", schema: managedOrderSchema },
      { key: "order-management/spec-get-orders-order-id-captures-capture-id-200", schema: captureSchema },
    ];
    for (const { key, schema } of checks) {
      const [provider, name] = key.split("/") as [string, string];
      const result = schema.safeParse(vendorExample(provider, name).response!.body);
      expect(result.success).toBe(false);
      const fields = result.error!.issues.map((issue) => issue.path.join("."));
      expect(fields.filter((field) => !INCOMPLETE[key]!.some((allowed) => allowed.test(field)))).toEqual([]);
    }
  });

  it("reads the recorded playground session as Klarna sent it", async () => {
    for (const name of ["har-playground-create-session", "har-playground-create-order"]) {
      const example = vendorExample("klarna-payments", name);
      replay(fake, replayable(example));
      const body = example.response!.body as { session_id: string; client_token: string; payment_method_categories: { identifier: string }[] };
      const session = await client.payments.createSession(sessionRequest);
      expect(session.session_id).toBe(body.session_id);
      expect(session.client_token).toBe(body.client_token);
      expect(session.payment_method_categories.map((category) => category.identifier)).toEqual(
        body.payment_method_categories.map((category) => category.identifier),
      );
    }
  });

  it("reads the documented checkout order, whose status the spec prints upper-case, as the guides' lower-case state", async () => {
    const example = vendorExample("kustom", "spec-get-orders-order-id-200");
    replay(fake, example);
    const order = await client.checkout.readOrder("o-1");
    expect(order.status).toBe("checkout_incomplete");
    expect(order.html_snippet).toContain("klarna-checkout-container");
  });
});
