import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  asRecord,
  createCheckout,
  kustomApi,
  kustomOrder,
  startMerchant,
  startSimulator,
  type ApiResponse,
  type TestSimulator,
} from "@/simulator/tests/helpers";
import { expectMatchesExample, vendorExample, vendorExamples, type VendorExample } from "@/tests/support/vendor-examples";

/*
 * The simulator is asked the operations the vendors document and its answers are held to the vendors' examples
 * (reference/examples/{klarna-payments,order-management,kustom}): the status, every field of the example with its JSON
 * type, and enumerated states among the values the vendor documents. Where the example is a request, the simulator is
 * sent that request verbatim.
 */

/** An example of the provider by name; a missing one fails the test that asks for it. */
function examplesOf(provider: string) {
  const all = vendorExamples(provider);
  return (name: string): VendorExample => {
    const example = all[name];
    if (!example) throw new Error(`reference/examples/${provider}/${name}.json does not exist`);
    return example;
  };
}
const KP = examplesOf("klarna-payments");
const OM = examplesOf("order-management");
const KCO = examplesOf("kustom");

/** Documented states (reference/klarna/ordermanagement-v1.openapi.json Order.status, fraud_status descriptions). */
const ORDER_STATES = ["AUTHORIZED", "PART_CAPTURED", "CAPTURED", "CANCELLED", "EXPIRED", "CLOSED"];
const FRAUD_STATES = ["ACCEPTED", "PENDING", "REJECTED"];
/**
 * A checkout order's states: the spec's example prints CHECKOUT_INCOMPLETE and describes the state as 'incomplete'
 * (reference/kustom/checkout-v3.openapi.yaml, order.status); Kustom's guides print checkout_incomplete,
 * checkout_complete (reference/kustom/notes.md §4, §8). Compared case-insensitively.
 */
const CHECKOUT_STATES = ["checkout_incomplete", "checkout_complete"];
/** Payments session status (reference/klarna/payments-v1.openapi.json, session_read.status enum). */
const SESSION_STATES = ["complete", "incomplete"];

/**
 * The simulator's answer as expectMatchesExample compares it. Where the vendor prints no body for a status, only the
 * status is held to the example; a refusal's body is then held to Klarna's error object instead (ErrorV2 in
 * reference/klarna/payments-v1.openapi.json, ErrorMessageDto in ordermanagement-v1; reference/kustom/notes.md §9).
 */
/** A shopper's details as typed into the hosted checkout. */
const SHOPPER = {
  email: "customer@email.se",
  given_name: "Alice",
  family_name: "Andersson",
  street_address: "Storgatan 1",
  postal_code: "12345",
  city: "Stockholm",
  phone: "+46701234567",
};

/**
 * Error codes the spec prints for the same refusal elsewhere. An unknown capture ("Order or capture not found") is
 * NO_SUCH_ORDER on GET capture but NO_SUCH_CAPTURE on trigger-send-out (ordermanagement-v1); the simulator answers
 * NO_SUCH_CAPTURE for a capture the order does not have, NO_SUCH_ORDER for an order it does not know.
 */
const ALSO_DOCUMENTED: Record<string, string[]> = {
  [vendorExample("order-management", "spec-get-orders-order-id-captures-capture-id-404").source]: ["NO_SUCH_CAPTURE"],
};

const answer = (response: ApiResponse) => ({ status: response.status, body: response.body, response });

function held(actual: ReturnType<typeof answer>, example: VendorExample, options: { ignore?: string[] } = {}) {
  const { response } = actual;
  const printed = example.response?.body as { error_code?: unknown } | undefined;
  if (printed !== undefined) {
    expectMatchesExample(actual, example, options);
    // An error code is an enumerated state: the simulator must answer the one the vendor prints for this refusal.
    if (typeof printed.error_code === "string") {
      expect([printed.error_code, ...(ALSO_DOCUMENTED[example.source] ?? [])]).toContain(asRecord(response.body).error_code);
    }
    return;
  }
  expectMatchesExample({ status: response.status, body: undefined }, example);
  if (response.status >= 400) {
    expect(response.body).toMatchObject({ error_code: expect.any(String), error_messages: expect.any(Array), correlation_id: expect.any(String) });
  }
}

/**
 * Fields of the assembled examples that depend on what the purchase held, not on the API: the simulator is held to
 * them only when the purchase has them. Each names why it may be absent.
 */
