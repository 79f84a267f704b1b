import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_KN_API_KEY, DEFAULT_SIGNING_KEY } from "../klarna-network/context";
import { asRecord, startMerchant, startSimulator, type TestSimulator } from "./helpers";

const ACCOUNT = "krn:partner:global:account:test:TRAILHEAD";
const AUTH = `Basic ${DEFAULT_KN_API_KEY}`;

let t: TestSimulator;
let merchant: Awaited<ReturnType<typeof startMerchant>>;

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function kn(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${t.url}${path}`, {
    method,
    headers: { Authorization: AUTH, ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

const enc = encodeURIComponent;
const lines = [
  { name: "Trail tent", quantity: 1, unit_price: 20000, total_amount: 20000, line_item_reference: "tent-01" },
  { name: "Shipping", quantity: 1, unit_price: 5000, total_amount: 5000 },
];

async function merchantRequest(extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const answer = await kn(
    "POST",
    `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/requests`,
    // The confirmation-token revision's body (simulator/klarna-network/schemas.ts createConfirmationRequestSchema).
    {
      currency: "SEK",
      payment_amount: 25000,
      payment_reference: "checkout-1",
      merchant_reference: "ORD-1",
      line_items: lines,
      config: { redirect_url: "https://shop.example/return?ref=checkout-1" },
      ...extra,
    },
    headers,
  );
  expect(answer.status).toBe(201);
  return answer.body;
}

async function complete(requestId: string, email = "customer@email.se") {
  const answer = await kn("POST", `/_sim/klarna-network/requests/${enc(requestId)}/complete`, { email });
  expect(answer.status).toBe(200);
  return answer.body;
}

async function registerWebhook(eventTypes = ["payment.*"]) {
  const answer = await kn("POST", "/klarna-network/v2/notification/webhooks", {
    url: `${merchant.url}/api/klarna/webhooks`,
    event_types: eventTypes,
    event_version: "v2",
    signing_key_id: DEFAULT_SIGNING_KEY.signing_key_id,
    status: "ENABLED",
  });
  expect(answer.status).toBe(201);
  return answer.body;
}

function events() {
  return merchant.requests.map((request) => asRecord(asRecord(request.json).metadata).event_type as string);
}

function authorizeBody(amount = 25000) {
  return {
    currency: "SEK",
    supplementary_purchase_data: { purchase_reference: "ORD-2", line_items: lines },
    request_payment_transaction: { amount, payment_transaction_reference: "txn-2" },
    step_up_config: {
      payment_request_reference: "checkout-2",
      customer_interaction_config: { method: "HANDOVER", return_url: "https://shop.example/return?ref=checkout-2" },
    },
  };
}

async function stepUpRequest(body = authorizeBody()) {
  const answer = await kn("POST", `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/authorize`, body);
  expect(answer.status).toBe(200);
  expect(asRecord(answer.body.payment_transaction_response).result).toBe("STEP_UP_REQUIRED");
  return asRecord(answer.body.payment_request);
}

const sessionTokenOf = (request: Record<string, unknown>) => String(asRecord(request.state_context).klarna_network_session_token);

async function finalAuthorize(token: string, header = "Klarna-Network-Session-Token", amount = 25000) {
  return kn(
    "POST",
    `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/authorize`,
    { currency: "SEK", request_payment_transaction: { amount, payment_transaction_reference: "txn-2" } },
    { [header]: token },
  );
}

async function confirmedTransaction() {
  const request = await merchantRequest();
  const done = await complete(String(request.payment_request_id));
  const token = String(asRecord(done.state_context).payment_confirmation_token);
  const answer = await kn("POST", `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/confirmation-tokens/${enc(token)}/confirm`, {
    currency: "SEK",
    payment_amount: 25000,
  });
  expect(answer.status).toBe(200);
  return String(asRecord(answer.body.state_context).payment_transaction_id);
}

const transactionPath = (id: string) => `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/transactions/${enc(id)}`;

beforeEach(async () => {
  t = await startSimulator({ timeouts: { notificationMs: 1_000 } });
  merchant = await startMerchant();
});

afterEach(async () => {
  await t.close();
  await merchant.close();
});

describe("Klarna Network: the merchant's payment request and its confirmation", () => {
  it("creates a SUBMITTED request whose distribution URL is the hosted journey", async () => {
    const request = await merchantRequest();
    expect(request.state).toBe("SUBMITTED");
    expect(String(request.payment_request_id)).toMatch(/^krn:payment:eu1:request:[0-9a-f-]{36}$/);
    expect(request).toMatchObject({ payment_amount: 25000, payment_reference: "checkout-1", merchant_reference: "ORD-1" });
    const context = asRecord(request.state_context);
    const url = String(asRecord(context.payment_distribution).url);
    // The newer revision's names are not this revision's answer.
    expect(context.customer_interaction).toBeUndefined();
    expect(request.amount).toBeUndefined();
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<label for="email">Email address</label>');
  });

  it("refuses the newer revision's body on the account path: payment_amount is required there", async () => {
    const answer = await kn("POST", `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/requests`, {
      currency: "SEK",
      amount: 25000,
      payment_request_reference: "checkout-1",
      customer_interaction_config: { method: "HANDOVER", return_url: "https://shop.example/return" },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error_code).toBe("VALIDATION_ERROR");
    expect((answer.body.errors as { parameter: string }[]).map((error) => error.parameter)).toContain("payment_amount");
    expect((await kn("GET", "/_sim/klarna-network/requests")).body.payment_requests).toHaveLength(0);
  });

  it("fills the redirect URL's placeholders when the shopper is sent back", async () => {
    const request = await merchantRequest({
      config: {
        redirect_url:
          "https://shop.example/return?id={klarna.payment_request.id}&token={klarna.payment_request.payment_confirmation_token}&ref={klarna.payment_request.payment_reference}",
      },
    });
    const url = String(asRecord(asRecord(request.state_context).payment_distribution).url);
    const post = (form: Record<string, string>) => fetch(url, { method: "POST", body: new URLSearchParams(form), redirect: "manual" });
    await post({ step: "email", email: "customer@email.se" });
    const back = new URL(String((await post({ step: "code", code: "123456" })).headers.get("location")));
    const read = await kn("GET", `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/requests/${enc(String(request.payment_request_id))}`);
    expect(back.searchParams.get("id")).toBe(request.payment_request_id);
    expect(back.searchParams.get("token")).toBe(asRecord(read.body.state_context).payment_confirmation_token);
    expect(back.searchParams.get("ref")).toBe("checkout-1");
  });

  it("walks the hosted journey with forms to PENDING_CONFIRMATION and sends the shopper back", async () => {
    const request = await merchantRequest();
    const url = String(asRecord(asRecord(request.state_context).payment_distribution).url);
    const post = (form: Record<string, string>) =>
      fetch(url, { method: "POST", body: new URLSearchParams(form), redirect: "manual" });
    expect((await post({ step: "email", email: "customer@email.se" })).status).toBe(303);
    const wrong = await post({ step: "code", code: "999999" });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain("That code is not right");
    const done = await post({ step: "code", code: "123456" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("https://shop.example/return?ref=checkout-1");
    const read = await kn("GET", `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/requests/${enc(String(request.payment_request_id))}`);
    expect(read.body.state).toBe("PENDING_CONFIRMATION");
    expect(String(asRecord(read.body.state_context).payment_confirmation_token)).toMatch(/^kct_/);
  });

  it("sends the confirmation token in a webhook signed with the registered key", async () => {
    await registerWebhook(["payment.request.state-change.authorized"]);
    const request = await merchantRequest();
    await complete(String(request.payment_request_id));
    await t.sim.idle();
    expect(merchant.requests).toHaveLength(1);
    const [delivery] = merchant.requests;
    const expected = createHmac("sha256", DEFAULT_SIGNING_KEY.signing_key).update(delivery!.body).digest("hex");
    expect(delivery!.headers["klarna-signature"]).toBe(expected);
    expect(delivery!.headers["klarna-signing-key-id"]).toBe(DEFAULT_SIGNING_KEY.signing_key_id);
    const envelope = asRecord(delivery!.json);
    expect(asRecord(envelope.metadata).event_type).toBe("payment.request.state-change.authorized");
    expect(String(asRecord(envelope.payload).payment_confirmation_token)).toMatch(/^kct_/);
  });

  it("confirms once: the same token again answers the same transaction", async () => {
    const request = await merchantRequest();
    const done = await complete(String(request.payment_request_id));
    const token = String(asRecord(done.state_context).payment_confirmation_token);
    const path = `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/confirmation-tokens/${enc(token)}/confirm`;
    const first = await kn("POST", path, { currency: "SEK", payment_amount: 25000 });
    const second = await kn("POST", path, { currency: "SEK", payment_amount: 25000 });
    expect(first.status).toBe(200);
    // The answer is the request, CONFIRMED, with the transaction's id in its state_context (seed 002).
    expect(first.body).toMatchObject({ payment_request_id: request.payment_request_id, state: "CONFIRMED" });
    const transactionId = String(asRecord(first.body.state_context).payment_transaction_id);
    expect((await kn("GET", transactionPath(transactionId))).body).toMatchObject({ state: "AUTHORIZED", amount: 25000 });
    expect(asRecord(second.body.state_context).payment_transaction_id).toBe(transactionId);
    const list = await kn("GET", "/_sim/klarna-network/transactions");
    expect(list.body.payment_transactions).toHaveLength(1);
  });

  it("refuses a confirmation whose amount is not what the shopper approved, in the new error shape", async () => {
    const request = await merchantRequest();
    const done = await complete(String(request.payment_request_id));
    const token = String(asRecord(done.state_context).payment_confirmation_token);
    const answer = await kn("POST", `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/confirmation-tokens/${enc(token)}/confirm`, {
      currency: "SEK",
      payment_amount: 24999,
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error_type: "INPUT_ERROR", error_code: "VALIDATION_ERROR" });
    expect(typeof answer.body.error_id).toBe("string");
    expect(typeof answer.body.error_message).toBe("string");
  });

  it("expires an unconfirmed token after 60 minutes: EXPIRED, a webhook, and confirm is refused", async () => {
    await registerWebhook();
    const request = await merchantRequest();
    const id = String(request.payment_request_id);
    const done = await complete(id);
    const token = String(asRecord(done.state_context).payment_confirmation_token);
    await t.sim.clock.advance("59m");
    expect((await kn("GET", `/_sim/klarna-network/requests/${enc(id)}`)).body.state).toBe("PENDING_CONFIRMATION");
    await t.sim.clock.advance("2m");
    const read = await kn("GET", `/_sim/klarna-network/requests/${enc(id)}`);
    expect(read.body).toMatchObject({ state: "EXPIRED", state_reason: "CONFIRMATION_TOKEN_EXPIRED" });
    expect(events()).toContain("payment.request.state-change.expired");
    const confirm = await kn("POST", `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/confirmation-tokens/${enc(token)}/confirm`, {
      currency: "SEK",
      payment_amount: 25000,
    });
    // No code for this is documented: refused like any request that cannot be confirmed (simulator/README.md).
    expect(confirm.status).toBe(403);
    expect(confirm.body.error_code).toBe("OPERATION_NOT_ALLOWED");
    expect((await kn("GET", "/_sim/klarna-network/transactions")).body.payment_transactions).toHaveLength(0);
  });

  it("declines the denied persona in the journey and expires an untouched request after 3 hours", async () => {
    const declined = await complete(String((await merchantRequest()).payment_request_id), "customer+denied@email.se");
    expect(declined).toMatchObject({ state: "DECLINED" });
    const untouched = String((await merchantRequest()).payment_request_id);
    await t.sim.clock.advance("3h");
    expect((await kn("GET", `/_sim/klarna-network/requests/${enc(untouched)}`)).body.state).toBe("EXPIRED");
  });

  it("cancels an open request and refuses to cancel it twice into another state", async () => {
    const id = String((await merchantRequest()).payment_request_id);
    const path = `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/requests/${enc(id)}`;
    expect((await kn("DELETE", path)).body).toMatchObject({ state: "CANCELED", state_reason: "PARTNER_CANCELED" });
    const confirmed = await confirmedTransaction();
    expect(confirmed).toMatch(/^krn:payment:eu1:transaction:/);
  });
});

describe("Klarna Network: the acquiring partner's authorize", () => {
  it("answers STEP_UP_REQUIRED without a token, then APPROVED for the request's token, once per token", async () => {
    const request = await stepUpRequest();
    const id = String(request.payment_request_id);
    expect(String(asRecord(asRecord(request.state_context).customer_interaction).payment_request_url)).toContain("/klarna-network/pay/");
    const done = await complete(id);
    expect(done.state).toBe("COMPLETED");
    const token = sessionTokenOf(done);
    expect(asRecord(done.state_context).payment_token).toBe(token);
    const first = await finalAuthorize(token, "Klarna-Payment-Token");
    expect(first.status).toBe(200);
    const result = asRecord(first.body.payment_transaction_response);
    expect(result.result).toBe("APPROVED");
    const transaction = asRecord(result.payment_transaction);
    expect(transaction).toMatchObject({ amount: 25000, currency: "SEK", state: "AUTHORIZED", payment_transaction_reference: "txn-2" });
    const again = await finalAuthorize(token, "Klarna-Network-Session-Token");
    expect(asRecord(asRecord(again.body.payment_transaction_response).payment_transaction).payment_transaction_id).toBe(
      transaction.payment_transaction_id,
    );
  });

  it("asks the step-up persona for a step-up after the first journey, then approves", async () => {
    const first = await complete(String((await stepUpRequest()).payment_request_id), "customer+step-up@email.se");
    const answer = await finalAuthorize(sessionTokenOf(first));
    expect(asRecord(answer.body.payment_transaction_response).result).toBe("STEP_UP_REQUIRED");
    const stepUp = asRecord(answer.body.payment_request);
    const page = await fetch(String(asRecord(asRecord(stepUp.state_context).customer_interaction).payment_request_url));
    expect(page.status).toBe(200);
    const second = await complete(String(stepUp.payment_request_id), "customer+step-up@email.se");
    const approved = await finalAuthorize(sessionTokenOf(second));
    expect(asRecord(approved.body.payment_transaction_response).result).toBe("APPROVED");
  });

  it("declines the denied persona at final authorize, and refuses an expired token after 60 minutes", async () => {
    const denied = await complete(String((await stepUpRequest()).payment_request_id), "customer+denied@email.se");
    const answer = await finalAuthorize(sessionTokenOf(denied));
    expect(asRecord(answer.body.payment_transaction_response).result).toBe("DECLINED");
    const late = await complete(String((await stepUpRequest()).payment_request_id));
    await t.sim.clock.advance("61m");
    const expired = await finalAuthorize(sessionTokenOf(late));
    expect(expired.status).toBe(403);
    expect(expired.body.error_code).toBe("OPERATION_NOT_ALLOWED");
    expect((await kn("GET", `/_sim/klarna-network/requests/${enc(String(late.payment_request_id))}`)).body.state).toBe("EXPIRED");
  });

  it("refuses a final authorize for another amount than the shopper approved", async () => {
    const done = await complete(String((await stepUpRequest()).payment_request_id));
    const answer = await finalAuthorize(sessionTokenOf(done), "Klarna-Network-Session-Token", 30000);
    expect(answer.status).toBe(400);
    expect(answer.body.error_type).toBe("INPUT_ERROR");
  });
});

describe("Klarna Network: customer tokens", () => {
  it("returns a customer token on confirm and charges it later without the journey", async () => {
    const request = await merchantRequest({ request_customer_token: { scopes: ["payment:customer_present"], customer_token_reference: "shopper-1" } });
    const done = await complete(String(request.payment_request_id));
    const token = String(asRecord(done.state_context).payment_confirmation_token);
    const confirm = await kn("POST", `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/confirmation-tokens/${enc(token)}/confirm`, {
      currency: "SEK",
      payment_amount: 25000,
    });
    const customerToken = String(asRecord(confirm.body.klarna_customer).customer_token);
    expect(customerToken).toMatch(/^krn:customer-token:/);
    const charge = await merchantRequest({}, { "Klarna-Customer-Token": customerToken });
    expect(charge.state).toBe("PENDING_CONFIRMATION");
    expect(String(asRecord(charge.state_context).payment_confirmation_token)).toMatch(/^kct_/);
    const acquirer = await kn(
      "POST",
      `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/authorize`,
      { currency: "SEK", request_payment_transaction: { amount: 1000 } },
      { "Klarna-Customer-Token": customerToken },
    );
    expect(asRecord(acquirer.body.payment_transaction_response).result).toBe("APPROVED");
    const unknown = await merchantRequest().then(() =>
      kn("POST", `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/requests`, { currency: "SEK", payment_amount: 1 }, { "Klarna-Customer-Token": "krn:customer-token:nope" }),
    );
    expect(unknown.status).toBe(400);
  });
});

describe("Klarna Network: payment transactions", () => {
  it("captures in part with lines and tracking, refunds by capture and by lines, then voids the rest", async () => {
    const id = await confirmedTransaction();
    const capture = await kn("POST", `${transactionPath(id)}/captures`, {
      capture_amount: 20000,
      line_items: [lines[0]],
      shipping: [{ tracking_number: "TRK1", tracking_url: "https://track.example/TRK1", shipping_carrier: "PostNord" }],
    });
    expect(capture.status).toBe(201);
    const captureId = String(capture.body.payment_capture_id);
    expect((await kn("POST", `${transactionPath(id)}/captures/${enc(captureId)}/refunds`, { refund_amount: 5000 })).status).toBe(201);
    const noLines = await kn("POST", `${transactionPath(id)}/refunds`, { refund_amount: 1000 });
    expect(noLines.status).toBe(400);
    const withLines = await kn("POST", `${transactionPath(id)}/refunds`, {
      refund_amount: 1000,
      line_items: [{ name: "Goodwill", quantity: 1, unit_price: 1000, total_amount: 1000 }],
    });
    expect(withLines.status).toBe(201);
    const tooMuch = await kn("POST", `${transactionPath(id)}/captures/${enc(captureId)}/refunds`, { refund_amount: 15000 });
    expect(tooMuch).toMatchObject({ status: 403, body: { error_code: "REFUND_NOT_ALLOWED" } });
    const voided = await kn("POST", `${transactionPath(id)}/void`);
    expect(voided.body).toMatchObject({ state: "COMPLETED", captured_amount: 20000, refunded_amount: 6000, remaining_capture_amount: 0 });
    expect((await kn("POST", `${transactionPath(id)}/void`)).status).toBe(403);
    expect((await kn("POST", `${transactionPath(id)}/captures`, { capture_amount: 100 })).status).toBe(403);
  });

  it("voids an uncaptured transaction to CLOSED and refuses a capture above what remains", async () => {
    const id = await confirmedTransaction();
    const over = await kn("POST", `${transactionPath(id)}/captures`, { capture_amount: 25001 });
    expect(over).toMatchObject({ status: 403, body: { error_code: "CAPTURE_NOT_ALLOWED" } });
    expect((await kn("POST", `${transactionPath(id)}/void`)).body.state).toBe("CLOSED");
  });

  it("allows 200 captures and refuses the 201st with 403", async () => {
    const request = await merchantRequest({ payment_amount: 1000, line_items: undefined });
    const done = await complete(String(request.payment_request_id));
    const token = String(asRecord(done.state_context).payment_confirmation_token);
    const confirm = await kn("POST", `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/confirmation-tokens/${enc(token)}/confirm`, {
      currency: "SEK",
      payment_amount: 1000,
    });
    const id = String(asRecord(confirm.body.state_context).payment_transaction_id);
    for (let index = 0; index < 200; index += 1) {
      expect((await kn("POST", `${transactionPath(id)}/captures`, { capture_amount: 1 })).status).toBe(201);
    }
    const refused = await kn("POST", `${transactionPath(id)}/captures`, { capture_amount: 1 });
    expect(refused).toMatchObject({ status: 403, body: { error_code: "LIMIT_EXCEEDED" } });
   }, 60_000);

  it("expires an uncaptured authorization after 28 days and closes it 7 days later", async () => {
    const id = await confirmedTransaction();
    await t.sim.clock.advance("28d");
    expect((await kn("GET", transactionPath(id))).body.state).toBe("EXPIRED");
    expect((await kn("POST", `${transactionPath(id)}/captures`, {})).status).toBe(403);
    await t.sim.clock.advance("7d");
    expect((await kn("GET", transactionPath(id))).body.state).toBe("CLOSED");
  });

  it("replays the first answer for a repeated Klarna-Idempotency-Key: one capture", async () => {
    const id = await confirmedTransaction();
    const headers = { "Klarna-Idempotency-Key": "5b0f6a58-2b39-4a4d-9c55-55c7d3f4b6a1" };
    const first = await kn("POST", `${transactionPath(id)}/captures`, { capture_amount: 1000 }, headers);
    const second = await kn("POST", `${transactionPath(id)}/captures`, { capture_amount: 1000 }, headers);
    expect(second.body.payment_capture_id).toBe(first.body.payment_capture_id);
    expect((await kn("GET", transactionPath(id))).body.captured_amount).toBe(1000);
  });
});

describe("Klarna Network: access, faults and webhook delivery", () => {
  it("answers 401 ACCESS_ERROR without the API key and 503 for an injected fault, changing nothing", async () => {
    const anonymous = await fetch(`${t.url}/klarna-network/v2/payment/requests`, { method: "POST" });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error_type: "ACCESS_ERROR", error_code: "UNAUTHORIZED" });
    await kn("POST", "/_sim/klarna-network/faults", { kind: "api", mode: "fail", count: 1 });
    const failed = await kn("POST", `/klarna-network/v2/accounts/${enc(ACCOUNT)}/payment/requests`, { currency: "SEK", payment_amount: 1 });
    expect(failed.status).toBe(503);
    expect(failed.body.error_type).toBe("TECHNICAL_ERROR");
    expect((await kn("GET", "/_sim/klarna-network/requests")).body.payment_requests).toHaveLength(0);
  });

  it("retries an unacknowledged webhook on the virtual clock and stops once it is acknowledged", async () => {
    merchant.setReply(() => ({ status: 500 }));
    await registerWebhook(["payment.request.state-change.authorized"]);
    await complete(String((await merchantRequest()).payment_request_id));
    await t.sim.idle();
    expect(merchant.requests).toHaveLength(1);
    await t.sim.clock.advance("9s");
    expect(merchant.requests).toHaveLength(1);
    await t.sim.clock.advance("1s");
    expect(merchant.requests).toHaveLength(2);
    merchant.setReply(() => ({ status: 204 }));
    await t.sim.clock.advance("110s");
    expect(merchant.requests).toHaveLength(3);
    await t.sim.clock.advance("12h");
    expect(merchant.requests).toHaveLength(3);
    const bodies = new Set(merchant.requests.map((request) => request.body));
    expect(bodies.size).toBe(1);
  });

  it("retries 10 s, 2 min, 15 min, 3 h, 6 h and 12 h after the first attempt, then gives up", async () => {
    const at: number[] = [];
    merchant.setReply(() => {
      at.push(t.sim.clock.now());
      return { status: 503 };
    });
    await registerWebhook(["payment.request.state-change.authorized"]);
    const started = t.sim.clock.now();
    await complete(String((await merchantRequest()).payment_request_id));
    await t.sim.clock.advance("13h");
    const offsets = at.map((time) => time - started);
    expect(offsets).toEqual([0, 10_000, 120_000, 900_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000]);
    const deliveries = (await kn("GET", "/_sim/klarna-network/deliveries")).body.deliveries as Record<string, unknown>[];
    expect(deliveries[0]).toMatchObject({ state: "failed", attempts: 7 });
  });

  it("refuses a plain-HTTP webhook URL, except to this machine for local development", async () => {
    const webhook = (url: string) =>
      kn("POST", "/klarna-network/v2/notification/webhooks", {
        url,
        event_types: ["payment.*"],
        event_version: "v2",
        signing_key_id: DEFAULT_SIGNING_KEY.signing_key_id,
        status: "ENABLED",
      });
    const plain = await webhook("http://shop.example/api/klarna/webhooks");
    expect(plain.status).toBe(400);
    expect((plain.body.errors as { parameter: string }[])[0]?.parameter).toBe("url");
    expect((await kn("GET", "/klarna-network/v2/notification/webhooks")).body.webhooks).toHaveLength(0);
    expect((await webhook("https://shop.example/api/klarna/webhooks")).status).toBe(201);
    expect((await webhook("http://127.0.0.1:3400/api/klarna/webhooks")).status).toBe(201);
  });

  it("loses, duplicates and reorders webhooks when told to", async () => {
    await registerWebhook(["payment.request.state-change.*"]);
    await kn("POST", "/_sim/klarna-network/faults", { kind: "webhook", mode: "drop", count: 1 });
    await merchantRequest();
    await t.sim.idle();
    expect(merchant.requests).toHaveLength(0);

    await kn("POST", "/_sim/klarna-network/faults", { kind: "webhook", mode: "duplicate", count: 1 });
    await merchantRequest();
    await t.sim.idle();
    expect(merchant.requests).toHaveLength(2);
    expect(merchant.requests[0]!.body).toBe(merchant.requests[1]!.body);

    merchant.requests.length = 0;
    const id = String((await merchantRequest()).payment_request_id);
    await t.sim.idle();
    merchant.requests.length = 0;
    await kn("POST", "/_sim/klarna-network/faults", { kind: "webhook", mode: "reorder", count: 1 });
    await complete(id);
    await t.sim.clock.advance("2m");
    expect(events()).toEqual(["payment.request.state-change.authorized", "payment.request.state-change.in-progress"]);
  });
});
