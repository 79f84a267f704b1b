import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KLARNA_CREDENTIALS, startSimulator, temporaryDirectory, type ServerProcess } from "./support/child-servers";

// Klarna's rule as the simulator applies it (simulator/README.md, "Calls to the merchant"): no answer to the
// validation callback within 3 s approves, unless the session has options.require_validate_callback_success, in which
// case Klarna waits 10 s and then fails the purchase.
const NORMAL_WAIT_MS = 3_000;
const STRICT_WAIT_MS = 10_000;

let simulator: ServerProcess;
let merchant: Server;
let merchantUrl: string;
let removeTemporary: () => void;
/** When each validation call reached the "store", by path. */
const received: { path: string; at: number }[] = [];

/** A tiny stand-in store: its validation endpoints answer after a delay, fail, or deny. */
async function startMerchant(): Promise<Server> {
  const server = createServer((request, response) => {
    void (async () => {
      // The body is read only so the connection can be reused.
      await new Promise((resolve) => request.resume().once("end", resolve));
      const url = new URL(request.url ?? "/", "http://merchant");
      received.push({ path: url.pathname, at: Date.now() });
      const delay = Number(url.searchParams.get("sleep") ?? "0");
      if (delay > 0) await sleep(delay);
      if (response.destroyed) return;
      if (url.pathname === "/validate/fail") response.writeHead(500, { "Content-Type": "application/json" }).end('{"error":"down"}');
      else if (url.pathname === "/validate/deny") response.writeHead(303, { Location: "/checkout/rejected?reason=blocked" }).end();
      else response.writeHead(200).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

const AUTHORIZATION = `Basic ${Buffer.from(`${KLARNA_CREDENTIALS.KLARNA_USERNAME}:${KLARNA_CREDENTIALS.KLARNA_PASSWORD}`).toString("base64")}`;
const ORDER = {
  purchase_country: "SE",
  purchase_currency: "SEK",
  locale: "en-SE",
  order_amount: 44700,
  order_tax_amount: 8940,
  order_lines: [
    { type: "physical", reference: "TS-CL-220", name: "Hiking wool socks", quantity: 2, unit_price: 19900, tax_rate: 2500, total_amount: 39800, total_discount_amount: 0, total_tax_amount: 7960 },
    { type: "shipping_fee", reference: "shipping", name: "Standard shipping", quantity: 1, unit_price: 4900, tax_rate: 2500, total_amount: 4900, total_discount_amount: 0, total_tax_amount: 980 },
  ],
};

/** Creates a Klarna Payments session at the simulator whose validation callback is `validation`. */
async function createSession(validation: string, strict: boolean): Promise<string> {
  const response = await fetch(`${simulator.url}/payments/v1/sessions`, {
    method: "POST",
    headers: { Authorization: AUTHORIZATION, "Content-Type": "application/json" },
    body: JSON.stringify({
      ...ORDER,
      intent: "buy",
      merchant_urls: { validation },
      ...(strict ? { options: { require_validate_callback_success: true } } : {}),
    }),
  });
  if (!response.ok) throw new Error(`create session: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { session_id: string }).session_id;
}

interface Authorized {
  status: number;
  body: { approved: boolean; authorization_token?: string; reason?: string; location?: string };
  elapsedMs: number;
}

/** The shopper confirms: the simulator calls the validation URL and decides. */
async function authorize(sessionId: string): Promise<Authorized> {
  const started = Date.now();
  const response = await fetch(`${simulator.url}/_sim/sessions/${encodeURIComponent(sessionId)}/authorize`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "customer@email.se" }),
  });
  return { status: response.status, body: (await response.json()) as Authorized["body"], elapsedMs: Date.now() - started };
}

async function simulatorSession(sessionId: string) {
  const response = await fetch(`${simulator.url}/_sim/sessions/${encodeURIComponent(sessionId)}`);
  return (await response.json()) as {
    options?: { require_validate_callback_success?: boolean } | null;
    merchant_urls?: { validation?: string };
    authorizations: unknown[];
    callbacks: { kind: string; status: number | null; error: string | null }[];
  };
}

beforeAll(async () => {
  const temporary = temporaryDirectory("validation-timeouts-");
  removeTemporary = temporary.remove;
  simulator = await startSimulator({ dbPath: path.join(temporary.directory, "simulator.db") });
  merchant = await startMerchant();
  merchantUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}`;
});

afterAll(async () => {
  merchant?.closeAllConnections();
  await new Promise<void>((resolve) => (merchant ? merchant.close(() => resolve()) : resolve()));
  await simulator?.stop();
  removeTemporary?.();
});

describe("Klarna's wait for the validation callback (simulator)", () => {
  it("approves when the store answers 200 at once", async () => {
    const result = await authorize(await createSession(`${merchantUrl}/validate/ok`, false));
    expect(result).toMatchObject({ status: 200, body: { approved: true, authorization_token: expect.any(String) } });
  });

  it("approves a purchase whose validation takes 4 s after waiting 3 s, without strict mode", async () => {
    const sessionId = await createSession(`${merchantUrl}/validate/slow?sleep=4000`, false);
    const result = await authorize(sessionId);
    expect(result).toMatchObject({ status: 200, body: { approved: true, authorization_token: expect.any(String) } });
    expect(result.elapsedMs).toBeGreaterThanOrEqual(NORMAL_WAIT_MS - 50);
    expect(result.elapsedMs).toBeLessThan(4_000);
    expect(received.some((call) => call.path === "/validate/slow")).toBe(true);
    expect((await simulatorSession(sessionId)).callbacks).toContainEqual(
      expect.objectContaining({ kind: "validation", status: null, error: expect.stringMatching(/time/i) }),
    );
  }, 15_000);

  it("fails a purchase whose validation takes 11 s after waiting 10 s, in strict mode", async () => {
    const sessionId = await createSession(`${merchantUrl}/validate/slower?sleep=11000`, true);
    const result = await authorize(sessionId);
    expect(result).toMatchObject({ status: 403, body: { approved: false, reason: "validation_failed" } });
    expect(result.body.authorization_token).toBeUndefined();
    expect(result.elapsedMs).toBeGreaterThanOrEqual(STRICT_WAIT_MS - 50);
    expect(result.elapsedMs).toBeLessThan(11_000);
    expect((await simulatorSession(sessionId)).authorizations).toEqual([]);
  }, 25_000);

  it("in strict mode still approves a validation that takes 4 s, since Klarna waits up to 10 s", async () => {
    const result = await authorize(await createSession(`${merchantUrl}/validate/slow?sleep=4000`, true));
    expect(result).toMatchObject({ status: 200, body: { approved: true } });
    expect(result.elapsedMs).toBeGreaterThanOrEqual(4_000);
  }, 15_000);

  it("approves a validation that fails with 500 without strict mode, and fails it in strict mode", async () => {
    expect(await authorize(await createSession(`${merchantUrl}/validate/fail`, false))).toMatchObject({
      status: 200,
      body: { approved: true },
    });
    expect(await authorize(await createSession(`${merchantUrl}/validate/fail`, true))).toMatchObject({
      status: 403,
      body: { approved: false, reason: "validation_failed" },
    });
  });

  it("sends the shopper to the 303's Location, made absolute, in either mode", async () => {
    for (const strict of [false, true]) {
      const result = await authorize(await createSession(`${merchantUrl}/validate/deny`, strict));
      expect(result).toMatchObject({
        status: 403,
        body: { approved: false, reason: "validation_redirect", location: `${merchantUrl}/checkout/rejected?reason=blocked` },
      });
    }
  });
});

