import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { SIMULATOR_URL } from "../playwright.config";

// The simulator's Kustom hosted checkout in a real Chromium, through the order's html_snippet on a bare page.
// Run alone with E2E_SERVERS=simulator npx playwright test e2e/simulator-kustom.spec.ts

const KUSTOM_AUTH = "Basic kco_test_api_simulator000000000000";
const SHOTS = "/tmp/sim-shots";

/** What the tiny merchant answers to the validation callback, per test. */
let validationReply: { status: number; headers?: Record<string, string>; body?: string } = { status: 200 };
let merchant: Server;
let merchantUrl = "";

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  merchant = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      if (request.url?.startsWith("/validation")) {
        response.writeHead(validationReply.status, validationReply.headers);
        response.end(validationReply.body ?? "");
        return;
      }
      // Confirmation and rejection pages: plain pages that say where the shopper landed.
      response.writeHead(200, { "Content-Type": "text/html" });
      response.end(`<!doctype html><title>Merchant</title><h1>Merchant page ${request.url ?? ""}</h1>`);
    });
  });
  await new Promise<void>((resolve) => merchant.listen(0, resolve));
  merchantUrl = `http://localhost:${(merchant.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => merchant.close(() => resolve()));
});

test.beforeEach(() => {
  validationReply = { status: 200 };
});

async function createCheckout(request: APIRequestContext): Promise<string> {
  const response = await request.post(`${SIMULATOR_URL}/kustom/checkout/v3/orders`, {
    headers: { Authorization: KUSTOM_AUTH },
    data: {
      purchase_country: "SE",
      purchase_currency: "SEK",
      locale: "sv-SE",
      order_amount: 52500,
      order_tax_amount: 10500,
      merchant_reference1: "TS-1001",
      order_lines: [
        { type: "physical", name: "Ceramic mug", quantity: 2, unit_price: 25000, tax_rate: 2500, total_amount: 50000, total_tax_amount: 10000 },
        { type: "shipping_fee", name: "Shipping", quantity: 1, unit_price: 2500, tax_rate: 2500, total_amount: 2500, total_tax_amount: 500 },
      ],
      merchant_urls: {
        terms: `${merchantUrl}/terms`,
        checkout: `${merchantUrl}/checkout?kustom_order_id={checkout.order.id}`,
        confirmation: `${merchantUrl}/confirmation?kustom_order_id={checkout.order.id}`,
        push: `${merchantUrl}/push?kustom_order_id={checkout.order.id}`,
        validation: `${merchantUrl}/validation?kustom_order_id={checkout.order.id}`,
      },
    },
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { order_id: string }).order_id;
}

async function openCheckout(page: Page, request: APIRequestContext) {
  const orderId = await createCheckout(request);
  await page.goto(`${SIMULATOR_URL}/_sim/kustom-demo/${orderId}`);
  const checkout = page.frameLocator('iframe[title="Kustom Checkout"]');
  await expect(checkout.getByRole("button", { name: "Buy" })).toBeVisible();
  return { orderId, checkout };
}

async function fillDetails(checkout: ReturnType<Page["frameLocator"]>, email: string) {
  await checkout.getByLabel("Email").fill(email);
  await checkout.getByLabel("Postal code").fill("11122");
  await checkout.getByLabel("First name").fill("Alice");
  await checkout.getByLabel("Last name").fill("Andersson");
  await checkout.getByLabel("Street address").fill("Drottninggatan 1");
  await checkout.getByLabel("City").fill("Stockholm");
  await checkout.getByLabel("Mobile phone").fill("0701234567");
}

test("buying in the hosted checkout sends the shopper to the confirmation URL and shows the confirmation snippet", async ({ page, request }) => {
  const { orderId, checkout } = await openCheckout(page, request);
  await expect(checkout.getByRole("heading", { name: "Your order" })).toBeVisible();
  await expect(checkout.getByText("SEK 525.00")).toBeVisible();
  await fillDetails(checkout, "customer@email.se");
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/kustom-checkout-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await checkout.getByRole("button", { name: "Buy" }).click();
  await page.waitForURL(`${merchantUrl}/confirmation?kustom_order_id=${orderId}`);
  await expect(page.getByRole("heading", { name: /Merchant page \/confirmation/ })).toBeVisible();

  const order = await request.get(`${SIMULATOR_URL}/kustom/checkout/v3/orders/${orderId}`, { headers: { Authorization: KUSTOM_AUTH } });
  expect(((await order.json()) as { status: string }).status).toBe("checkout_complete");
  await page.goto(`${SIMULATOR_URL}/_sim/kustom-demo/${orderId}`);
  const confirmation = page.frameLocator('iframe[title="Kustom Checkout"]');
  await expect(confirmation.getByRole("heading", { name: "Thank you for your order" })).toBeVisible();
  await expect(confirmation.getByText("TS-1001")).toBeVisible();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/kustom-confirmation-${width}.png`, fullPage: true });
  }
});

test("an invalid e-mail is marked for correction and the denied persona gets a refusal inside the checkout", async ({ page, request }) => {
  const { orderId, checkout } = await openCheckout(page, request);
  await fillDetails(checkout, "customer@email");
  await checkout.getByRole("button", { name: "Buy" }).click();
  await expect(checkout.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(checkout.getByText("Enter a valid email address")).toBeVisible();

  await checkout.getByLabel("Email").fill("customer+denied@email.se");
  await checkout.getByRole("button", { name: "Buy" }).click();
  await expect(checkout.getByRole("alert")).toHaveText(/Your purchase can't be accepted/);
  await expect(checkout.getByLabel("Email")).not.toHaveAttribute("aria-invalid", "true");
  expect(page.url()).toBe(`${SIMULATOR_URL}/_sim/kustom-demo/${orderId}`);
});

test("the store's validation answer decides: 303 sends the top window away, 400 shows its text in the checkout", async ({ page, request }) => {
  validationReply = { status: 400, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ error_type: "approval_failed", error_text: "One item just sold out." }) };
  const { checkout } = await openCheckout(page, request);
  await fillDetails(checkout, "customer@email.se");
  await checkout.getByRole("button", { name: "Buy" }).click();
  await expect(checkout.getByRole("alert")).toHaveText("One item just sold out.");
  await page.screenshot({ path: `${SHOTS}/kustom-validation-error-1280.png`, fullPage: true });

  validationReply = { status: 303, headers: { Location: "/checkout/rejected?reason=stock" } };
  await checkout.getByRole("button", { name: "Buy" }).click();
  await page.waitForURL(`${merchantUrl}/checkout/rejected?reason=stock`);
});
