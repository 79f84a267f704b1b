import { mkdirSync } from "node:fs";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { SIMULATOR_URL } from "../playwright.config";

// The simulator's Klarna.Payments stand-in in a real Chromium: run alone with
// E2E_SERVERS=simulator npx playwright test e2e/simulator-sdk.spec.ts

const AUTHORIZATION = `Basic ${Buffer.from("PK00000_storefront_test:simulator-test-password").toString("base64")}`;
const SHOTS = "/tmp/sim-shots";

const ORDER = {
  purchase_country: "SE",
  purchase_currency: "SEK",
  locale: "sv-SE",
  order_amount: 52500,
  order_tax_amount: 10500,
  order_lines: [
    { type: "physical", name: "Ceramic mug", quantity: 2, unit_price: 25000, tax_rate: 2500, total_amount: 50000, total_tax_amount: 10000 },
    { type: "shipping_fee", name: "Shipping", quantity: 1, unit_price: 2500, tax_rate: 2500, total_amount: 2500, total_tax_amount: 500 },
  ],
};

interface SdkResult {
  show_form?: boolean;
  approved?: boolean;
  authorization_token?: string;
  finalize_required?: boolean;
  error?: { invalid_fields?: string[] };
}

type SdkCall = (options: Record<string, unknown>, data: Record<string, unknown>, callback: (result: SdkResult) => void) => void;
interface KlarnaWindow {
  Klarna: { Payments: { init(options: { client_token: string }): void; load: SdkCall; authorize: SdkCall } };
}

async function openTestPage(page: Page, request: APIRequestContext) {
  const response = await request.post(`${SIMULATOR_URL}/payments/v1/sessions`, {
    headers: { Authorization: AUTHORIZATION },
    data: ORDER,
  });
  expect(response.status()).toBe(200);
  const session = (await response.json()) as { session_id: string; client_token: string };
  await page.goto(`${SIMULATOR_URL}/_sim/sdk-test?client_token=${encodeURIComponent(session.client_token)}`);
  return session;
}

function load(page: Page, category: string) {
  return page.evaluate(
    (paymentMethodCategory) =>
      new Promise<SdkResult>((resolve) => {
        (window as unknown as KlarnaWindow).Klarna.Payments.load(
          { container: "#klarna-payments-container", payment_method_category: paymentMethodCategory },
          {},
          resolve,
        );
      }),
    category,
  );
}

/** Starts authorize() and returns the pending callback result; the popup is then driven with locators. */
function authorize(page: Page, email: string, category = "pay_later") {
  return page.evaluate(
    ([paymentMethodCategory, billingEmail]) =>
      new Promise<SdkResult>((resolve) => {
        (window as unknown as KlarnaWindow).Klarna.Payments.authorize(
          { payment_method_category: paymentMethodCategory },
          { billing_address: { email: billingEmail, given_name: "Alice", family_name: "Test" } },
          resolve,
        );
      }),
    [category, email] as const,
  );
}

