import { expect, test } from "@playwright/test";
import { addToCart, confirmCode, fillShopper, openCheckout, payUpToCode } from "./support/checkout";
import { watchCsp } from "./support/csp";
import { advanceClock, clearFaults } from "./support/simulator";
import { setStock } from "./support/store-db";

// Klarna through Checkout.com under the store's enforced Content-Security-Policy: Klarna's widget from the configured
// SDK URL, the payment and the receipt, with no violation reported.

test.setTimeout(120_000);

test("a Checkout.com purchase under the enforced CSP reports no violation", async ({ page, context, request }) => {
  await clearFaults(request);
  const csp = await watchCsp(context);
  setStock("titanium-mug-450", 50);
  await addToCart(page, "titanium-mug-450", 1);
  await openCheckout(page);
  await fillShopper(page);
  await confirmCode(await payUpToCode(page));
  await page.waitForURL(/\/checkout\/confirmation\?checkout_com_payment_id=pay_/, { timeout: 20_000 });
  // Checkout.com answers 202 Pending and decides on the simulator's clock; the page updates itself to the receipt.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("We are confirming your payment");
  await advanceClock(page.request, "5s");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Your order is confirmed.", { timeout: 20_000 });
  csp.expectNone();
});
