import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { paymentOutcome } from "@/lib/payments/checkout-com/checkout";
import { createCheckoutComClient, type CheckoutComClient } from "@/lib/payments/checkout-com/client";
import { buildPaymentContextRequest } from "@/lib/payments/checkout-com/context-request";
import { CheckoutComApiError } from "@/lib/payments/checkout-com/errors";
import { checkoutComProvider } from "@/lib/payments/checkout-com/payment-provider";
import { MARKETS } from "@/lib/pricing/markets";
import { minor, taxRate } from "@/lib/pricing/money";
import { discountLine, itemLine } from "@/lib/pricing/order-lines";
import { jsonBody, startFakeKlarna, type FakeKlarna } from "@/tests/lib/klarna/fake-klarna";
import { replay, shapeDifferences, vendorExamples, type VendorExample } from "@/tests/support/vendor-examples";
import { CHANNEL, contextRequest, SECRET_KEY } from "./harness";

// The store's Checkout.com client against a replay server that answers exactly what Checkout.com documents
// (reference/examples/checkout-com/), not the simulator: every documented response is parsed, or refused when it is
// an error. Where the vendor documents two answers (202 Pending and 201 processed for POST /payments) both are read.

const examples = vendorExamples("checkout-com");
const PAYMENT_ID = "pay_mnnf6wnp7fdupa2jechtgg5cr4";

let fake: FakeKlarna;
let client: CheckoutComClient;
beforeAll(async () => {
  fake = await startFakeKlarna();
  client = createCheckoutComClient({ apiUrl: fake.url, secretKey: SECRET_KEY, timeoutMs: 5_000 }, {});
});
beforeEach(() => fake.reset());
afterAll(async () => fake.close());

const paymentRequest = {
  payment_context_id: "pct_jwvjl5tin54ubn7x2stvmunske",
  processing_channel_id: CHANNEL,
  amount: 1000,
  currency: "EUR",
  reference: "checkout-1",
  capture: false as const,
};

/** What the store does with each documented answer, by operation and status; every example must have one. */
const readers: Record<string, (example: VendorExample) => Promise<void>> = {
  "POST /payment-contexts 201": async () => {
    const created = await client.requestPaymentContext(contextRequest("DE"), "key");
    expect(created.id).toBe("pct_jwvjl5tin54ubn7x2stvmunske");
    expect(created.partner_metadata.client_token).toMatch(/^eyJ/);
  },
  "POST /payment-contexts 422": async (example) => {
    const refused = client.requestPaymentContext(contextRequest("DE"), "key");
    await expect(refused).rejects.toBeInstanceOf(CheckoutComApiError);
    await expect(refused).rejects.toMatchObject({ status: 422, errorCodes: (example.response!.body as { error_codes: string[] }).error_codes });
  },
  "GET /payment-contexts/{id} 200": async () => {
    expect((await client.getPaymentContext("pct_jwvjl5tin54ubn7x2stvmunske")).status).toBe("Approved");
  },
  "POST /payments 202": async () => {
    const accepted = await client.requestPayment(paymentRequest, "key");
    expect(accepted).toMatchObject({ id: PAYMENT_ID, status: "Pending" });
    expect(paymentOutcome(accepted)).toBe("pending");
  },
  "POST /payments 201": async () => {
    const processed = await client.requestPayment(paymentRequest, "key");
    expect(processed).toMatchObject({ status: "Authorized", approved: true });
    expect(paymentOutcome(processed)).toBe("approved");
  },
  "GET /payments/{id} 200": async () => {
    const purchase = await checkoutComProvider(() => client).readPurchase(PAYMENT_ID);
    expect(purchase).toMatchObject({ reference: PAYMENT_ID, amount: 3998, currency: "EUR", country: "DE", fraudStatus: "ACCEPTED", paymentMethod: "Financing" });
    expect(purchase.klarnaOrderId).toBe("dc3b8712-123a-45ef-bc3d-b356a158b31b");
    // The item named "Discount" is the order discount: the lines add up to the amount.
    expect(purchase.lines.map((line) => [line.type, line.total_amount])).toEqual([
      ["physical", 4998],
      ["discount", -1000],
    ]);
    expect(purchase.lines.reduce((sum, line) => sum + line.total_amount, 0)).toBe(purchase.amount);
    expect(purchase.capturedAmount).toBe(3998);
  },
  "POST /payments/{id}/captures 202": async () => {
    expect((await client.capture(PAYMENT_ID, { amount: 1000, capture_type: "NonFinal" }, "key")).action_id).toMatch(/^act_/);
  },
  "POST /payments/{id}/refunds 202": async () => {
    expect((await client.refund(PAYMENT_ID, { amount: 100 }, "key")).action_id).toBe("act_cxpffngdvouvabegyy3asiuou");
  },
  "GET /workflows/{id} 200": async () => {
    const workflow = await client.getWorkflow("wf_34pacj7ae6wexju4avpecxvp6e");
    expect(workflow.actions.map((action) => action.url)).toEqual(["https://example.com/webhooks"]);
  },
};

