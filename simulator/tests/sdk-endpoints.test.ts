import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lowContrastRules } from "./contrast";
import { asRecord, createSession, startSimulator, type TestSimulator } from "./helpers";

// The endpoints behind sdk/api.js; the browser side is covered by e2e/simulator-sdk.spec.ts.
describe("SDK stand-in endpoints", () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startSimulator();
  });
  afterAll(() => t.close());

  async function sdk(path: string, token: string, body: unknown) {
    const response = await fetch(`${t.url}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}`, Origin: "http://shop.test" },
      body: JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: asRecord(await response.json()) };
  }

  it("draws every text of the widget and popup, small print included, at WCAG AA contrast (4.5:1)", async () => {
    const source = await (await fetch(`${t.url}/kp/lib/v1/api.js`)).text();
    expect(source).toContain(".klarna-sim-legal{");
    expect(lowContrastRules(source)).toEqual([]);
  });

  it("serves the script as JavaScript to any origin", async () => {
    const response = await fetch(`${t.url}/kp/lib/v1/api.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/javascript");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await response.text()).toContain("Klarna.Payments");
  });

  it("answers CORS preflights from any origin", async () => {
    const response = await fetch(`${t.url}/kp/sdk/load`, {
      method: "OPTIONS",
      headers: {
        Origin: "http://shop.test",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
      },
    });
    expect(response.status).toBeLessThan(300);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
  });

  it("refuses a client token whose signature is not the simulator's", async () => {
    const { clientToken } = await createSession(t);
    const [header, payload] = clientToken.split(".");
    const forged = `${header}.${payload}.${Buffer.from("forged").toString("base64url")}`;
    const response = await sdk("/kp/sdk/load", forged, { payment_method_category: "pay_later" });
    expect(response.status).toBe(401);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("loads an offered category and refuses one that is not", async () => {
    const { clientToken } = await createSession(t);
    const loaded = await sdk("/kp/sdk/load", clientToken, { payment_method_category: "pay_over_time" });
    expect(loaded.body).toMatchObject({
      show_form: true,
      widget: { identifier: "pay_over_time", name: "Monthly financing", installments: 3, order_amount: 52500 },
    });
    const missing = await sdk("/kp/sdk/load", clientToken, { payment_method_category: "pay_by_card" });
    expect(missing.body.show_form).toBe(false);
  });

  it("reports billing_address.email as invalid before any popup", async () => {
    const { clientToken } = await createSession(t);
    const response = await sdk("/kp/sdk/authorize", clientToken, {
      payment_method_category: "pay_later",
      data: { billing_address: { email: "nope" } },
    });
    expect(response.body).toEqual({
      ready: false,
      result: { approved: false, show_form: true, error: { invalid_fields: ["billing_address.email"] } },
    });
  });

  it("rejects the code 999999, then approves with a right code and issues a usable token", async () => {
    const { clientToken, sessionId } = await createSession(t);
    const begin = await sdk("/kp/sdk/authorize", clientToken, {
      payment_method_category: "pay_later",
      data: { billing_address: { email: "customer@email.se", given_name: "Alice", family_name: "Test" } },
    });
    expect(begin.body).toMatchObject({ ready: true, popup: { email: "customer@email.se", name: "Buy now, pay later" } });
    const confirm = (otp: string, email = "customer@email.se") =>
      sdk("/kp/sdk/authorize/confirm", clientToken, { payment_method_category: "pay_later", email, otp });
    expect((await confirm("999999")).body).toEqual({ result: "wrong_code" });
    expect((await confirm("12345")).body).toEqual({ result: "wrong_code" });
    const approved = await confirm("123456");
    expect(approved.body.result).toBe("approved");
    const token = String(approved.body.authorization_token);
    const finalize = await sdk("/kp/sdk/finalize", clientToken, { payment_method_category: "pay_later" });
    expect(finalize.body).toEqual({ approved: true, show_form: true, authorization_token: token });
    const session = asRecord((await t.api("GET", `/payments/v1/sessions/${sessionId}`)).body);
    expect(session).toMatchObject({ status: "complete", authorization_token: token });
    expect(asRecord(session.billing_address)).toMatchObject({ email: "customer@email.se", given_name: "Alice" });
  });

  it("declines the denied persona", async () => {
    const { clientToken } = await createSession(t);
    const response = await sdk("/kp/sdk/authorize/confirm", clientToken, {
      payment_method_category: "pay_now",
      email: "customer+denied@email.se",
      otp: "123456",
    });
    expect(response.body).toEqual({ result: "denied" });
  });
});
