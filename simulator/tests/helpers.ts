import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { createSimulator, type Simulator } from "../create-simulator";
import type { SimulatorOptions } from "../config";

const USERNAME = "PK00000_storefront_test";
const PASSWORD = "simulator-test-password";
export const AUTH = `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString("base64")}`;

/** A fixed virtual start, so expected times in assertions are easy to read. */
export const START = Date.parse("2025-03-01T10:00:00.000Z");

export interface TestSimulator {
  sim: Simulator;
  url: string;
  /** Calls the simulator's API with Basic auth and a JSON body. */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  close(): Promise<void>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<TestSimulator> {
  const sim = createSimulator({ dbPath: ":memory:", clock: "manual", startTime: START, log: () => undefined, ...options });
  const { url } = await sim.listen(0);
  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        Authorization: AUTH,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  };
  return { sim, url, api, close: () => sim.close() };
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
  /** Virtual time of the simulator when the request arrived, if a clock was attached. */
  virtualAt: number | undefined;
}

export interface MerchantReply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Real milliseconds to wait before answering. */
  delayMs?: number;
}

/** A tiny merchant server on a random port that records every request and answers as the test says. */
export async function startMerchant(reply: (request: ReceivedRequest) => MerchantReply = () => ({ status: 200 })) {
  const requests: ReceivedRequest[] = [];
  let clock: (() => number) | undefined;
  let responder = reply;
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown = undefined;
      try {
        json = body === "" ? undefined : JSON.parse(body);
      } catch {
        json = undefined;
      }
      const request: ReceivedRequest = {
        method: incoming.method ?? "",
        path: incoming.url ?? "",
        headers: incoming.headers,
        body,
        json,
        virtualAt: clock?.(),
      };
      requests.push(request);
      const answer = responder(request);
      const send = () => {
        if (outgoing.destroyed) return;
        outgoing.writeHead(answer.status ?? 200, answer.headers);
        outgoing.end(answer.body ?? "");
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    requests,
    /** Records the simulator's virtual time with each request. */
    attachClock(now: () => number) {
      clock = now;
    },
    setReply(next: (request: ReceivedRequest) => MerchantReply) {
      responder = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A Swedish order that satisfies Klarna's checks: 25 % VAT on the product and on shipping. */
export function swedishOrder() {
  return {
    purchase_country: "SE",
    purchase_currency: "SEK",
    locale: "sv-SE",
    order_amount: 52500,
    order_tax_amount: 10500,
    order_lines: [
      {
        type: "physical",
        reference: "mug-01",
        name: "Ceramic mug",
        quantity: 2,
        unit_price: 25000,
        tax_rate: 2500,
        total_amount: 50000,
        total_discount_amount: 0,
        total_tax_amount: 10000,
      },
      {
        type: "shipping_fee",
        name: "Shipping",
        quantity: 1,
        unit_price: 2500,
        tax_rate: 2500,
        total_amount: 2500,
        total_tax_amount: 500,
      },
    ],
  };
}

/** A US order in Klarna's US style: no per-line tax, a sales_tax line instead. */
export function usOrder() {
  return {
    purchase_country: "US",
    purchase_currency: "USD",
    locale: "en-US",
    order_amount: 21000,
    order_tax_amount: 1000,
    order_lines: [
      { type: "physical", name: "Battery Power Pack", quantity: 1, unit_price: 20000, total_amount: 20000 },
      { type: "sales_tax", name: "Tax", quantity: 1, unit_price: 1000, total_amount: 1000 },
    ],
  };
}

export function asRecord(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error(`not an object: ${String(value)}`);
  return value as Record<string, unknown>;
}

export async function createSession(t: TestSimulator, extra: Record<string, unknown> = {}, order: object = swedishOrder()) {
  const response = await t.api("POST", "/payments/v1/sessions", { ...order, ...extra });
  if (response.status !== 200) throw new Error(`session: ${response.status} ${response.text}`);
  const body = asRecord(response.body);
  return { sessionId: String(body.session_id), clientToken: String(body.client_token), body };
}

export async function authorize(t: TestSimulator, sessionId: string, email = "customer@email.se") {
  const response = await t.api("POST", `/_sim/sessions/${sessionId}/authorize`, { email });
  if (response.status !== 200) throw new Error(`authorize: ${response.status} ${response.text}`);
  return String(asRecord(response.body).authorization_token);
}

/** Session, approval and order in one go; returns the ids and the create-order answer. */
export async function placeOrder(
  t: TestSimulator,
  options: { merchantUrls?: Record<string, string>; email?: string; order?: object } = {},
) {
  const order = options.order ?? swedishOrder();
  const { sessionId } = await createSession(t, {}, order);
  const token = await authorize(t, sessionId, options.email);
  const response = await t.api("POST", `/payments/v1/authorizations/${token}/order`, {
    ...order,
    merchant_urls: options.merchantUrls,
  });
  if (response.status !== 200) throw new Error(`order: ${response.status} ${response.text}`);
  const body = asRecord(response.body);
  return { sessionId, token, orderId: String(body.order_id), body };
}

/** Kustom's default test API key, sent as Kustom documents it: `Basic <API key>`. */
export const KUSTOM_AUTH = "Basic kco_test_api_simulator000000000000";

/** Calls Kustom's base URL (<simulator>/kustom) with Kustom's API key. */
export function kustomApi(t: TestSimulator, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return t.api(method, `/kustom${path}`, body, { Authorization: KUSTOM_AUTH, ...headers });
}

/** A Swedish Kustom checkout order; merchant URLs carry {checkout.order.id} as the store's do. */
export function kustomOrder(merchant = "https://shop.test", extra: Record<string, unknown> = {}) {
  return {
    ...swedishOrder(),
    merchant_reference1: "TS-1001",
    merchant_urls: {
      terms: `${merchant}/terms`,
      checkout: `${merchant}/checkout?kustom_order_id={checkout.order.id}`,
      confirmation: `${merchant}/checkout/confirmation?kustom_order_id={checkout.order.id}`,
      push: `${merchant}/api/kustom/push?kustom_order_id={checkout.order.id}`,
    },
    ...extra,
  };
}

/** Creates a Kustom checkout order and returns its id and the create answer. */
export async function createCheckout(t: TestSimulator, order: object = kustomOrder()) {
  const response = await kustomApi(t, "POST", "/checkout/v3/orders", order);
  if (response.status !== 201) throw new Error(`checkout: ${response.status} ${response.text}`);
  return { orderId: String(asRecord(response.body).order_id), response };
}
