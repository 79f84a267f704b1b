import AxeBuilder from "@axe-core/playwright";
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { form, openOrder } from "./support/admin";
import { addToCart, buy } from "./support/checkout";
import { advanceClock } from "./support/simulator";

// Defects found by trying the store as a new user would (issue 9), each held here by what a shopper or merchant sees.

test("the cart page has no serious accessibility problem: each line's image link is out of the way, its name link named", async ({ page }) => {
  await addToCart(page, "titanium-mug-450", 1);
  await page.goto("/cart");
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical").map((v) => v.id)).toEqual([]);
  await expect(page.getByRole("link", { name: "Titanium Mug 450 ml" })).toBeVisible();
});

test("the receipt's loading state says the order is being confirmed, not that a checkout is being prepared", async ({ request }) => {
  // A streamed page sends its loading state first; an unknown order id still goes through the receipt's route.
  const html = await (await request.get(`/checkout/confirmation?klarna_order_id=${randomUUID()}`)).text();
  // The loading state the page renders first (the router's data for later navigations names the checkout's too).
  const shown = html.match(/<div class="loading[^"]*" role="status"[^>]*><span class="spinner"[^>]*><\/span><span>([^<]*)<\/span>/);
  expect(shown?.[1]).toBe("Confirming your order…");
});

test("the back office says which dates are Klarna's, whose clock can run ahead of the store's", async ({ page, request }) => {
  const purchase = await buy(page, [["titanium-mug-450", 1]]);
  // The simulator's manual clock moves on; the store's does not.
  await advanceClock(request, "3d");
  await openOrder(page, purchase.orderNumber);
  await expect(page.getByTestId("authorization-expiry")).toContainText("UTC, Klarna's clock");
  await expect(page.getByText(/^Placed /)).not.toContainText("Klarna's clock");

  await form(page, "Capture").getByRole("button", { name: /^Capture/ }).click();
  await expect(page.getByTestId("capture").first()).toContainText("Klarna's clock");
});
