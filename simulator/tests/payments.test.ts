import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AUTH,
  asRecord,
  authorize,
  createSession,
  startSimulator,
  swedishOrder,
  usOrder,
  type TestSimulator,
} from "./helpers";

function decodeJwt(token: string) {
  const [header, payload, signature] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(header ?? "", "base64url").toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) as Record<string, unknown>,
    signature,
  };
}

function messages(body: unknown): string[] {
  return asRecord(body).error_messages as string[];
}

describe("Payments API", () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startSimulator();
  });
  afterAll(() => t.close());

  describe("creating a session", () => {
    it("returns a signed client token with the playground's fields and base_url pointing here", async () => {
      const { sessionId, clientToken, body } = await createSession(t);
      const jwt = decodeJwt(clientToken);
      expect(jwt.header).toMatchObject({ alg: "HS256", typ: "JWT" });
      expect(jwt.signature).toBeTruthy();
      expect(jwt.payload).toMatchObject({
        session_id: sessionId,
        base_url: t.url,
        design: "klarna",
        language: "sv",
        purchase_country: "SE",
        environment: "playground",
        session_type: "PAYMENTS",
        region: "eu",
        order_amount: 52500,
      });
      expect(typeof jwt.payload.merchant_name).toBe("string");
      expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(body.payment_method_categories).toEqual([
        expect.objectContaining({ identifier: "pay_later", name: "Buy now, pay later" }),
        expect.objectContaining({ identifier: "pay_over_time", name: "Monthly financing" }),
        expect.objectContaining({ identifier: "pay_now", name: "Pay now" }),
      ]);
    });

    it("offers UK and US names and serves the badge the categories point at", async () => {
      const gb = {
        ...swedishOrder(),
        purchase_country: "GB",
        purchase_currency: "GBP",
        locale: "en-GB",
        order_tax_amount: 8750,
        order_lines: [
          { name: "Mug", quantity: 2, unit_price: 25000, tax_rate: 2000, total_amount: 50000, total_tax_amount: 8333 },
          { name: "Shipping", quantity: 1, unit_price: 2500, tax_rate: 2000, total_amount: 2500, total_tax_amount: 417 },
        ],
      };
      const { body } = await createSession(t, {}, gb);
      const categories = body.payment_method_categories as { name: string; asset_urls: { standard: string } }[];
      expect(categories.map((category) => category.name)).toEqual(["Pay in 30 days", "Pay in 3 installments", "Pay now"]);
      const badge = await fetch(categories[0]?.asset_urls.standard ?? "");
      expect(badge.status).toBe(200);
      expect(badge.headers.get("content-type")).toContain("image/svg+xml");

      const us = await createSession(t, {}, usOrder());
      expect((us.body.payment_method_categories as { name: string }[])[1]?.name).toBe("Pay in 4 installments");
    });

    it("accepts US sales tax sent as its own line", async () => {
      const response = await t.api("POST", "/payments/v1/sessions", usOrder());
      expect(response.status).toBe(200);
    });

    it("names the field when a line total does not add up", async () => {
      const order = swedishOrder();
      order.order_lines[0] = { ...order.order_lines[0]!, total_amount: 49000, total_tax_amount: 9800 };
      const response = await t.api("POST", "/payments/v1/sessions", { ...order, order_amount: 51500, order_tax_amount: 10300 });
      expect(response.status).toBe(400);
      expect(asRecord(response.body).error_code).toBe("BAD_VALUE");
      expect(messages(response.body).join()).toContain("order_lines[0].total_amount");
    });

    it("rejects a line tax more than 1 away from the tax rate", async () => {
      const order = swedishOrder();
      order.order_lines[1] = { ...order.order_lines[1]!, total_tax_amount: 502 };
      const response = await t.api("POST", "/payments/v1/sessions", { ...order, order_tax_amount: 10502 });
      expect(response.status).toBe(400);
      expect(messages(response.body).join()).toContain("order_lines[1].total_tax_amount");
    });

    it("accepts a line tax within ±1 of the exact figure", async () => {
      const order = swedishOrder();
      order.order_lines[1] = { ...order.order_lines[1]!, total_tax_amount: 501 };
      const response = await t.api("POST", "/payments/v1/sessions", { ...order, order_tax_amount: 10501 });
      expect(response.status).toBe(200);
    });

    it("rejects order_amount and order_tax_amount that are not the sums of the lines", async () => {
      const amount = await t.api("POST", "/payments/v1/sessions", { ...swedishOrder(), order_amount: 52400 });
      expect(messages(amount.body).join()).toContain("order_amount");
      const tax = await t.api("POST", "/payments/v1/sessions", { ...swedishOrder(), order_tax_amount: 10000 });
      expect(tax.status).toBe(400);
      expect(messages(tax.body).join()).toContain("order_tax_amount");
    });

    it("rejects a currency the purchase country does not use, and shape errors", async () => {
      const currency = await t.api("POST", "/payments/v1/sessions", { ...swedishOrder(), purchase_currency: "EUR" });
      expect(currency.status).toBe(400);
      expect(messages(currency.body).join()).toContain("purchase_currency");
      const missing = await t.api("POST", "/payments/v1/sessions", { purchase_country: "SE" });
      expect(missing.status).toBe(400);
      expect(messages(missing.body).join()).toContain("order_lines");
      const wrongType = await t.api("POST", "/payments/v1/sessions", { ...swedishOrder(), order_amount: "52500" });
      expect(messages(wrongType.body).join()).toContain("order_amount");
    });
  });

  describe("reading and updating", () => {
    it("updates a session with 204 and checks the amounts again", async () => {
      const { sessionId } = await createSession(t);
      const ok = await t.api("POST", `/payments/v1/sessions/${sessionId}`, { merchant_reference1: "R-42" });
      expect(ok.status).toBe(204);
      const read = await t.api("GET", `/payments/v1/sessions/${sessionId}`);
      expect(asRecord(read.body).merchant_reference1).toBe("R-42");
      const bad = await t.api("POST", `/payments/v1/sessions/${sessionId}`, { order_amount: 1 });
      expect(bad.status).toBe(400);
      expect(messages(bad.body).join()).toContain("order_amount");
    });

    it("expires a session 48 hours after creation", async () => {
      const { sessionId } = await createSession(t);
      await t.sim.clock.advance("47h59m");
      expect((await t.api("GET", `/payments/v1/sessions/${sessionId}`)).status).toBe(200);
      await t.sim.clock.advance("1m");
      const expired = await t.api("GET", `/payments/v1/sessions/${sessionId}`);
      expect(expired.status).toBe(404);
      expect(asRecord(expired.body)).toMatchObject({ error_code: "NOT_FOUND", error_messages: ["Invalid session id"] });
      expect((await t.api("POST", `/payments/v1/sessions/${sessionId}`, { merchant_reference1: "x" })).status).toBe(404);
    });

    it("answers 404 for an unknown session", async () => {
      expect((await t.api("GET", "/payments/v1/sessions/not-a-session")).status).toBe(404);
    });
  });

  describe("placing the order", () => {
    const orderPath = (token: string) => `/payments/v1/authorizations/${token}/order`;

    it("makes at most one order per token; the same request again returns the same order", async () => {
      const { sessionId } = await createSession(t);
      const token = await authorize(t, sessionId);
      const body = { ...swedishOrder(), merchant_urls: { confirmation: "https://shop.test/c?o={order.id}&s={session.id}" } };
      const first = await t.api("POST", orderPath(token), body);
      expect(first.status).toBe(200);
      const order = asRecord(first.body);
      expect(order.fraud_status).toBe("ACCEPTED");
      // redirect_url is Klarna's own URL; one redirect leads the shopper on to the confirmation URL.
      const redirectUrl = String(order.redirect_url);
      expect(redirectUrl).toBe(`${t.url}/payments/redirect/${String(order.order_id)}`);
      const followed = await fetch(redirectUrl, { redirect: "manual" });
      expect(followed.status).toBe(303);
      expect(followed.headers.get("location")).toBe(`https://shop.test/c?o=${String(order.order_id)}&s=${sessionId}`);
      expect((await fetch(`${t.url}/payments/redirect/unknown-order`, { redirect: "manual" })).status).toBe(404);
      expect(order.authorized_payment_method).toEqual({ type: "invoice", number_of_days: 30 });

      const again = await t.api("POST", orderPath(token), body);
      expect(again.status).toBe(200);
      expect(asRecord(again.body).order_id).toBe(order.order_id);

      const different = await t.api("POST", orderPath(token), { ...body, merchant_reference1: "other" });
      expect(different.status).toBe(409);
      expect(asRecord(different.body).error_code).toBe("BAD_VALUE");
    });

    it("refuses an order that differs from what the shopper authorized", async () => {
      const { sessionId } = await createSession(t);
      const token = await authorize(t, sessionId);
      const order = swedishOrder();
      order.order_lines[0] = { ...order.order_lines[0]!, quantity: 1, total_amount: 25000, total_tax_amount: 5000 };
      const response = await t.api("POST", orderPath(token), { ...order, order_amount: 27500, order_tax_amount: 5500 });
      expect(response.status).toBe(409);
      expect(messages(response.body).join()).toContain("order_amount");
      expect(messages(response.body).join()).toContain("order_lines");
    });

    it("refuses inconsistent amounts on the order itself with 400 BAD_VALUE", async () => {
      const { sessionId } = await createSession(t);
      const token = await authorize(t, sessionId);
      const response = await t.api("POST", orderPath(token), { ...swedishOrder(), order_amount: 100 });
      expect(response.status).toBe(400);
      expect(asRecord(response.body).error_code).toBe("BAD_VALUE");
    });

    it("accepts a token for 60 minutes of virtual time", async () => {
      const { sessionId } = await createSession(t);
      const token = await authorize(t, sessionId);
      await t.sim.clock.advance("60m");
      const late = await t.api("POST", orderPath(token), swedishOrder());
      expect(late.status).toBe(404);
      expect(messages(late.body)).toEqual(["Invalid authorization token"]);

      const { sessionId: second } = await createSession(t);
      const fresh = await authorize(t, second);
      await t.sim.clock.advance("59m");
      expect((await t.api("POST", orderPath(fresh), swedishOrder())).status).toBe(200);
    });

    it("makes a cancelled authorization unusable", async () => {
      const { sessionId } = await createSession(t);
      const token = await authorize(t, sessionId);
      expect((await t.api("DELETE", `/payments/v1/authorizations/${token}`)).status).toBe(204);
      expect((await t.api("POST", orderPath(token), swedishOrder())).status).toBe(404);
      expect((await t.api("DELETE", `/payments/v1/authorizations/${token}`)).status).toBe(404);
    });

    it("replaces the previous token when the session is authorized again", async () => {
      const { sessionId } = await createSession(t);
      const first = await authorize(t, sessionId);
      const second = await authorize(t, sessionId);
      expect((await t.api("POST", orderPath(first), swedishOrder())).status).toBe(404);
      expect((await t.api("POST", orderPath(second), swedishOrder())).status).toBe(200);
      const completed = await t.api("POST", `/payments/v1/sessions/${sessionId}`, { merchant_reference1: "late" });
      expect(asRecord(completed.body).error_code).toBe("SESSION_COMPLETED");
    });

    it("refuses a customer token for a session whose intent is buy", async () => {
      const { sessionId } = await createSession(t);
      const token = await authorize(t, sessionId);
      const response = await t.api("POST", `/payments/v1/authorizations/${token}/customer-token`, {
        description: "Subscription",
        intended_use: "SUBSCRIPTION",
        locale: "sv-SE",
        purchase_country: "SE",
        purchase_currency: "SEK",
      });
      expect(response.status).toBe(403);
      expect(asRecord(response.body).error_code).toBe("INVALID_OPERATION");
    });
  });

  describe("HTTP edges", () => {
    it("answers 401 with a Klarna body for wrong or missing credentials", async () => {
      const wrong = await t.api("GET", "/payments/v1/sessions/x", undefined, {
        Authorization: `Basic ${Buffer.from("PK00000_storefront_test:wrong").toString("base64")}`,
      });
      expect(wrong.status).toBe(401);
      expect(asRecord(wrong.body)).toMatchObject({ error_code: "UNAUTHORIZED" });
      const missing = await fetch(`${t.url}/ordermanagement/v1/orders/x`);
      expect(missing.status).toBe(401);
      expect(AUTH).toContain("Basic ");
    });

    it("answers 400 for malformed JSON and Klarna's 413 REQUEST_TOO_LARGE for bodies over 1 MB, never 500", async () => {
      const malformed = await t.api("POST", "/payments/v1/sessions", "{not json");
      expect(malformed.status).toBe(400);
      expect(asRecord(malformed.body).error_code).toBe("BAD_REQUEST");
      const huge = JSON.stringify({ ...swedishOrder(), merchant_data: "x".repeat(1024 * 1024 + 10) });
      const oversized = await t.api("POST", "/payments/v1/sessions", huge);
      expect(oversized.status).toBe(413);
      expect(asRecord(oversized.body).error_code).toBe("REQUEST_TOO_LARGE");
      expect(messages(oversized.body)).toEqual(["Request is too large"]);
      const array = await t.api("POST", "/payments/v1/sessions", "[1,2]");
      expect(array.status).toBe(400);
    });

    it("answers 415 for a body that is not JSON, and 405 for a wrong method", async () => {
      const form = await t.api("POST", "/payments/v1/sessions", "a=b", { "Content-Type": "application/x-www-form-urlencoded" });
      expect(form.status).toBe(415);
      const method = await t.api("PUT", "/payments/v1/sessions", swedishOrder());
      expect(method.status).toBe(405);
      expect(method.headers.get("allow")).toBe("POST");
    });
  });
});
