import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SimulatorOptions } from "../config";
import { contractErrors } from "./openapi";
import { lowContrastRules } from "./contrast";
import {
  AUTH,
  asRecord,
  createCheckout,
  kustomApi,
  kustomOrder,
  placeOrder,
  startMerchant,
  startSimulator,
  type MerchantReply,
  type TestSimulator,
} from "./helpers";

const complete = (t: TestSimulator, orderId: string, email = "customer@email.se", extra: Record<string, unknown> = {}) =>
  t.api("POST", `/_sim/kustom/orders/${orderId}/complete`, { email, given_name: "Alice", postal_code: "12345", ...extra });

describe("Kustom Checkout v3", () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startSimulator();
  });
  afterAll(() => t.close());

  describe("credentials (notes.md §3)", () => {
    it("accepts the API key as it is or after a username, and answers 401 to anything else", async () => {
      const key = "kco_test_api_simulator000000000000";
      const create = (authorization?: string) =>
        t.api("POST", "/kustom/checkout/v3/orders", kustomOrder(), authorization ? { Authorization: authorization } : {});
      expect((await create(`Basic ${key}`)).status).toBe(201);
      expect((await create(`Basic ${Buffer.from(`M000000-simulator:${key}`).toString("base64")}`)).status).toBe(201);
      expect((await create(`Basic ${Buffer.from(`:${key}`).toString("base64")}`)).status).toBe(201);

      const wrongUser = await create(`Basic ${Buffer.from(`someone-else:${key}`).toString("base64")}`);
      expect(wrongUser.status).toBe(401);
      expect(asRecord(wrongUser.body)).toMatchObject({ error_code: "UNAUTHORIZED" });
      expect(asRecord(wrongUser.body).correlation_id).toEqual(expect.any(String));
      expect((await create("Basic kco_test_api_wrong")).status).toBe(401);
      // t.api sends Klarna's credentials by default: they do not open Kustom's base URL, and Kustom's key not Klarna's.
      expect((await t.api("POST", "/kustom/checkout/v3/orders", kustomOrder())).status).toBe(401);
      expect((await t.api("GET", "/ordermanagement/v1/orders/x", undefined, { Authorization: `Basic ${key}` })).status).toBe(401);
      expect((await fetch(`${t.url}/kustom/checkout/v3/orders/x`)).status).toBe(401);
    });
  });

  describe("checkout orders", () => {
    it("creates an incomplete order with a Location and an html_snippet that embeds the hosted checkout", async () => {
      const { orderId, response } = await createCheckout(t);
      expect(response.headers.get("location")).toBe(`${t.url}/kustom/checkout/v3/orders/${orderId}`);
      const body = asRecord(response.body);
      expect(body).toMatchObject({ status: "checkout_incomplete", order_amount: 52500, order_tax_amount: 10500, merchant_reference1: "TS-1001" });
      expect(contractErrors("kustom", "order", body)).toEqual([]);
      const snippet = String(body.html_snippet);
      expect(snippet).toMatch(/^<div id="klarna-checkout-container"[^>]*>.*<script[^>]*>.*<\/script><\/div>$/s);
      expect(snippet).toContain(JSON.stringify(`${t.url}/kustom/checkout/iframe/${orderId}`));
      expect(snippet).toContain('document.createElement("iframe")');

      const read = await kustomApi(t, "GET", `/checkout/v3/orders/${orderId}`);
      expect(read.status).toBe(200);
      expect(contractErrors("kustom", "order", read.body)).toEqual([]);
      expect((await kustomApi(t, "GET", "/checkout/v3/orders/unknown")).status).toBe(404);
    });

    it("refuses amounts that do not add up, missing or over-long merchant URLs, and a push URL equal to another", async () => {
      const countCheckouts = async () => (asRecord((await t.api("GET", "/_sim/kustom/orders")).body).orders as unknown[]).length;
      const before = await countCheckouts();
      const expectBadValue = async (order: object, field: string) => {
        const response = await kustomApi(t, "POST", "/checkout/v3/orders", order);
        expect(response.status).toBe(400);
        const body = asRecord(response.body);
        expect(body.error_code).toBe("BAD_VALUE");
        expect(body.correlation_id).toEqual(expect.any(String));
        expect((body.error_messages as string[]).join("\n")).toContain(`Bad value: ${field}`);
      };
      await expectBadValue(kustomOrder("https://shop.test", { order_amount: 52400 }), "order_amount");
      await expectBadValue(kustomOrder("https://shop.test", { order_tax_amount: 1 }), "order_tax_amount");
      const lines = kustomOrder().order_lines.map((line) => ({ ...line, total_tax_amount: undefined }));
      await expectBadValue(kustomOrder("https://shop.test", { order_lines: lines }), "order_lines[0].total_tax_amount");
      const urls = kustomOrder().merchant_urls;
      await expectBadValue(kustomOrder("https://shop.test", { merchant_urls: { ...urls, push: undefined } }), "merchant_urls.push");
      await expectBadValue(kustomOrder("https://shop.test", { merchant_urls: { ...urls, push: urls.confirmation } }), "merchant_urls.push");
      await expectBadValue(
        kustomOrder("https://shop.test", { merchant_urls: { ...urls, terms: `https://shop.test/${"t".repeat(2000)}` } }),
        "merchant_urls.terms",
      );
      expect(await countCheckouts()).toBe(before);
    });

    it("updates an incomplete order and answers READ_ONLY_ORDER once it is complete", async () => {
      const { orderId } = await createCheckout(t);
      const path = `/checkout/v3/orders/${orderId}`;
      const smaller = kustomOrder();
      smaller.order_lines = smaller.order_lines.slice(0, 1);
      const updated = await kustomApi(t, "POST", path, { order_lines: smaller.order_lines, order_amount: 50000, order_tax_amount: 10000 });
      expect(updated.status).toBe(200);
      expect(asRecord(updated.body)).toMatchObject({ order_amount: 50000, merchant_reference1: "TS-1001" });
      expect(contractErrors("kustom", "order", updated.body)).toEqual([]);
      expect((await kustomApi(t, "POST", path, { order_amount: 1 })).status).toBe(400);

      expect((await complete(t, orderId)).status).toBe(200);
      const readOnly = await kustomApi(t, "POST", path, { merchant_reference1: "TS-2" });
      expect(readOnly.status).toBe(403);
      expect(asRecord(readOnly.body)).toMatchObject({ error_code: "READ_ONLY_ORDER", error_messages: ["Resource is read-only"] });
      expect((await kustomApi(t, "POST", `${path}/abort`)).status).toBe(403);
      const read = asRecord((await kustomApi(t, "GET", path)).body);
      expect(read).toMatchObject({ status: "checkout_complete", order_amount: 50000, merchant_reference1: "TS-1001" });
      expect(read.completed_at).toEqual(expect.any(String));
      expect(String(read.html_snippet)).toContain(`/kustom/checkout/iframe/${orderId}`);
      expect(contractErrors("kustom", "order", read)).toEqual([]);
    });

    it("aborts an incomplete order: no update and no purchase afterwards", async () => {
      const { orderId } = await createCheckout(t);
      const aborted = await kustomApi(t, "POST", `/checkout/v3/orders/${orderId}/abort`);
      expect(aborted.status).toBe(200);
      expect(contractErrors("kustom", "order", aborted.body)).toEqual([]);
      expect((await kustomApi(t, "POST", `/checkout/v3/orders/${orderId}`, { merchant_reference1: "x" })).status).toBe(403);
      const purchase = await complete(t, orderId);
      expect(purchase.status).toBe(404);
      expect(asRecord(purchase.body).result).toBe("unavailable");
    });

    it("expires an incomplete order 48 hours after its last change", async () => {
      const { orderId } = await createCheckout(t);
      await t.sim.clock.advance("47h");
      expect((await kustomApi(t, "POST", `/checkout/v3/orders/${orderId}`, { merchant_reference2: "r2" })).status).toBe(200);
      await t.sim.clock.advance("47h");
      expect((await kustomApi(t, "GET", `/checkout/v3/orders/${orderId}`)).status).toBe(200);
      await t.sim.clock.advance("1h");
      expect((await kustomApi(t, "GET", `/checkout/v3/orders/${orderId}`)).status).toBe(404);
    });
  });

  describe("completing a purchase", () => {
    it("puts the order in Kustom's Order Management only, AUTHORIZED and not acknowledged", async () => {
      const { orderId } = await createCheckout(t);
      const done = await complete(t, orderId);
      expect(done.status).toBe(200);
      expect(asRecord(done.body)).toMatchObject({
        result: "complete",
        order_id: orderId,
        confirmation_url: `https://shop.test/checkout/confirmation?kustom_order_id=${orderId}`,
      });
      const om = await kustomApi(t, "GET", `/ordermanagement/v1/orders/${orderId}`);
      expect(om.status).toBe(200);
      expect(asRecord(om.body)).toMatchObject({ status: "AUTHORIZED", fraud_status: "ACCEPTED", order_amount: 52500, merchant_reference1: "TS-1001" });
      expect(asRecord(asRecord(om.body).billing_address)).toMatchObject({ email: "customer@email.se", given_name: "Alice", country: "SE" });
      expect(contractErrors("ordermanagement", "Order", om.body)).toEqual([]);
      expect(asRecord((await t.api("GET", `/_sim/kustom/orders/${orderId}`)).body)).toMatchObject({
        status: "checkout_complete",
        order_status: "AUTHORIZED",
        acknowledged: false,
      });

      // Invisible at Klarna's base URL, and Klarna's orders are invisible at Kustom's.
      const atKlarna = await t.api("GET", `/ordermanagement/v1/orders/${orderId}`);
      expect(atKlarna.status).toBe(404);
      expect(asRecord(atKlarna.body).error_code).toBe("NO_SUCH_ORDER");
      expect((await t.api("POST", `/ordermanagement/v1/orders/${orderId}/acknowledge`)).status).toBe(404);
      const klarnaOrder = await placeOrder(t);
      expect((await kustomApi(t, "GET", `/ordermanagement/v1/orders/${klarnaOrder.orderId}`)).status).toBe(404);

      // Kustom's Order Management is the whole API: capture and acknowledge work there.
      const capture = await kustomApi(t, "POST", `/ordermanagement/v1/orders/${orderId}/captures`, { captured_amount: 52500 });
      expect(capture.status).toBe(201);
      expect(capture.headers.get("location")).toContain(`${t.url}/kustom/ordermanagement/v1/orders/${orderId}/captures/`);
      expect((await kustomApi(t, "POST", `/ordermanagement/v1/orders/${orderId}/acknowledge`)).status).toBe(204);
      expect(asRecord((await t.api("GET", `/_sim/kustom/orders/${orderId}`)).body).acknowledged).toBe(true);
    });

    it("declines the denied persona and marks an invalid e-mail, creating no order", async () => {
      const { orderId } = await createCheckout(t);
      const denied = await complete(t, orderId, "customer+denied@email.se");
      expect(denied.status).toBe(403);
      expect(asRecord(denied.body).result).toBe("denied");
      const invalid = await complete(t, orderId, "customer@email");
      expect(invalid.status).toBe(400);
      expect(asRecord(invalid.body)).toEqual({ result: "invalid", invalid_fields: ["email"] });
      expect((await kustomApi(t, "GET", `/ordermanagement/v1/orders/${orderId}`)).status).toBe(404);
      expect(asRecord((await kustomApi(t, "GET", `/checkout/v3/orders/${orderId}`)).body).status).toBe("checkout_incomplete");
    });

    it("completes once when Buy is pressed twice", async () => {
      const { orderId } = await createCheckout(t);
      const [first, second] = await Promise.all([complete(t, orderId), complete(t, orderId)]);
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      const detail = asRecord((await t.api("GET", `/_sim/orders/${orderId}`)).body);
      expect(detail.scheduled).toHaveLength(17);
    });
  });

  describe("the hosted checkout page", () => {
    it("serves a labelled form with the order summary, at AA contrast, and the confirmation once complete", async () => {
      const { orderId } = await createCheckout(t);
      const page = await fetch(`${t.url}/kustom/checkout/iframe/${orderId}`);
      expect(page.status).toBe(200);
      const text = await page.text();
      for (const label of ["Email", "Postal code", "First name", "Last name", "Street address", "City", "Mobile phone"]) {
        expect(text).toMatch(new RegExp(`<label for="[a-z_]+">${label}</label>`));
      }
      expect(text).toContain('<button type="submit" id="buy">Buy</button>');
      expect(text).toContain("Your order");
      expect(text).toContain("Ceramic mug");
      expect(text).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      const css = /<style>([\s\S]*?)<\/style>/.exec(text)?.[1] ?? "";
      expect(css).not.toBe("");
      expect(lowContrastRules(css)).toEqual([]);

      await complete(t, orderId);
      const confirmed = await (await fetch(`${t.url}/kustom/checkout/iframe/${orderId}`)).text();
      expect(confirmed).toContain("Thank you for your order");
      expect(confirmed).toContain("TS-1001");
      expect(confirmed).not.toContain('id="buy"');
      expect((await fetch(`${t.url}/kustom/checkout/iframe/unknown`)).status).toBe(404);
    });

    it("takes Buy from the page itself and answers its outcome", async () => {
      const { orderId } = await createCheckout(t);
      const buy = (body: unknown) =>
        fetch(`${t.url}/kustom/checkout/iframe/${orderId}/purchase`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(body),
        });
      expect((await buy({ email: 12 })).status).toBe(400);
      const done = await buy({ email: "customer@email.se", payment_method_category: "pay_over_time" });
      expect(await done.json()).toMatchObject({ result: "complete", order_id: orderId });
      const om = asRecord((await kustomApi(t, "GET", `/ordermanagement/v1/orders/${orderId}`)).body);
      expect(om.initial_payment_method).toEqual({ type: "FIXED_SUM_CREDIT", description: "Monthly financing", number_of_installments: 3 });
    });
  });
});

