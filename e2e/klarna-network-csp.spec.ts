import { expect, test } from "@playwright/test";
import { addToCart } from "./support/checkout";
import { watchCsp } from "./support/csp";
import { setStock } from "./support/store-db";

// Klarna payment requests under the store's enforced Content-Security-Policy: the checkout, Klarna's purchase journey
// (the simulator's page, outside the store's policy) and the way back to the receipt, with no violation reported.

test.describe.configure({ timeout: 180_000 });

test("a payment-request purchase under the enforced CSP reports no violation", async ({ page, context }) => {
  const csp = await watchCsp(context);
  setStock("titanium-mug-450", 50);
  await addToCart(page, "titanium-mug-450", 1);
  await page.goto("/checkout");
  await expect(page.getByRole("heading", { level: 1, name: "Checkout" })).toBeVisible();
  await page.getByRole("button", { name: "Pay with Klarna", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: /with Klarna$/ })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel("Email address").fill("customer@email.se");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Verification code").fill("123456");
  await page.getByRole("button", { name: /^Pay / }).click();
  await expect(page).toHaveURL(/\/orders\/[A-Za-z0-9_-]+$/, { timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1, name: /^Order ORD-/ })).toBeVisible({ timeout: 30_000 });
  csp.expectNone();
});
