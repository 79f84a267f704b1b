import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCheckoutComClient, SdkEnvironmentError } from "@/lib/payments/checkout-com/client";
import { CheckoutComApiError, CheckoutComUnavailableError } from "@/lib/payments/checkout-com/errors";
import { contextRequest, SECRET_KEY, simFault, startHarness, type Harness } from "./harness";

describe("the Checkout.com client", () => {
  it("refuses to start while the SDK's own variables are set, since the SDK would send their key instead", () => {
    const options = { apiUrl: "http://127.0.0.1:9", secretKey: SECRET_KEY, timeoutMs: 100 };
    expect(() => createCheckoutComClient(options, { CKO_SECRET_KEY: "sk_sbox_otherotherotherotherotherothe" })).toThrow(SdkEnvironmentError);
    expect(() => createCheckoutComClient(options, { CKO_SECRET: "x", CKO_CLIENT: "y" })).toThrow(/CKO_SECRET, CKO_CLIENT are set/);
    expect(() => createCheckoutComClient(options, {})).not.toThrow();
  });

  it("sends the configured key as a Bearer token, with the idempotency key", async () => {
    const seen: { authorization?: string; key?: string }[] = [];
    const server = createServer((request, response) => {
      seen.push({ authorization: request.headers.authorization, key: request.headers["cko-idempotency-key"] as string | undefined });
      response.writeHead(201, { "Content-Type": "application/json" }).end(JSON.stringify({ id: "pct_abcdefghijklmnopqrstuvwxyz", partner_metadata: { client_token: "t" } }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const client = createCheckoutComClient(
      { apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, secretKey: SECRET_KEY, timeoutMs: 2_000 },
      {},
    );
    await client.requestPaymentContext(contextRequest(), "key-1");
    server.close();
    expect(seen).toEqual([{ authorization: `Bearer ${SECRET_KEY}`, key: "key-1" }]);
  });

  it("gives up after its timeout when Checkout.com does not answer (the SDK's fetch has none)", async () => {
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const client = createCheckoutComClient(
      { apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, secretKey: SECRET_KEY, timeoutMs: 300 },
      {},
    );
    const started = Date.now();
    await expect(client.getPayment("pay_abcdefghijklmnopqrstuvwxyz")).rejects.toBeInstanceOf(CheckoutComUnavailableError);
    expect(Date.now() - started).toBeLessThan(2_000);
    server.closeAllConnections();
    server.close();
  });
});

describe("the simulator's Checkout.com API", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  const api = (path: string, init: RequestInit = {}, key = SECRET_KEY) =>
    fetch(`${h.simUrl}/checkout-com${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", ...init.headers },
    });

  it("answers a wrong key with 401 and an empty body, an unknown payment with 404 and an empty body", async () => {
    const unauthorized = await api("/payments/pay_abcdefghijklmnopqrstuvwxyz", {}, "sk_sbox_wrongwrongwrongwrongwrongwrong");
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.text()).toBe("");
    const missing = await api("/payments/pay_abcdefghijklmnopqrstuvwxyz");
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe("");
  });

  it("answers a bad context with 422 and Checkout.com's error codes", async () => {
    const request = contextRequest();
    const response = await api("/payment-contexts", {
      method: "POST",
      body: JSON.stringify({ ...request, currency: "EUR", processing_channel_id: undefined, amount: request.amount + 1 }),
    });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { request_id: string; error_type: string; error_codes: string[] };
    expect(body.error_type).toBe("request_invalid");
    expect(body.request_id).toBeTruthy();
    expect(body.error_codes).toEqual(["processing_channel_id_required", "currency_not_supported", "amount_invalid"]);
    await expect(h.client.requestPaymentContext({ ...request, items: [] }, "empty")).rejects.toMatchObject({
      status: 422,
      errorCodes: expect.arrayContaining(["items_required"]) as unknown,
    });
  });

  it("replays a 2xx for the same idempotency key, answers 409 while the first is running, and never stores a 4xx", async () => {
    const request = contextRequest();
    const first = await h.client.requestPaymentContext(request, "same-key");
    expect((await h.client.requestPaymentContext(request, "same-key")).id).toBe(first.id);

    await simFault(h, { target: "api", mode: "slow", delay_ms: 300, count: 1 });
    const results = await Promise.allSettled([h.client.requestPaymentContext(request, "racing"), h.client.requestPaymentContext(request, "racing")]);
    const statuses = results.map((result) => (result.status === "fulfilled" ? 201 : (result.reason as CheckoutComApiError).status)).sort();
    expect(statuses).toEqual([201, 409]);

    const bad = { ...request, amount: request.amount + 1 };
    await expect(h.client.requestPaymentContext(bad, "after-422")).rejects.toMatchObject({ status: 422 });
    // A 4xx was not remembered, so the same key with a corrected request is processed.
    expect((await h.client.requestPaymentContext(request, "after-422")).id).toMatch(/^pct_/);
  });

  it("passes injected 5xx through as errors the store can retry", async () => {
    await simFault(h, { target: "api", mode: "fail", status: 502, count: 1 });
    await expect(h.client.getPayment("pay_abcdefghijklmnopqrstuvwxyz")).rejects.toMatchObject({ status: 502 });
  });
});