test.describe("Klarna.Payments stand-in", () => {
  test.beforeAll(() => {
    mkdirSync(SHOTS, { recursive: true });
  });

  test("init throws InvalidClientTokenError for a malformed or unsigned token", async ({ page }) => {
    await page.goto(`${SIMULATOR_URL}/_sim/sdk-test?client_token=not-a-token`);
    await expect(page.locator("#result")).toContainText("InvalidClientTokenError");
    const names = await page.evaluate(() => {
      const unsigned = `${btoa(JSON.stringify({ alg: "none" }))}.${btoa(JSON.stringify({ session_id: "x", base_url: "y" }))}.`;
      return ["a.b", "", unsigned].map((token) => {
        try {
          (window as unknown as KlarnaWindow).Klarna.Payments.init({ client_token: token });
          return "accepted";
        } catch (error) {
          return (error as Error).name;
        }
      });
    });
    expect(names).toEqual(["InvalidClientTokenError", "InvalidClientTokenError", "InvalidClientTokenError"]);
  });

  test("load renders each offered category in an accessible widget", async ({ page, request }) => {
    await openTestPage(page, request);
    const widget = page.getByRole("region", { name: "Klarna payment details" });

    expect(await load(page, "pay_later")).toEqual({ show_form: true });
    await expect(widget).toContainText("Buy now, pay later");
    await expect(widget).toContainText("Pay in 30 days, interest free");

    expect(await load(page, "pay_over_time")).toEqual({ show_form: true });
    await expect(widget).toContainText("Monthly financing");
    await expect(widget).toContainText("Split into 3 interest-free payments");

    expect(await load(page, "pay_now")).toEqual({ show_form: true });
    await expect(widget).toContainText("Pay in full today");

    const missing = await load(page, "pay_with_points");
    expect(missing.show_form).toBe(false);
    await expect(widget).toHaveCount(0);
  });

  test("an approved shopper confirms with a code and the token places an order", async ({ page, request }) => {
    await openTestPage(page, request);
    await load(page, "pay_later");
    const result = authorize(page, "customer@email.se");
    const dialog = page.getByRole("dialog", { name: "Klarna" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel("Email address")).toHaveValue("customer@email.se");
    await dialog.getByRole("button", { name: "Continue" }).click();
    await dialog.getByLabel("Verification code").fill("123456");
    await dialog.getByRole("button", { name: "Confirm" }).click();

    const approved = await result;
    expect(approved).toMatchObject({ approved: true, show_form: true, finalize_required: false });
    expect(approved.authorization_token).toMatch(/^[0-9a-f-]{36}$/);
    await expect(dialog).toBeHidden();

    const order = await request.post(`${SIMULATOR_URL}/payments/v1/authorizations/${approved.authorization_token}/order`, {
      headers: { Authorization: AUTHORIZATION },
      data: ORDER,
    });
    expect(order.status()).toBe(200);
    expect(await order.json()).toMatchObject({ fraud_status: "ACCEPTED" });
  });

  test("a wrong code shows an error and the shopper can try again", async ({ page, request }) => {
    await openTestPage(page, request);
    await load(page, "pay_over_time");
    const result = authorize(page, "customer@email.se", "pay_over_time");
    const dialog = page.getByRole("dialog", { name: "Klarna" });
    await dialog.getByRole("button", { name: "Continue" }).click();
    await dialog.getByLabel("Verification code").fill("999999");
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await expect(dialog.getByRole("alert")).toContainText("That code is not right");
    await dialog.getByLabel("Verification code").fill("123456");
    await dialog.getByRole("button", { name: "Confirm" }).click();
    expect(await result).toMatchObject({ approved: true });
  });

  test("a denied shopper sees a refusal and goes back to the store", async ({ page, request }) => {
    await openTestPage(page, request);
    await load(page, "pay_later");
    const result = authorize(page, "customer+denied@email.se");
    const dialog = page.getByRole("dialog", { name: "Klarna" });
    await dialog.getByRole("button", { name: "Continue" }).click();
    await dialog.getByLabel("Verification code").fill("123456");
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await expect(dialog).toContainText("can't be accepted");
    await dialog.getByRole("button", { name: "Back to store" }).click();
    expect(await result).toEqual({ approved: false, show_form: false });
    await expect(dialog).toBeHidden();
  });

  test("a malformed e-mail is reported as an invalid field without a popup", async ({ page, request }) => {
    await openTestPage(page, request);
    await load(page, "pay_later");
    const result = await authorize(page, "not-an-email");
    expect(result).toEqual({ approved: false, show_form: true, error: { invalid_fields: ["billing_address.email"] } });
    await expect(page.getByRole("dialog")).toHaveCount(0);
  });

  test("closing the popup is a cancellation", async ({ page, request }) => {
    await openTestPage(page, request);
    await load(page, "pay_now");
    const result = authorize(page, "customer@email.se", "pay_now");
    const dialog = page.getByRole("dialog", { name: "Klarna" });
    await dialog.getByRole("button", { name: "Close" }).click();
    expect(await result).toEqual({ approved: false, show_form: true });
    await expect(dialog).toBeHidden();
  });

  for (const width of [1280, 390]) {
    test(`screenshots of the widget and popup at ${width} px`, async ({ page, request }) => {
      await page.setViewportSize({ width, height: width > 500 ? 800 : 844 });
      await openTestPage(page, request);
      await load(page, "pay_over_time");
      await page.screenshot({ path: `${SHOTS}/widget-${width}.png`, fullPage: true });
      await load(page, "pay_later");
      await page.getByRole("region", { name: "Klarna payment details" }).screenshot({ path: `${SHOTS}/widget-pay-later-${width}.png` });

      const result = authorize(page, "customer+denied@email.se");
      const dialog = page.getByRole("dialog", { name: "Klarna" });
      await expect(dialog.getByLabel("Email address")).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/popup-email-${width}.png`, animations: "disabled" });
      await dialog.getByRole("button", { name: "Continue" }).click();
      await dialog.getByLabel("Verification code").fill("999999");
      await dialog.getByRole("button", { name: "Confirm" }).click();
      await expect(dialog.getByRole("alert")).toBeVisible();
      await page.mouse.move(0, 0);
      await page.screenshot({ path: `${SHOTS}/popup-code-error-${width}.png`, animations: "disabled" });
      await dialog.getByLabel("Verification code").fill("123456");
      await dialog.getByRole("button", { name: "Confirm" }).click();
      await expect(dialog.getByRole("button", { name: "Back to store" })).toBeVisible();
      await page.mouse.move(0, 0);
      await page.screenshot({ path: `${SHOTS}/popup-denied-${width}.png`, animations: "disabled" });
      await dialog.getByRole("button", { name: "Back to store" }).click();
      expect(await result).toEqual({ approved: false, show_form: false });

      await page.goto(SIMULATOR_URL);
      await page.screenshot({ path: `${SHOTS}/dashboard-${width}.png`, fullPage: true });
    });
  }
});