describe("the store's Checkout.com client reads every answer Checkout.com documents", () => {
  const answered = Object.entries(examples).filter(([, example]) => example.response);
  it("has a reader for every documented answer", () => {
    const missing = answered.map(([, example]) => `${example.operation} ${example.response!.status}`).filter((key) => !readers[key]);
    expect(missing).toEqual([]);
  });

  for (const [name, example] of answered) {
    it(`${name}: ${example.operation} ${example.response!.status}`, async () => {
      replay(fake, example);
      await readers[`${example.operation} ${example.response!.status}`]!(example);
    });
  }
});

describe("the store's Checkout.com requests carry every field the vendor's examples send", () => {
  it("POST /payments: the seed's payment_context_id and processing_channel_id, and capture: false for the manual flow", async () => {
    replay(fake, examples["seed-payment-pending"]!);
    await client.requestPayment(paymentRequest, "key");
    const sent = jsonBody(fake.received[0]);
    expect(shapeDifferences(sent, examples["seed-payment-pending"]!.request!.body)).toEqual([]);
    expect(sent).toMatchObject({ capture: false });
  });

  it("POST /payment-contexts: the seed's fields, and the seed's 7470 / 1660 discount example field by field", async () => {
    replay(fake, examples["seed-payment-context"]!);
    await client.requestPaymentContext(contextRequest("DE"), "key");
    expect(shapeDifferences(jsonBody(fake.received[0]), examples["seed-payment-context"]!.request!.body)).toEqual([]);

    // The same cart as the seed's discount example, built by the store.
    const request = buildPaymentContextRequest({
      lines: [
        itemLine({ type: "physical", reference: "98-765-XYZ", name: "jumper", quantity: 1, unitPrice: minor(5000), discount: minor(750), taxRate: taxRate(2500) }),
        itemLine({ type: "physical", reference: "12-345-ABC", name: "white t-shirt ", quantity: 3, unitPrice: minor(1500), discount: minor(450), taxRate: taxRate(2500) }),
        discountLine({ reference: "PROMO10", name: "10% discount", amount: minor(830), taxRate: taxRate(0) }),
      ],
      market: MARKETS.DE,
      reference: "checkout-1",
      processingChannelId: "pc_rikhvutraenu7eno62f5u2buge",
      promoCodes: [],
    });
    const seed = examples["seed-discounts-payment-context"]!.request!.body as {
      amount: number;
      items: Record<string, unknown>[];
      processing: { tax_amount: string; shipping_amount: string };
    };
    expect(request.amount).toBe(seed.amount);
    expect(request.processing.tax_amount).toBe(Number(seed.processing.tax_amount));
    expect(request.processing.shipping_amount).toBe(Number(seed.processing.shipping_amount));
    // Item by item, the seed's values (its "Physical" is the store's "physical").
    expect(request.items.map((item) => ({ ...item, type: item.type.toLowerCase() }))).toEqual(
      seed.items.map((item) => ({ ...item, type: String(item.type).toLowerCase() })),
    );
  });
});
