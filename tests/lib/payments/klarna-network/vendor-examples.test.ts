import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createNetworkClient, type AuthorizeRequest, type NetworkClient } from "@/lib/payments/klarna-network/client";
import { NetworkUnavailableError } from "@/lib/payments/klarna-network/errors";
import { startFakeKlarna, type FakeKlarna } from "@/tests/lib/klarna/fake-klarna";
import { replay, vendorExamples, type VendorExample } from "@/tests/support/vendor-examples";

/*
 * The store's payment-request client against Klarna's own printed answers (reference/examples/klarna-network/), replayed
 * verbatim by a fake server: not the simulator, so the client and the simulator cannot drift together.
 */

const ACCOUNT = "krn:partner:global:account:test:ABC";
const examples = vendorExamples("klarna-network");
let fake: FakeKlarna;
let client: NetworkClient;

beforeAll(async () => {
  fake = await startFakeKlarna();
  client = createNetworkClient({ apiUrl: fake.url, apiKey: "klarna_test_api_abc", accountId: ACCOUNT, timeoutMs: 2_000 });
});
beforeEach(() => fake.reset());
afterAll(async () => fake.close());

const bodyOf = (example: VendorExample) => example.request?.body as Record<string, unknown>;

/** How the store makes each documented operation that has a printed answer; the test fails for one it cannot make. */
const CALLS: Record<string, (example: VendorExample) => Promise<{ transactionId: string; path: RegExp }>> = {
  "POST /v2/accounts/{partner_account_id}/payment/authorize": async (example) => {
    const answer = await client.authorize(bodyOf(example) as unknown as AuthorizeRequest, {
      idempotencyKey: "k-authorize",
      sessionToken: "krn:payment:eu1:payment-token:example",
      legacyTokenHeader: true,
    });
    expect(answer.payment_transaction_response.result).toBe("APPROVED");
    return { transactionId: answer.payment_transaction_response.payment_transaction?.payment_transaction_id ?? "", path: /\/payment\/authorize$/ };
  },
  "POST /v2/accounts/{account_id}/payment/confirmation-tokens/{payment_confirmation_token}/confirm": async (example) => {
    const body = bodyOf(example);
    const answer = await client.confirm(
      "krn:payment:eu1:confirmation-token:example",
      { currency: String(body.currency), payment_amount: Number(body.payment_amount), payment_transaction_reference: String(body.payment_transaction_reference) },
      { idempotencyKey: "k-confirm" },
    );
    return { transactionId: answer.transactionId, path: /\/payment\/confirmation-tokens\/krn%3Apayment%3Aeu1%3Aconfirmation-token%3Aexample\/confirm$/ };
  },
};

const answered = Object.entries(examples).filter(([, example]) => example.response);

describe("the payment-request client reads every answer Klarna prints", () => {
  it("has examples to read", () => {
    expect(answered.length).toBeGreaterThanOrEqual(2);
  });

  it.each(answered)("%s", async (_name, example) => {
    const call = CALLS[example.operation ?? ""];
    expect(call, `no store call for ${example.operation}`).toBeDefined();
    replay(fake, example);
    const { transactionId, path } = await call!(example);
    // The transaction id the vendor printed, wherever that revision puts it.
    expect(JSON.stringify(example.response?.body)).toContain(JSON.stringify(transactionId));
    expect(transactionId).toMatch(/^krn:payment:eu1:transaction:/);
    expect(fake.received[0]?.url).toMatch(path);
  });

  it("sends seed 003's final authorization as printed, with the token in Klarna-Payment-Token", async () => {
    const example = examples["authorize-final-approved"]!;
    replay(fake, example);
    await CALLS[example.operation!]!(example);
    expect(JSON.parse(fake.received[0]!.body)).toEqual(example.request?.body);
    expect(fake.received[0]!.headers["klarna-payment-token"]).toBe("krn:payment:eu1:payment-token:example");
  });

  it("confirms with the mandatory currency and payment_amount of seed 002, and the printed reference", async () => {
    const example = examples["confirm-express-checkout"]!;
    replay(fake, example);
    await CALLS[example.operation!]!(example);
    const sent = JSON.parse(fake.received[0]!.body) as Record<string, unknown>;
    const printed = bodyOf(example);
    expect(sent).toEqual({ currency: printed.currency, payment_amount: printed.payment_amount, payment_transaction_reference: printed.payment_transaction_reference });
  });

  it("refuses a confirm answer that names no transaction in any documented place, as not to be trusted", async () => {
    // Not a vendor example: the confirm example's answer without its state_context, which is what a refusal looks like.
    const withoutId = { ...(examples["confirm-express-checkout"]!.response!.body as Record<string, unknown>) };
    delete withoutId.state_context;
    fake.answerWith(() => ({ status: 200, body: withoutId }));
    const error = await client
      .confirm("t", { currency: "USD", payment_amount: 2000, payment_transaction_reference: "r" }, { idempotencyKey: "k" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkUnavailableError);
    expect(String(error)).toMatch(/payment_transaction_id/);
  });

  it("creates the merchant's request with the fields of the page's klarna.Payment.request sample, in snake_case", async () => {
    const printed = bodyOf(examples["create-payment-request-without-button"]!);
    const config = printed.config as Record<string, unknown>;
    fake.answerWith(() => ({ status: 201, body: { payment_request_id: "krn:payment:eu1:request:1", state: "SUBMITTED" } }));
    await client.createPaymentRequest(
      { currency: String(printed.currency), payment_amount: Number(printed.paymentAmount), payment_reference: "checkout-1", config: { redirect_url: String(config.redirectUrl) } },
      { idempotencyKey: "k-create" },
    );
    expect(fake.received[0]!.url).toBe(`/v2/accounts/${encodeURIComponent(ACCOUNT)}/payment/requests`);
    expect(JSON.parse(fake.received[0]!.body)).toMatchObject({ payment_amount: 9999, currency: "EUR", config: { redirect_url: config.redirectUrl } });
  });
});
