import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { closedUrl, startSimulator, temporaryDirectory, type ServerProcess } from "./support/child-servers";

// Kustom's rule (reference/kustom/notes.md §6): no answer to the validation callback within 3 s approves, unless the
// order has options.require_validate_callback_success, in which case Kustom waits 10 s and then fails the purchase.
// The simulator's timeout knobs scale both limits down a tenth, so the rules are proven in about a second.
const NORMAL_WAIT_MS = 300;
const STRICT_WAIT_MS = 1_000;
const KUSTOM_AUTHORIZATION = "Basic kco_test_api_simulator000000000000";

let simulator: ServerProcess;
let merchant: Server;
let merchantUrl: string;
let removeTemporary: () => void;
/** When each validation call reached the "store", by path. */
const received: { path: string; at: number }[] = [];

/** A tiny stand-in store: its validation endpoints answer after a delay, fail, deny, or keep the shopper. */
async function startMerchant(): Promise<Server> {
  const server = createServer((request, response) => {
    void (async () => {
      await new Promise((resolve) => request.resume().once("end", resolve));
      const url = new URL(request.url ?? "/", "http://merchant");
      received.push({ path: url.pathname, at: Date.now() });
      const delay = Number(url.searchParams.get("sleep") ?? "0");
      if (delay > 0) await sleep(delay);
      if (response.destroyed) return;
      if (url.pathname === "/validate/fail") response.writeHead(500, { "Content-Type": "application/json" }).end('{"error":"down"}');
      else if (url.pathname === "/validate/deny") response.writeHead(303, { Location: "/checkout/rejected?reason=blocked" }).end();
      else if (url.pathname === "/validate/address") {
        response
          .writeHead(400, { "Content-Type": "application/json" })
          .end(JSON.stringify({ error_type: "address_error", error_text: "We cannot deliver to this address." }));
      } else response.writeHead(200).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

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

/** Creates a Kustom checkout order at the simulator whose validation callback is `validation`. */
async function createCheckout(validation: string, strict: boolean): Promise<string> {
  const response = await fetch(`${simulator.url}/kustom/checkout/v3/orders`, {
    method: "POST",
    headers: { Authorization: KUSTOM_AUTHORIZATION, "Content-Type": "application/json" },
    body: JSON.stringify({
      ...ORDER,
      merchant_urls: {
        terms: `${merchantUrl}/terms`,
        checkout: `${merchantUrl}/checkout`,
        confirmation: `${merchantUrl}/confirmation?id={checkout.order.id}`,
        push: `${merchantUrl}/push?id={checkout.order.id}`,
        validation,
      },
      ...(strict ? { options: { require_validate_callback_success: true } } : {}),
    }),
  });
  if (!response.ok) throw new Error(`create checkout: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { order_id: string }).order_id;
}

const outcome = z.object({
  result: z.string(),
  order_id: z.string().optional(),
  location: z.string().optional(),
  error_type: z.string().optional(),
  error_text: z.string().optional(),
});

/** The shopper presses Buy: the simulator calls the validation URL and decides. */
async function buy(orderId: string) {
  const started = Date.now();
  const response = await fetch(`${simulator.url}/_sim/kustom/orders/${encodeURIComponent(orderId)}/complete`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "customer@email.se", given_name: "Alice", family_name: "Test", street_address: "Storgatan 1", postal_code: "11122", city: "Stockholm" }),
  });
  return { status: response.status, body: outcome.parse(await response.json()), elapsedMs: Date.now() - started };
}

async function checkoutAtKustom(orderId: string) {
  const response = await fetch(`${simulator.url}/_sim/kustom/orders/${encodeURIComponent(orderId)}`);
  return z
    .object({
      status: z.string(),
      options: z.object({ require_validate_callback_success: z.boolean().optional() }).nullish(),
      merchant_urls: z.object({ validation: z.string().optional() }),
      callbacks: z.array(z.object({ kind: z.string(), status: z.number().nullable(), error: z.string().nullable() })),
    })
    .parse(await response.json());
}

beforeAll(async () => {
  const temporary = temporaryDirectory("validation-timeouts-");
  removeTemporary = temporary.remove;
  simulator = await startSimulator({
    dbPath: path.join(temporary.directory, "simulator.db"),
    env: { SIMULATOR_VALIDATION_TIMEOUT_MS: String(NORMAL_WAIT_MS), SIMULATOR_STRICT_VALIDATION_TIMEOUT_MS: String(STRICT_WAIT_MS) },
  });
  merchant = await startMerchant();
  merchantUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}`;
});

afterAll(async () => {
  merchant?.closeAllConnections();
  await new Promise<void>((resolve) => (merchant ? merchant.close(() => resolve()) : resolve()));
  await simulator?.stop();
  removeTemporary?.();
});

describe("Kustom's wait for the validation callback (simulator, limits scaled to a tenth)", () => {
  it("approves when the store answers 200 at once", async () => {
    expect((await buy(await createCheckout(`${merchantUrl}/validate/ok`, false))).body.result).toBe("complete");
  });

  it("approves a purchase whose validation answers too late, after the normal wait, without strict mode", async () => {
    const orderId = await createCheckout(`${merchantUrl}/validate/slow?sleep=${NORMAL_WAIT_MS + 300}`, false);
    const result = await buy(orderId);
    expect(result.body.result).toBe("complete");
    expect(result.elapsedMs).toBeGreaterThanOrEqual(NORMAL_WAIT_MS - 20);
    expect(result.elapsedMs).toBeLessThan(NORMAL_WAIT_MS + 300);
    expect(received.some((call) => call.path === "/validate/slow")).toBe(true);
    expect((await checkoutAtKustom(orderId)).callbacks).toContainEqual(
      expect.objectContaining({ kind: "validation", status: null, error: expect.stringMatching(/time/i) }),
    );
  });

  it("fails a purchase whose validation answers after the strict wait, in strict mode", async () => {
    const orderId = await createCheckout(`${merchantUrl}/validate/slower?sleep=${STRICT_WAIT_MS + 400}`, true);
    const result = await buy(orderId);
    expect(result.body.result).toBe("validation_failed");
    expect(result.elapsedMs).toBeGreaterThanOrEqual(STRICT_WAIT_MS - 20);
    expect(result.elapsedMs).toBeLessThan(STRICT_WAIT_MS + 400);
    expect((await checkoutAtKustom(orderId)).status).toBe("checkout_incomplete");
  });

  it("in strict mode still approves a validation slower than the normal wait, since Kustom waits the strict limit", async () => {
    const result = await buy(await createCheckout(`${merchantUrl}/validate/slow?sleep=${NORMAL_WAIT_MS + 200}`, true));
    expect(result.body.result).toBe("complete");
    expect(result.elapsedMs).toBeGreaterThanOrEqual(NORMAL_WAIT_MS + 200);
  });

  it("approves a validation that fails with 500 without strict mode, and fails it in strict mode", async () => {
    expect((await buy(await createCheckout(`${merchantUrl}/validate/fail`, false))).body.result).toBe("complete");
    expect((await buy(await createCheckout(`${merchantUrl}/validate/fail`, true))).body.result).toBe("validation_failed");
  });

  it("sends the shopper to the 303's Location, made absolute, in either mode", async () => {
    for (const strict of [false, true]) {
      const result = await buy(await createCheckout(`${merchantUrl}/validate/deny`, strict));
      expect(result.body).toMatchObject({ result: "validation_redirect", location: `${merchantUrl}/checkout/rejected?reason=blocked` });
    }
  });

  it("keeps the shopper in the checkout with the store's text on a 400 with error_type", async () => {
    const result = await buy(await createCheckout(`${merchantUrl}/validate/address`, false));
    expect(result.body).toMatchObject({ result: "validation_error", error_type: "address_error", error_text: "We cannot deliver to this address." });
  });
});

describe("the store asks Kustom for strict validation only when KLARNA_STRICT_VALIDATION=true", () => {
  /**
   * Opens a Kustom checkout with the store's own code under the given setting. env() is read once per module graph,
   * so each setting gets a fresh graph; the in-memory database is kept on globalThis and survives the reset.
   */
  async function openWith(strict: string | undefined) {
    vi.resetModules();
    process.env.KLARNA_API_URL = simulator.url;
    process.env.KUSTOM_API_URL = `${simulator.url}/kustom`;
    process.env.STORE_URL = await closedUrl();
    if (strict === undefined) delete process.env.KLARNA_STRICT_VALIDATION;
    else process.env.KLARNA_STRICT_VALIDATION = strict;
    const { env } = await import("@/lib/env");
    const { openKustomCheckout } = await import("@/lib/payments/kustom/open-checkout");
    const { MARKETS } = await import("@/lib/pricing/markets");
    const { cartWith } = await import("../lib/validation/support");
    const opened = await openKustomCheckout(await cartWith([{ slug: "hiking-wool-socks", quantity: 2 }]), MARKETS.SE);
    if (opened.status !== "ready") throw new Error(`checkout is ${opened.status}`);
    return { session: opened.session, storeUrl: env().STORE_URL, atKustom: await checkoutAtKustom(opened.session.klarnaSessionId) };
  }

  afterAll(() => {
    delete process.env.KLARNA_STRICT_VALIDATION;
  });

  it("sends options.require_validate_callback_success: true with the setting on", async () => {
    const { session, storeUrl, atKustom } = await openWith("true");
    expect(atKustom.options).toEqual({ require_validate_callback_success: true });
    expect(atKustom.merchant_urls.validation).toBe(
      `${storeUrl}/api/kustom/validation?kustom_order_id={checkout.order.id}&token=${session.callbackToken}`,
    );
  });

  it.each([undefined, "false"])("sends no such option with the setting %s", async (setting) => {
    const { atKustom } = await openWith(setting);
    expect(atKustom.options?.require_validate_callback_success).toBeUndefined();
    expect(atKustom.merchant_urls.validation).toMatch(/\/api\/kustom\/validation\?kustom_order_id=.+&token=/);
  });

  it("makes Kustom fail the purchase when the store cannot be reached only with the setting on", async () => {
    const strict = await openWith("true");
    expect((await buy(strict.session.klarnaSessionId)).body.result).toBe("validation_failed");
    const lenient = await openWith("false");
    expect((await buy(lenient.session.klarnaSessionId)).body.result).toBe("complete");
  });
});
