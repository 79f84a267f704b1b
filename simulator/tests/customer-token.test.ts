import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRecord, authorize, createSession, startSimulator, swedishOrder, type TestSimulator } from "./helpers";

// Klarna's customer-token API (reference/klarna/customer-token-v1.openapi.yml) on the simulator.
describe("customer-token API", () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startSimulator();
  });
  afterAll(() => t.close());

  const subscriptionLine = {
    ...swedishOrder().order_lines[0]!,
    subscription: { name: "Trail Food Box", interval: "MONTH", interval_count: 1 },
  };

  async function newToken(): Promise<string> {
    const order = { ...swedishOrder(), order_lines: [subscriptionLine] };
    order.order_amount = subscriptionLine.total_amount;
    order.order_tax_amount = subscriptionLine.total_tax_amount ?? 0;
    const { sessionId } = await createSession(t, { intent: "buy_and_tokenize" }, order);
    const authorization = await authorize(t, sessionId);
    const created = await t.api("POST", `/payments/v1/authorizations/${authorization}/customer-token`, {
      description: "Trail Food Box",
      intended_use: "SUBSCRIPTION",
      locale: "sv-SE",
      purchase_country: "SE",
      purchase_currency: "SEK",
    });
    expect(created.status).toBe(200);
    return String(asRecord(created.body).token_id);
  }

  function renewal() {
    return {
      purchase_currency: "SEK",
      order_amount: subscriptionLine.total_amount,
      order_tax_amount: subscriptionLine.total_tax_amount,
      order_lines: [subscriptionLine],
      merchant_reference1: "100042",
    };
  }

  it("reads an active token, places an Order Management order with it, and the same idempotency key places it once", async () => {
    const token = await newToken();
    const read = await t.api("GET", `/customer-token/v1/tokens/${token}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ payment_method_type: expect.any(String), status: "ACTIVE" });

    const headers = { "Klarna-Idempotency-Key": `renewal-${token}-1` };
    const first = await t.api("POST", `/customer-token/v1/tokens/${token}/order`, renewal(), headers);
    const again = await t.api("POST", `/customer-token/v1/tokens/${token}/order`, renewal(), headers);
    expect(first.status).toBe(200);
    expect(asRecord(first.body)).toMatchObject({ order_id: expect.any(String), fraud_status: "ACCEPTED" });
    expect(asRecord(again.body).order_id).toBe(asRecord(first.body).order_id);
    const order = await t.api("GET", `/ordermanagement/v1/orders/${String(asRecord(first.body).order_id)}`);
    expect(asRecord(order.body)).toMatchObject({ order_amount: subscriptionLine.total_amount, merchant_reference1: "100042", status: "AUTHORIZED" });
    const sim = await t.api("GET", `/_sim/customer-tokens/${token}`);
    expect(asRecord(sim.body).order_ids).toHaveLength(1);
  });

  it("checks the body as the spec does: required fields, the currency of the token, the line sums", async () => {
    const token = await newToken();
    const missing = await t.api("POST", `/customer-token/v1/tokens/${token}/order`, { purchase_currency: "SEK" });
    expect(missing.status).toBe(400);
    const currency = await t.api("POST", `/customer-token/v1/tokens/${token}/order`, { ...renewal(), purchase_currency: "EUR" });
    expect(currency.status).toBe(409);
    const sums = await t.api("POST", `/customer-token/v1/tokens/${token}/order`, { ...renewal(), order_amount: 1 });
    expect(sums.status).toBe(400);
    const badInterval = await t.api("POST", `/customer-token/v1/tokens/${token}/order`, {
      ...renewal(),
      order_lines: [{ ...subscriptionLine, subscription: { name: "x", interval: "FORTNIGHT", interval_count: 1 } }],
    });
    expect(badInterval.status).toBe(400);
  });

  it("refuses as many orders as a test asks (403), then charges again", async () => {
    const token = await newToken();
    await t.api("POST", `/_sim/customer-tokens/${token}/refusals`, { count: 1 });
    const refused = await t.api("POST", `/customer-token/v1/tokens/${token}/order`, renewal());
    expect(refused.status).toBe(403);
    expect(asRecord(refused.body)).toMatchObject({ error_code: expect.any(String), correlation_id: expect.any(String) });
    const next = await t.api("POST", `/customer-token/v1/tokens/${token}/order`, renewal());
    expect(next.status).toBe(200);
  });

  it("cancels a token with PATCH …/status (202); a cancelled token is not charged; unknown tokens are 404", async () => {
    const token = await newToken();
    const bad = await t.api("PATCH", `/customer-token/v1/tokens/${token}/status`, { status: "ACTIVE" });
    expect(bad.status).toBe(400);
    const cancelled = await t.api("PATCH", `/customer-token/v1/tokens/${token}/status`, { status: "CANCELLED" });
    expect(cancelled.status).toBe(202);
    expect(asRecord((await t.api("GET", `/customer-token/v1/tokens/${token}`)).body).status).toBe("CANCELLED");
    expect((await t.api("POST", `/customer-token/v1/tokens/${token}/order`, renewal())).status).toBe(403);
    const unknown = await t.api("GET", "/customer-token/v1/tokens/no-such-token");
    expect(unknown.status).toBe(404);
    expect(asRecord(unknown.body)).toMatchObject({ error_code: "NOT_FOUND", error_messages: ["Invalid customer-token ID"] });
  });
});
