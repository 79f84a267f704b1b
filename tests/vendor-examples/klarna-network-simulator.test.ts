import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectMatchesExample, vendorExample } from "@/tests/support/vendor-examples";
import { DEFAULT_KN_API_KEY, DEFAULT_SIGNING_KEY } from "@/simulator/klarna-network/context";
import { asRecord, startSimulator, type TestSimulator } from "@/simulator/tests/helpers";

/*
 * The simulator held to Klarna's own printed requests and answers (reference/examples/klarna-network/): it accepts the
 * documented requests and answers with the documented status and every documented field, with the same JSON types,
 * in states Klarna documents. The store's client is held to the same examples in
 * tests/lib/payments/klarna-network/vendor-examples.test.ts.
 */

const ACCOUNT = "krn:partner:global:account:test:TRAILHEAD";
const enc = encodeURIComponent;
let t: TestSimulator;

/** Payment request states in Klarna's docs, both revisions (reference/klarna-network/notes.md §4). */
const REQUEST_STATES = ["CREATED", "SUBMITTED", "IN_PROGRESS", "PENDING_CONFIRMATION", "CONFIRMED", "COMPLETED", "EXPIRED", "CANCELED", "DECLINED"];
/** Payment transaction states (notes.md §5) and authorize results (seed 003, notes.md §2). */
const TRANSACTION_STATES = ["AUTHORIZED", "EXPIRED", "COMPLETED", "CLOSED"];
const RESULTS = ["APPROVED", "DECLINED", "STEP_UP_REQUIRED"];

async function kn(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${t.url}${path}`, {
    method,
    headers: { Authorization: `Basic ${DEFAULT_KN_API_KEY}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text === "" ? {} : JSON.parse(text)) as Record<string, unknown> };
}

const complete = async (id: string) => {
  const answer = await kn("POST", `/_sim/klarna-network/requests/${enc(id)}/complete`, { email: "customer@email.se" });
  expect(answer.status).toBe(200);
  return answer.body;
};

const snakeCase = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(snakeCase)
    : value && typeof value === "object"
      ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`), snakeCase(inner)]))
      : value;

beforeEach(async () => {
  t = await startSimulator();
});
afterEach(async () => t.close());

describe("the payment-request simulator answers as Klarna's examples", () => {
  it("takes the merchant's request as the Web SDK sample prints it (in the API's snake_case) and opens a journey", async () => {
    const example = vendorExample("klarna-network", "create-payment-request-without-button");
    const body = snakeCase(example.request?.body) as Record<string, unknown>;
    const answer = await kn("POST", `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/requests`, body);
    expect(answer.status).toBe(201);
    expect(REQUEST_STATES).toContain(answer.body.state);
    expect(answer.body).toMatchObject({ state: "SUBMITTED", payment_amount: 9999, currency: "EUR", config: body.config });
    expect(String(asRecord(asRecord(answer.body.state_context).payment_distribution).url)).toContain("/klarna-network/pay/");
  });

  it("confirms with the Express checkout page's body and answers that page's confirmation response", async () => {
    const example = vendorExample("klarna-network", "confirm-express-checkout");
    const printed = example.request?.body as { currency: string; payment_amount: number };
    const created = await kn("POST", `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/requests`, {
      currency: printed.currency,
      payment_amount: printed.payment_amount,
      config: { redirect_url: "https://shop.example/return" },
    });
    const done = await complete(String(created.body.payment_request_id));
    const token = String(asRecord(done.state_context).payment_confirmation_token);
    const answer = await kn("POST", `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/confirmation-tokens/${enc(token)}/confirm`, example.request?.body);
    expectMatchesExample(answer, example);
    expect(REQUEST_STATES).toContain(answer.body.state);
    const transaction = await kn("GET", `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/transactions/${enc(String(asRecord(answer.body.state_context).payment_transaction_id))}`);
    expect(TRANSACTION_STATES).toContain(transaction.body.state);
    expect(transaction.body).toMatchObject({ amount: printed.payment_amount, payment_transaction_reference: "partner-transaction-reference-4567" });
  });

  it("steps up the extract's first authorize, then answers seed 003's final authorization as printed", async () => {
    const first = await kn("POST", `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/authorize`, vendorExample("klarna-network", "authorize-step-up-request").request?.body);
    expect(first.status).toBe(200);
    const response = asRecord(first.body.payment_transaction_response);
    expect(RESULTS).toContain(response.result);
    expect(response.result).toBe("STEP_UP_REQUIRED");
    const done = await complete(String(asRecord(first.body.payment_request).payment_request_id));
    expect(REQUEST_STATES).toContain(done.state);
    const token = String(asRecord(done.state_context).payment_token);

    const example = vendorExample("klarna-network", "authorize-final-approved");
    const answer = await kn("POST", `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/authorize`, example.request?.body, { "Klarna-Payment-Token": token });
    expectMatchesExample(answer, example);
    const transaction = asRecord(asRecord(answer.body.payment_transaction_response).payment_transaction);
    expect(TRANSACTION_STATES).toContain(transaction.state);
    expect(transaction).toMatchObject({ amount: 11800, currency: "USD", payment_transaction_reference: "acquiring-partner-transaction-reference-1234" });
    // Idempotent per token (seed 003): the same call answers the same transaction.
    const again = await kn("POST", `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/authorize`, example.request?.body, { "Klarna-Payment-Token": token });
    expect(asRecord(asRecord(again.body.payment_transaction_response).payment_transaction).payment_transaction_id).toBe(transaction.payment_transaction_id);
  });

  it("registers the webhook the extract prints once its signing key exists", async () => {
    const example = vendorExample("klarna-network", "create-webhook-request");
    // The printed key id belongs to another account; the simulator's own key stands in for it (notes.md §6: key first).
    const body = { ...(example.request?.body as object), signing_key_id: DEFAULT_SIGNING_KEY.signing_key_id };
    const answer = await kn("POST", "/klarna-network/v2/notification/webhooks", body);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ url: "https://shop.example/api/klarna/notifications", event_version: "v2", status: "ENABLED" });
    expect(String(answer.body.webhook_id)).toMatch(/^krn:partner:global:notification:webhook:/);
  });
});