describe("Kustom's validation callback and push (notes.md §6, §7)", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  });

  async function setup(reply: () => MerchantReply, options: SimulatorOptions = {}, extra: Record<string, unknown> = {}) {
    const merchant = await startMerchant(reply);
    const t = await startSimulator(options);
    merchant.attachClock(() => t.sim.clock.now());
    cleanups.push(() => merchant.close(), () => t.close());
    const order = kustomOrder(merchant.url, extra);
    order.merchant_urls = { ...order.merchant_urls, validation: `${merchant.url}/api/kustom/validation?id={checkout.order.id}` } as typeof order.merchant_urls;
    const { orderId } = await createCheckout(t, order);
    const validations = () => merchant.requests.filter((request) => request.path.startsWith("/api/kustom/validation"));
    return { merchant, t, orderId, validations };
  }

  it("approves on 200 after posting the whole order, with the shopper's details", async () => {
    const { t, orderId, validations } = await setup(() => ({ status: 200 }));
    expect((await complete(t, orderId)).status).toBe(200);
    expect(validations()).toHaveLength(1);
    const request = validations()[0];
    expect(request?.path).toBe(`/api/kustom/validation?id=${orderId}`);
    expect(request?.json).toMatchObject({
      order_id: orderId,
      status: "checkout_incomplete",
      purchase_country: "SE",
      order_amount: 52500,
      merchant_reference1: "TS-1001",
      billing_address: { email: "customer@email.se", given_name: "Alice", postal_code: "12345" },
    });
    expect(asRecord(request?.json).order_lines).toHaveLength(2);
    expect(contractErrors("kustom-callbacks", "order", request?.json)).toEqual([]);
  });

  it("denies on 303 with a Location: the shopper is sent there and the order stays incomplete", async () => {
    const { t, orderId, merchant } = await setup(() => ({ status: 303, headers: { Location: "/checkout/rejected?reason=stock" } }));
    const denied = await complete(t, orderId);
    expect(denied.status).toBe(403);
    expect(asRecord(denied.body)).toEqual({ result: "validation_redirect", location: `${merchant.url}/checkout/rejected?reason=stock` });
    expect(asRecord((await kustomApi(t, "GET", `/checkout/v3/orders/${orderId}`)).body).status).toBe("checkout_incomplete");
    expect((await kustomApi(t, "GET", `/ordermanagement/v1/orders/${orderId}`)).status).toBe(404);
  });

  it("keeps the shopper in the checkout on 400 with the merchant's error_text", async () => {
    const body = JSON.stringify({ error_type: "address_error", error_text: "We cannot deliver to this postal code." });
    const { t, orderId } = await setup(() => ({ status: 400, headers: { "Content-Type": "application/json" }, body }));
    const refused = await complete(t, orderId);
    expect(refused.status).toBe(403);
    expect(asRecord(refused.body)).toEqual({
      result: "validation_error",
      error_type: "address_error",
      error_text: "We cannot deliver to this postal code.",
    });
    expect(asRecord((await kustomApi(t, "GET", `/checkout/v3/orders/${orderId}`)).body).status).toBe("checkout_incomplete");
  });

  it("approves when the merchant does not answer in time (3 s, shrunk here)", async () => {
    const { t, orderId, validations } = await setup(() => ({ status: 500, delayMs: 1_000 }), { timeouts: { validationMs: 200 } });
    const started = Date.now();
    const done = await complete(t, orderId);
    const waited = Date.now() - started;
    expect(done.status).toBe(200);
    expect(validations()).toHaveLength(1);
    expect(waited).toBeGreaterThanOrEqual(190);
    expect(waited).toBeLessThan(900);
    const callbacks = asRecord((await t.api("GET", `/_sim/kustom/orders/${orderId}`)).body).callbacks as { kind: string; error: string }[];
    expect(callbacks.find((callback) => callback.kind === "validation")?.error).toBe("timeout after 200 ms");
  });

  it("fails the purchase after the strict timeout (10 s, shrunk here) with require_validate_callback_success", async () => {
    const { t, orderId } = await setup(
      () => ({ status: 200, delayMs: 1_000 }),
      { timeouts: { validationMs: 100, strictValidationMs: 400 } },
      { options: { require_validate_callback_success: true } },
    );
    const started = Date.now();
    const failed = await complete(t, orderId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(failed.status).toBe(403);
    expect(asRecord(failed.body)).toEqual({ result: "validation_failed" });
    expect((await kustomApi(t, "GET", `/ordermanagement/v1/orders/${orderId}`)).status).toBe(404);
  });

  it("pushes +2, +5, +15, +30, +60 min and every 4 h to 48 h until acknowledged at Kustom's Order Management", async () => {
    const { t, orderId, merchant } = await setup(() => ({ status: 200 }));
    expect((await complete(t, orderId)).status).toBe(200);
    const pushes = () => merchant.requests.filter((request) => request.path.startsWith("/api/kustom/push"));
    await t.sim.clock.advance("1m");
    expect(pushes()).toHaveLength(0);
    await t.sim.clock.advance("1m");
    expect(pushes()).toHaveLength(1);
    expect(pushes()[0]?.path).toBe(`/api/kustom/push?kustom_order_id=${orderId}`);
    expect(pushes()[0]?.body).toBe("");
    await t.sim.clock.advance("58m");
    expect(pushes()).toHaveLength(5);
    await t.sim.clock.advance("4h");
    expect(pushes()).toHaveLength(6);

    // Acknowledging at Klarna's base URL does not count: the order is Kustom's.
    expect((await t.api("POST", `/ordermanagement/v1/orders/${orderId}/acknowledge`, undefined, { Authorization: AUTH })).status).toBe(404);
    expect((await kustomApi(t, "POST", `/ordermanagement/v1/orders/${orderId}/acknowledge`)).status).toBe(204);
    await t.sim.clock.advance("48h");
    expect(pushes()).toHaveLength(6);
  });
});
