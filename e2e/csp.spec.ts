import { expect, test } from "@playwright/test";
import { signIn } from "./support/admin";
import { addToCart, buy } from "./support/checkout";
import { policyOf, watchCsp } from "./support/csp";
import { setStock } from "./support/store-db";

// The store's pages under its enforced Content-Security-Policy (proxy.ts) in Chromium, on the Klarna Payments store:
// browsing, on-site messaging, the cart with a discount code, a whole Klarna Payments purchase to the receipt and the
// back office, with not one violation reported. The other providers' checkouts have their own *-csp.spec.ts.

test("browsing, a discount code and a Klarna Payments purchase report no CSP violation", async ({ page, context }) => {
  const csp = await watchCsp(context);
  const response = await page.goto("/");
  expect(policyOf(response?.headers())).toMatch(/script-src 'self' 'nonce-[^']+'/);
  await page.goto("/products/ridgeline-daypack-28l");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  setStock("titanium-mug-450", 50);
  await addToCart(page, "titanium-mug-450", 1);
  await page.goto("/cart");
  await page.getByRole("textbox", { name: "Discount code" }).fill("NO-SUCH-CODE");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("We do not know the code NO-SUCH-CODE.")).toBeVisible();
  const purchase = await buy(page, [["titanium-mug-450", 1]]);
  expect(purchase.orderNumber).toMatch(/^ORD-/);
  await page.goto("/terms");
  await page.goto("/admin/sign-in");
  await signIn(page);
  await page.waitForURL("**/admin");
  await page.goto("/admin/orders");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  csp.expectNone();
});

test("after five wrong passwords the sign-in form says how long to wait (1280 and 390 px)", async ({ page, context }) => {
  const csp = await watchCsp(context);
  // An account of its own, so no other test's sign-in counts against it.
  const email = `limited-${Date.now()}@trailhead.example`;
  for (let attempt = 1; attempt <= 5; attempt++) {
    // A fresh form each time: React resets the form after its action, which would race the next fill.
    await page.goto("/admin/sign-in");
    await signIn(page, email, `wrong-${attempt}`);
    await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText("That e-mail and password do not match a merchant account.");
  }
  await page.goto("/admin/sign-in");
  await signIn(page, email, "wrong-6");
  const alert = page.getByRole("alert").filter({ hasText: /\S/ });
  await expect(alert).toHaveText(/^Too many failed sign-ins for this account or from this network\. Try again in \d+ seconds\.$/);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: "screenshots/sign-in-rate-limited-1280.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(alert).toBeVisible();
  await page.screenshot({ path: "screenshots/sign-in-rate-limited-390.png", fullPage: true });
  csp.expectNone();
});

test("the watch on CSP violations sees one: an inline script without the nonce is refused and reported", async ({ page, context }) => {
  const csp = await watchCsp(context);
  await page.goto("/terms");
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.__injected = true;";
    document.body.append(script);
  });
  await expect.poll(() => csp.violations.length).toBeGreaterThan(0);
  expect(csp.violations.join("\n")).toMatch(/script-src/);
  // Enforced, the script did not run (under CSP_REPORT_ONLY=1 it would have, and only been reported).
  if (!process.env.CSP_REPORT_ONLY) expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
});
