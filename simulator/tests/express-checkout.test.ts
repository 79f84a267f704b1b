import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRecord, createSession, startSimulator, swedishOrder, type TestSimulator } from "./helpers";

// Express checkout's endpoints behind Klarna.Payments.Buttons in sdk/api.js (reference/klarna/express-checkout-notes.md);
// the browser side is covered by e2e/express-checkout.spec.ts.
describe("Express checkout in the SDK stand-in", () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startSimulator();
  });
  afterAll(() => t.close());

  async function sdk(path: string, token: string, body: unknown) {
    const response = await fetch(`${t.url}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: asRecord(await response.json()) };
  }

  const address = { given_name: "Adam", family_name: "Andersson", street_address: "Stårgatan 1", postal_code: "12345", city: "Ankeborg", country: "SE" };

  it("serves Klarna.Payments.Buttons in the script", async () => {
    const source = await (await fetch(`${t.url}/kp/lib/v1/api.js`)).text();
    expect(source).toContain("Payments.Buttons = Buttons");
  });

  it("opens the popup with the sample address of the purchase country", async () => {
    const { clientToken } = await createSession(t);
    const opened = await sdk("/kp/sdk/express/authorize", clientToken, { data: null });
    expect(opened.body.ready).toBe(true);
    expect(asRecord(opened.body.address)).toMatchObject({ country: "SE", street_address: "Stårgatan 1" });
  });

  it("one step (auto_finalize true): the token and the collected shipping address, which the order may carry", async () => {
    const { sessionId, clientToken } = await createSession(t);
    const confirmed = await sdk("/kp/sdk/express/confirm", clientToken, {
      email: "customer@email.se",
      otp: "123456",
      auto_finalize: true,
      collect_shipping_address: true,
      shipping_address: address,
    });
    expect(confirmed.body).toMatchObject({
      result: "approved",
      session_id: sessionId,
      collected_shipping_address: { ...address, email: "customer@email.se" },
    });
    const token = String(confirmed.body.authorization_token);
    const session = await t.api("GET", `/payments/v1/sessions/${sessionId}`);
    expect(asRecord(session.body)).toMatchObject({ status: "complete", shipping_address: { street_address: "Stårgatan 1" } });
    const order = await t.api("POST", `/payments/v1/authorizations/${token}/order`, {
      ...swedishOrder(),
      shipping_address: { ...address, email: "customer@email.se" },
    });
    expect(order.status).toBe(200);
  });

  it("multistep (auto_finalize false): finalize_required with the client_token; finalize applies the payload and issues the token", async () => {
    const { sessionId, clientToken } = await createSession(t);
    const confirmed = await sdk("/kp/sdk/express/confirm", clientToken, {
      email: "customer@email.se",
      otp: "123456",
      auto_finalize: false,
      collect_shipping_address: true,
      shipping_address: address,
    });
    expect(confirmed.body).toMatchObject({ result: "finalize_required", client_token: clientToken, session_id: sessionId });
    expect(confirmed.body.authorization_token).toBeUndefined();
    const before = await t.api("GET", `/payments/v1/sessions/${sessionId}`);
    expect(asRecord(before.body).status).toBe("incomplete");

    const order = swedishOrder();
    const finalized = await sdk("/kp/sdk/express/finalize", clientToken, { data: { ...order, shipping_address: address } });
    expect(finalized.body.handled).toBe(true);
    expect(asRecord(finalized.body.result)).toMatchObject({ approved: true, finalize_required: false, session_id: sessionId });
    expect(String(asRecord(finalized.body.result).authorization_token)).toMatch(/^[0-9a-f-]{36}$/);
    // Without an open Express authorization the ordinary finalize answers.
    expect((await sdk("/kp/sdk/express/finalize", clientToken, { data: null })).body).toEqual({ handled: false });
  });

  it("a denied persona is refused at the popup, and a wrong code is refused", async () => {
    const { clientToken } = await createSession(t);
    const denied = await sdk("/kp/sdk/express/confirm", clientToken, { email: "customer+denied@email.se", otp: "123456", auto_finalize: true });
    expect(denied.body).toEqual({ result: "denied" });
    const wrong = await sdk("/kp/sdk/express/confirm", clientToken, { email: "customer@email.se", otp: "999999" });
    expect(wrong.body).toEqual({ result: "wrong_code" });
  });

  it("refuses a client token the simulator did not sign", async () => {
    const { clientToken } = await createSession(t);
    const [header, payload] = clientToken.split(".");
    const forged = `${header}.${payload}.${Buffer.from("forged").toString("base64url")}`;
    expect((await sdk("/kp/sdk/express/authorize", forged, {})).status).toBe(401);
  });
});