const PER_PURCHASE = {
  // Only instalment plans have a number of instalments (InitialPaymentMethodDto.number_of_installments).
  installments: "$.initial_payment_method.number_of_installments",
  // The customer's date of birth is collected by Klarna only in some markets and payment methods.
  customer: "$.customer",
};

/**
 * Address parts only some shoppers have: a company (organization_name), a c/o or attention line, a second street
 * line, a region, a title, and the street name and number that Kustom splits out in some markets. The simulator's
 * shoppers give name, street, postal code, city, country, email and phone.
 */
const ADDRESS_PARTS = ["attention", "care_of", "house_extension", "organization_name", "region", "street_address2", "street_name", "street_number", "title"];
function addressParts(...prefixes: string[]) {
  return prefixes.flatMap((prefix) =>
    ["billing_address", "shipping_address"].flatMap((address) => ADDRESS_PARTS.map((part) => `${prefix}${address}.${part}`)),
  );
}

describe("the simulator answers as the vendors' examples", () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startSimulator();
  });
  afterAll(() => t.close());

  describe("Klarna Payments", () => {
    const sessionRequest = KP("spec-post-sessions-request").request!.body as Record<string, unknown>;

    async function session() {
      const created = await t.api("POST", "/payments/v1/sessions", sessionRequest);
      const sessionId = String(asRecord(created.body).session_id);
      return { created, sessionId };
    }

    async function authorized(extra: Record<string, unknown> = {}) {
      const created = await t.api("POST", "/payments/v1/sessions", { ...sessionRequest, ...extra });
      const sessionId = String(asRecord(created.body).session_id);
      const approval = await t.api("POST", `/_sim/sessions/${sessionId}/authorize`, { email: "customer@email.co.uk" });
      expect(approval.status, approval.text).toBe(200);
      return { sessionId, token: String(asRecord(approval.body).authorization_token) };
    }

    it("creates a session from the documented request, answering as the spec and the recorded playground do", async () => {
      const { created } = await session();
      held(answer(created), KP("spec-post-sessions-200"));
      held(answer(created), KP("har-playground-create-session"));
      held(answer(created), KP("har-playground-create-order"));
    });

    it("reads the session back with every documented field", async () => {
      const { sessionId } = await session();
      const read = await t.api("GET", `/payments/v1/sessions/${sessionId}`);
      held(answer(read), KP("spec-get-sessions-session-id-200"));
      expect(SESSION_STATES).toContain(asRecord(read.body).status);
    });

    it("updates a session with the documented request: 204", async () => {
      const { sessionId } = await session();
      const update = KP("spec-post-sessions-session-id-request").request!.body;
      held(answer(await t.api("POST", `/payments/v1/sessions/${sessionId}`, update)), KP("spec-post-sessions-session-id-204"));
    });

    it("places the order from the documented request: 200 with the documented fields", async () => {
      const { token } = await authorized();
      const order = KP("spec-post-authorizations-authorization-token-order-request").request!.body;
      const placed = await t.api("POST", `/payments/v1/authorizations/${token}/order`, order);
      held(answer(placed), KP("spec-post-authorizations-authorization-token-order-200"));
      expect(asRecord(placed.body).order_id).toEqual(expect.any(String));
    });

    it("creates a customer token from the documented request for a tokenizing session", async () => {
      const { token } = await authorized({ intent: "buy_and_tokenize" });
      // customer_token_creation_request requires description and intended_use, for which the spec prints no example.
      const request = {
        ...(KP("spec-post-authorizations-authorization-token-customer-token-request").request!.body as object),
        description: "Monthly coffee subscription",
        intended_use: "SUBSCRIPTION",
      };
      const created = await t.api("POST", `/payments/v1/authorizations/${token}/customer-token`, request);
      held(answer(created), KP("spec-post-authorizations-authorization-token-customer-token-200"), {
        ignore: [PER_PURCHASE.customer],
      });
      // The redirect leads the shopper on to the session's confirmation URL.
      const redirect = await fetch(String(asRecord(created.body).redirect_url), { redirect: "manual" });
      expect(redirect.status).toBe(303);
      expect(redirect.headers.get("location")).toBe("https://www.example-url.com/confirmation");
    });

    it("cancels an authorization: 204, and 404 for one it does not know", async () => {
      const { token } = await authorized();
      held(answer(await t.api("DELETE", `/payments/v1/authorizations/${token}`)), KP("spec-delete-authorizations-authorization-token-204"));
      held(answer(await t.api("DELETE", "/payments/v1/authorizations/unknown")), KP("spec-delete-authorizations-authorization-token-404"));
    });

    it("answers the documented refusals", async () => {
      held(answer(await t.api("GET", "/payments/v1/sessions/unknown")), KP("spec-get-sessions-session-id-404"));
      held(answer(await t.api("POST", "/payments/v1/sessions/unknown", { locale: "en-GB" })), KP("spec-post-sessions-session-id-404"));
      held(answer(await t.api("POST", "/payments/v1/sessions", { ...sessionRequest, order_amount: 1 })), KP("spec-post-sessions-400"));
      held(answer(await t.api("POST", "/payments/v1/authorizations/unknown/order", sessionRequest)), KP("spec-post-authorizations-authorization-token-order-404"));
      const { token } = await authorized();
      const mismatched = await t.api("POST", `/payments/v1/authorizations/${token}/order`, { ...sessionRequest, order_amount: 1, order_lines: [{ ...(sessionRequest.order_lines as object[])[0], total_amount: 1, unit_price: 1, total_discount_amount: 0, total_tax_amount: 0, tax_rate: 0 }], order_tax_amount: 0 });
      held(answer(mismatched), KP("spec-post-authorizations-authorization-token-order-409"));
      // A customer token for a session that was not for tokenizing (payments-v1: 403 for an operation not allowed).
      const buyOnly = await t.api("POST", `/payments/v1/authorizations/${token}/customer-token`, {
        ...(KP("spec-post-authorizations-authorization-token-customer-token-request").request!.body as object),
        description: "Monthly coffee subscription",
        intended_use: "SUBSCRIPTION",
      });
      held(answer(buyOnly), KP("spec-post-authorizations-authorization-token-customer-token-403"));
    });
  });

  for (const api of ["klarna", "kustom"] as const) {
    describe(`Order Management at ${api === "klarna" ? "Klarna" : "Kustom"}`, () => {
      const call = (method: string, path: string, body?: unknown) =>
        api === "klarna" ? t.api(method, path, body) : kustomApi(t, method, path, body);

      /** An order from the documented session request (Klarna) or a completed Kustom checkout. */
      async function order(): Promise<{ base: string; lines: unknown[]; amount: number }> {
        if (api === "klarna") {
          const request = KP("spec-post-sessions-request").request!.body as Record<string, unknown>;
          const created = await t.api("POST", "/payments/v1/sessions", request);
          const sessionId = String(asRecord(created.body).session_id);
          const approval = await t.api("POST", `/_sim/sessions/${sessionId}/authorize`, { email: "customer@email.co.uk" });
          const token = String(asRecord(approval.body).authorization_token);
          const placed = await t.api("POST", `/payments/v1/authorizations/${token}/order`, request);
          const orderId = String(asRecord(placed.body).order_id);
          return { base: `/ordermanagement/v1/orders/${orderId}`, lines: request.order_lines as unknown[], amount: Number(request.order_amount) };
        }
        const documented = KCO("spec-post-orders-request").request!.body as Record<string, unknown>;
        const { orderId } = await createCheckout(t, { ...documented, merchant_urls: kustomOrder().merchant_urls });
        const completed = await t.api("POST", `/_sim/kustom/orders/${orderId}/complete`, SHOPPER);
        expect(completed.status, completed.text).toBe(200);
        return { base: `/ordermanagement/v1/orders/${orderId}`, lines: documented.order_lines as unknown[], amount: Number(documented.order_amount) };
      }

      it("captures, refunds and reads them back with every documented field", async () => {
        const { base, lines, amount } = await order();
        const captureExample = OM("spec-post-orders-order-id-captures-request").request!.body as Record<string, unknown>;
        const capture = await call("POST", `${base}/captures`, { ...captureExample, captured_amount: amount, description: "Order has been shipped", reference: "shipment-1", order_lines: lines });
        held(answer(capture), OM("spec-post-orders-order-id-captures-201"));
        // ordermanagement-v1: the 201 documents the headers Capture-Id and Location.
        const captureId = capture.headers.get("capture-id");
        expect(captureId).toBeTruthy();
        expect(capture.headers.get("location")).toContain(`${base}/captures/${captureId}`);

        const refundExample = OM("spec-post-orders-order-id-refunds-request").request!.body as Record<string, unknown>;
        const refund = await call("POST", `${base}/refunds`, { ...refundExample, refunded_amount: amount, description: "The item was returned and the order refunded.", order_lines: lines });
        held(answer(refund), OM("spec-post-orders-order-id-refunds-201"));
        const refundId = refund.headers.get("refund-id");
        expect(refundId).toBeTruthy();
        expect(refund.headers.get("location")).toContain(`${base}/refunds/${refundId}`);

        const read = await call("GET", base);
        held(answer(read), OM("spec-get-orders-order-id-200"), {
          ignore: [PER_PURCHASE.customer, PER_PURCHASE.installments, ...subscriptionPaths(), ...addressParts("$.", "$.captures[0].")],
        });
        expect(ORDER_STATES).toContain(asRecord(read.body).status);
        expect(FRAUD_STATES).toContain(asRecord(read.body).fraud_status);

        held(answer(await call("GET", `${base}/captures/${captureId}`)), OM("spec-get-orders-order-id-captures-capture-id-200"), { ignore: [...subscriptionPaths(), ...addressParts("$.")] });
        held(answer(await call("GET", `${base}/captures`)), OM("spec-get-orders-order-id-captures-200"), { ignore: [...subscriptionPaths("$[0]."), ...addressParts("$[0].")] });
        held(answer(await call("GET", `${base}/refunds/${refundId}`)), OM("spec-get-orders-order-id-refunds-refund-id-200"), { ignore: subscriptionPaths() });

        const shipping = OM("spec-post-orders-order-id-captures-capture-id-shipping-info-request");
        held(answer(await call("POST", `${base}/captures/${captureId}/shipping-info`, shipping.request!.body)), OM("spec-post-orders-order-id-captures-capture-id-shipping-info-204"));
        held(answer(await call("POST", `${base}/captures/${captureId}/trigger-send-out`)), OM("spec-post-orders-order-id-captures-capture-id-trigger-send-out-204"));
        held(answer(await call("GET", `${base}/captures/${captureId}/extend-due-date-options`)), OM("spec-get-orders-order-id-captures-capture-id-extend-due-date-options-200"));
      });

      it("answers the documented 204s of an order's other operations", async () => {
        const { base } = await order();
        const body = (name: string) => OM(name).request!.body;
        held(answer(await call("POST", `${base}/acknowledge`)), OM("spec-post-orders-order-id-acknowledge-204"));
        held(answer(await call("PATCH", `${base}/merchant-references`, { merchant_reference1: "ON4711", merchant_reference2: "hdt53h" })), OM("spec-patch-orders-order-id-merchant-references-204"));
        held(answer(await call("PATCH", `${base}/customer-details`, body("spec-patch-orders-order-id-customer-details-request"))), OM("spec-patch-orders-order-id-customer-details-204"));
        held(answer(await call("POST", `${base}/shipping-info`, body("spec-post-orders-order-id-shipping-info-request"))), OM("spec-post-orders-order-id-shipping-info-204"));
        held(answer(await call("POST", `${base}/extend-authorization-time`)), OM("spec-post-orders-order-id-extend-authorization-time-204"));
        held(answer(await call("POST", `${base}/cancel`)), OM("spec-post-orders-order-id-cancel-204"));
      });

      it("answers the documented refusals", async () => {
        const missing = "/ordermanagement/v1/orders/00000000-0000-4000-8000-000000000000";
        held(answer(await call("GET", missing)), OM("spec-get-orders-order-id-404"));
        held(answer(await call("POST", `${missing}/acknowledge`)), OM("spec-post-orders-order-id-acknowledge-404"));
        held(answer(await call("POST", `${missing}/captures`, { captured_amount: 1 })), OM("spec-post-orders-order-id-captures-404"));
        held(answer(await call("GET", `${missing}/captures`)), OM("spec-get-orders-order-id-captures-404"));
        held(answer(await call("POST", `${missing}/refunds`, { refunded_amount: 1 })), OM("spec-post-orders-order-id-refunds-404"));
        held(answer(await call("POST", `${missing}/acknowledge`)), OM("spec-post-orders-order-id-acknowledge-404"));
        held(answer(await call("POST", `${missing}/shipping-info`, OM("spec-post-orders-order-id-shipping-info-request").request!.body)), OM("spec-post-orders-order-id-shipping-info-404"));
        const { base, amount } = await order();
        held(answer(await call("GET", `${base}/captures/unknown`)), OM("spec-get-orders-order-id-captures-capture-id-404"));
        held(answer(await call("GET", `${base}/refunds/unknown`)), OM("spec-get-orders-order-id-refunds-refund-id-404"));
        // Capturing more than is authorized, refunding what was not captured: 403 (CAPTURE_NOT_ALLOWED, REFUND_NOT_ALLOWED).
        held(answer(await call("POST", `${base}/captures`, { captured_amount: amount + 1 })), OM("spec-post-orders-order-id-captures-403"));
        held(answer(await call("POST", `${base}/refunds`, { refunded_amount: 1 })), OM("spec-post-orders-order-id-refunds-403"));
        // Releasing before any capture, cancelling after one: 403.
        held(answer(await call("POST", `${base}/release-remaining-authorization`)), OM("spec-post-orders-order-id-release-remaining-authorization-403"));
        expect((await call("POST", `${base}/captures`, { captured_amount: 1 })).status).toBe(201);
        held(answer(await call("POST", `${base}/cancel`)), OM("spec-post-orders-order-id-cancel-403"));
        held(answer(await call("POST", `${base}/release-remaining-authorization`)), OM("spec-post-orders-order-id-release-remaining-authorization-204"));
      });
    });
  }

  describe("Kustom Checkout", () => {
    const orderExample = KCO("spec-get-orders-order-id-200");
    /** Fields of the documented order that only exist when the merchant sent them or the shopper provided them. */
    const MERCHANT_OPTIONAL = [
      "$.attachment",
      "$.external_payment_methods",
      "$.external_checkouts",
      "$.shipping_options",
      "$.selected_shipping_option",
      "$.discount_lines",
    ];

    it("creates, reads and updates a checkout order from the documented request", async () => {
      const request = KCO("spec-post-orders-request").request!.body;
      const created = await kustomApi(t, "POST", "/checkout/v3/orders", request);
      held(answer(created), KCO("spec-post-orders-201"), { ignore: MERCHANT_OPTIONAL });
      const orderId = String(asRecord(created.body).order_id);
      const read = await kustomApi(t, "GET", `/checkout/v3/orders/${orderId}`);
      held(answer(read), orderExample, { ignore: MERCHANT_OPTIONAL });
      expect(CHECKOUT_STATES).toContain(String(asRecord(read.body).status).toLowerCase());
      const update = KCO("spec-post-orders-order-id-request").request!.body;
      held(answer(await kustomApi(t, "POST", `/checkout/v3/orders/${orderId}`, update)), KCO("spec-post-orders-order-id-200"), { ignore: MERCHANT_OPTIONAL });
      held(answer(await kustomApi(t, "POST", `/checkout/v3/orders/${orderId}/abort`)), KCO("spec-post-orders-order-id-abort-200"), { ignore: MERCHANT_OPTIONAL });
    });

    it("answers the documented refusals", async () => {
      held(answer(await kustomApi(t, "GET", "/checkout/v3/orders/unknown")), KCO("spec-get-orders-order-id-404"));
      held(answer(await kustomApi(t, "POST", "/checkout/v3/orders/unknown", { locale: "sv-SE" })), KCO("spec-post-orders-order-id-404"));
      held(answer(await kustomApi(t, "POST", "/checkout/v3/orders/unknown/abort")), KCO("spec-post-orders-order-id-abort-404"));
      held(answer(await kustomApi(t, "POST", "/checkout/v3/orders", { ...kustomOrder(), order_amount: 1 })), KCO("spec-post-orders-400"));
      held(answer(await t.api("POST", "/kustom/checkout/v3/orders", kustomOrder(), { Authorization: "Basic wrong" })), KCO("spec-post-orders-401"));
      held(answer(await t.api("GET", "/kustom/checkout/v3/orders/unknown", undefined, { Authorization: "Basic wrong" })), KCO("spec-get-orders-order-id-401"));
      // A completed checkout is read-only: 403 to an update or an abort.
      const { orderId } = await createCheckout(t, kustomOrder());
      await t.api("POST", `/_sim/kustom/orders/${orderId}/complete`, { email: "customer@email.se", given_name: "Alice", postal_code: "12345" });
      held(answer(await kustomApi(t, "POST", `/checkout/v3/orders/${orderId}`, { locale: "sv-SE" })), KCO("spec-post-orders-order-id-403"));
      held(answer(await kustomApi(t, "POST", `/checkout/v3/orders/${orderId}/abort`)), KCO("spec-post-orders-order-id-abort-403"));
    });

    it("refuses a validation URL that is not HTTPS, as seed 001 requires (loopback allowed for local stores)", async () => {
      const seed = vendorExample("kustom", "seed-001-create-order-merchant-urls-request").request!.body as { merchant_urls: Record<string, string> };
      const https = await kustomApi(t, "POST", "/checkout/v3/orders", { ...kustomOrder(), merchant_urls: seed.merchant_urls });
      expect(https.status, https.text).toBe(201);
      const plain = await kustomApi(t, "POST", "/checkout/v3/orders", {
        ...kustomOrder(),
        merchant_urls: { ...seed.merchant_urls, validation: "http://shop.example/validation?klarna_order_id={checkout.order.id}" },
      });
      expect(plain.status).toBe(400);
      expect(asRecord(plain.body)).toMatchObject({ error_code: "BAD_VALUE" });
      expect(JSON.stringify(asRecord(plain.body).error_messages)).toContain("merchant_urls.validation");
      const loopback = await kustomApi(t, "POST", "/checkout/v3/orders", kustomOrder("http://127.0.0.1:3999", { merchant_urls: { ...kustomOrder("http://127.0.0.1:3999").merchant_urls, validation: "http://127.0.0.1:3999/api/kustom/validation" } }));
      expect(loopback.status, loopback.text).toBe(201);
    });

    it("calls the validation URL with the order as the documented request, and pushes with an empty body (seeds 000, 001)", async () => {
      const merchant = await startMerchant(() => ({ status: 200 }));
      try {
        const base = merchant.url.replace("localhost", "127.0.0.1");
        const documentedOrder = KCO("spec-post-orders-request").request!.body as { merchant_urls: Record<string, string> };
        const request = {
          ...documentedOrder,
          merchant_urls: {
            ...kustomOrder(base).merchant_urls,
            validation: `${base}/validation?kustom_order_id={checkout.order.id}`,
            address_update: `${base}/address_update`,
            country_change: `${base}/country_change`,
            shipping_option_update: `${base}/shipping_option_update`,
            notification: `${base}/notification`,
            cancellation_terms: `${base}/cancellation_terms`,
          },
        };
        const { orderId } = await createCheckout(t, request);
        const completed = await t.api("POST", `/_sim/kustom/orders/${orderId}/complete`, SHOPPER);
        expect(completed.status, completed.text).toBe(200);
        const validation = merchant.requests.find((received) => received.path.startsWith("/validation"));
        expect(validation?.method).toBe("POST");
        expect(validation?.path).toBe(`/validation?kustom_order_id=${orderId}`);
        const documented = KCO("spec-post-callback-validation-request");
        expectMatchesExample({ status: 200, body: validation!.json }, { ...documented, response: { status: 200, body: documented.request!.body } }, {
          ignore: [...MERCHANT_OPTIONAL, PER_PURCHASE.customer, ...addressParts("$.")],
        });
        await t.api("POST", "/_sim/clock", { advance: "3m" });
        await waitFor(() => merchant.requests.some((received) => received.path.startsWith("/api/kustom/push")));
        const push = merchant.requests.find((received) => received.path.startsWith("/api/kustom/push"))!;
        expect(push.method).toBe("POST");
        expect(push.path).toBe(`/api/kustom/push?kustom_order_id=${orderId}`);
        expect(push.body).toBe((KCO("seed-000-push-request") as VendorExample).request!.body);
      } finally {
        await merchant.close();
      }
    });
  });
});

/** The subscription block of order lines, wherever an example nests them. */
function subscriptionPaths(prefix = "$.") {
  return [
    `${prefix}order_lines[0].subscription`,
    `${prefix}captures[0].order_lines[0].subscription`,
    `${prefix}refunds[0].order_lines[0].subscription`,
  ];
}

async function waitFor(condition: () => boolean, timeoutMs = 5000) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
