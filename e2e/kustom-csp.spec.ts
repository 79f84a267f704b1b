import { expect, test } from "@playwright/test";
import { addToCart } from "./support/checkout";
import { policyOf, watchCsp } from "./support/csp";
import { setStock } from "./support/store-db";

// Kustom Checkout under the store's enforced Content-Security-Policy: the html_snippet's script runs (it gets the
// page's nonce), its iframe loads from the configured Kustom origin, and the purchase reaches the receipt with no
// violation reported.

test("a Kustom purchase under the enforced CSP reports no violation", async ({ page, context }) => {
  const csp = await watchCsp(context);
  setStock("hiking-wool-socks", 50);
  await addToCart(page, "hiking-wool-socks", 1);
  const response = await page.goto("/checkout");
  expect(policyOf(response?.headers())).toMatch(/frame-src http:\/\/localhost:\d+/);
  const checkout = page.frameLocator('iframe[title="Kustom Checkout"]');
  await checkout.getByLabel("Email").fill("customer@email.se");
  await checkout.getByLabel("Postal code").fill("11122");
  await checkout.getByLabel("First name").fill("Alice");
  await checkout.getByLabel("Last name").fill("Andersson");
  await checkout.getByLabel("Street address").fill("Drottninggatan 1");
  await checkout.getByLabel("City").fill("Stockholm");
  await checkout.getByLabel("Mobile phone").fill("0701234567");
  await checkout.getByRole("button", { name: "Buy" }).click();
  await page.waitForURL(/\/checkout\/confirmation\?kustom_order_id=/);
  await expect(page.getByRole("heading", { level: 1, name: /Your order is confirmed/ })).toBeVisible();
  await expect(page.frameLocator('iframe[title="Kustom Checkout"]').getByRole("heading", { name: "Thank you for your order" })).toBeVisible();
  csp.expectNone();
});
