import { expect, test } from "@playwright/test";
import { addToCart } from "./support/checkout";
import { setStock } from "./support/store-db";

// The per-cart limits of lib/security/limits.ts in the browser, with their documented defaults: 10 discount codes and
// 30 checkout loads (each may open or update a session at the provider) per cart in 10 minutes. Each test has a
// browser context, so a cart, of its own.

test("the 11th discount code tried on one cart is refused with how long to wait", async ({ page }) => {
  setStock("titanium-mug-450", 50);
  await addToCart(page, "titanium-mug-450", 1);
  await page.goto("/cart");
  const field = page.getByRole("textbox", { name: "Discount code" });
  for (let attempt = 1; attempt <= 10; attempt++) {
    await field.fill(`GUESS-${attempt}`);
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByText(`We do not know the code GUESS-${attempt}.`)).toBeVisible();
  }
  await field.fill("GUESS-11");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("Too many discount codes tried on this cart. Try again in 10 minutes.")).toBeVisible();
});

test("the 31st checkout load of one cart is paused, says how long to wait, and opens nothing at Klarna", async ({ page }) => {
  test.setTimeout(180_000);
  setStock("titanium-mug-450", 50);
  await addToCart(page, "titanium-mug-450", 1);
  for (let load = 1; load <= 30; load++) {
    await page.goto("/checkout");
    await expect(page.getByRole("heading", { level: 1, name: "Checkout" })).toBeVisible();
  }
  await page.goto("/checkout");
  await expect(page.getByRole("heading", { level: 1, name: "Checkout is paused for this cart" })).toBeVisible();
  await expect(page.getByText(/This cart opened checkout too many times in a short while\. .* please try again in 10 minutes\./)).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to the cart" })).toBeVisible();
});
