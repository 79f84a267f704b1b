import AxeBuilder from "@axe-core/playwright";
import { expect, test, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { addToCart, cartLink, confirmCode, klarnaDialog, shipTo } from "./support/checkout";
import { money } from "./support/money";
import { authorizationsOfSession } from "./support/simulator";
import { checkoutSessionsOfCart, expressSessionsOfCart, ordersOfCart, setStock } from "./support/store-db";
import { openOrder, signIn } from "./support/admin";
import { expectRejectionPage } from "./support/validation";

// Klarna Express Checkout (issue 25; reference/klarna/express-checkout-notes.md): the button on the product page
// (one step: auto_finalize true) and in the cart (multistep: auto_finalize false, then the store's review page),
// through the simulator's Klarna.Payments.Buttons and its popup.

const MUG = { slug: "titanium-mug-450", sek: 34900, eur: 2995, gbp: 2600 };
const SHOTS = process.env.EXPRESS_SHOTS_DIR;

function expressButton(page: Page): Locator {
  return page.getByRole("button", { name: "Express checkout with Klarna" });
}

async function expressCartId(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((candidate) => candidate.name === "express_cart");
  if (!cookie) throw new Error("No Express cart cookie");
  return cookie.value.slice(0, cookie.value.indexOf("."));
}

async function cartId(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((candidate) => candidate.name === "cart");
  if (!cookie) throw new Error("No cart cookie");
  return cookie.value.slice(0, cookie.value.indexOf("."));
}

/** Klarna's popup for Express: email, the shipping address Klarna collects, then the one-time code. */
async function approveInPopup(page: Page, email: string): Promise<Locator> {
  const dialog = klarnaDialog(page);
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Email address").fill(email);
  await dialog.getByRole("button", { name: "Continue" }).click();
  await expect(dialog.getByRole("heading", { name: "Shipping address" })).toBeVisible();
  await expect(dialog.getByLabel("Street address")).not.toHaveValue("");
  await dialog.getByRole("button", { name: "Continue" }).click();
  await confirmCode(dialog);
  return dialog;
}

async function openProduct(page: Page, slug: string, quantity: number): Promise<void> {
  await page.goto(`/products/${slug}`);
  await page.getByRole("spinbutton", { name: "Quantity" }).fill(String(quantity));
  await expect(expressButton(page)).toBeVisible();
}

async function reachReceipt(page: Page): Promise<void> {
  await page.waitForURL(/\/checkout\/confirmation\?klarna_order_id=/, { timeout: 20_000 });
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Your order is confirmed.");
}

test.beforeEach(() => {
  setStock(MUG.slug, 50);
});

for (const market of [
  { code: "SE" as const, email: "customer@email.se", total: money(2 * MUG.sek + 4900, "SEK", "sv-SE") },
  { code: "GB" as const, email: "customer@email.gb", total: money(2 * MUG.gbp + 395, "GBP", "en-GB") },
]) {
  test(`product page, one step (${market.code}): buys that product and quantity with Klarna's address, the cart untouched`, async ({ page, context }) => {
    await shipTo(page, market.code);
    setStock("lumen-400-headlamp", 50);
    await addToCart(page, "lumen-400-headlamp", 1);
    await openProduct(page, MUG.slug, 2);
    await expressButton(page).click();
    await approveInPopup(page, market.email);
    await reachReceipt(page);
    await expect(page.getByText(market.total).first()).toBeVisible();

    const express = await expressCartId(context);
    const orders = ordersOfCart(express);
    expect(orders).toHaveLength(1);
    expect(orders[0]!.order_amount).toBe(market.code === "SE" ? 2 * MUG.sek + 4900 : 2 * MUG.gbp + 395);
    expect(expressSessionsOfCart(express).filter((row) => row.provider_reference)).toEqual([
      expect.objectContaining({ express: "one_step", shipping_option: null }),
    ]);
    // The shopper's own cart keeps its headlamp: the button bought the mug alone.
    expect(ordersOfCart(await cartId(context))).toEqual([]);
    await page.goto("/cart");
    await expect(cartLink(page, 1)).toBeVisible();
  });
}

test("cart, multistep (DE): Klarna's address on the review page, express shipping, finalize, one order", async ({ page, context }) => {
  await shipTo(page, "DE");
  await addToCart(page, MUG.slug, 2);
  await page.goto("/cart");
  await expressButton(page).click();
  await approveInPopup(page, "customer@email.de");

  await page.waitForURL(/\/checkout\/express\/review\?session=/);
  await expect(page.getByRole("heading", { level: 1, name: "Review your order" })).toBeVisible();
  await expect(page.getByTestId("express-address")).toContainText("Hellersbergstraße 14");
  await expect(page.getByTestId("order-total")).toHaveText(money(2 * MUG.eur + 495, "EUR", "de-DE"));
  await page.getByRole("radio", { name: /Express delivery/ }).check();
  await expect(page.getByTestId("order-total")).toHaveText(money(2 * MUG.eur + 995, "EUR", "de-DE"));
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${SHOTS}/review-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 720 });
  }
  expect((await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);

  await page.getByRole("button", { name: "Confirm and pay" }).click();
  await reachReceipt(page);
  const orderNumber = await page.getByTestId("order-number").innerText();
  const orders = ordersOfCart(await cartId(context));
  expect(orders).toHaveLength(1);
  expect(orders[0]!.order_amount).toBe(2 * MUG.eur + 995);
  expect(expressSessionsOfCart(await cartId(context)).filter((row) => row.provider_reference)).toEqual([
    expect.objectContaining({ express: "multi_step", shipping_option: "express" }),
  ]);
  // In the back office it is an ordinary Klarna Payments order, marked Express.
  await page.goto("/admin/orders");
  await signIn(page);
  await page.waitForURL((url) => !url.pathname.startsWith("/admin/sign-in"));
  await page.goto("/admin/orders");
  await expect(page.getByTestId(`order-row-${orderNumber}`)).toContainText("Klarna Payments · Express checkout");
  // Its order page says so beside the provider, as the list does; an ordinary order's page does not (e2e/admin.spec.ts).
  await openOrder(page, orderNumber);
  await expect(page.getByTestId("order-head-provider")).toHaveText("Klarna Payments · Express checkout");
  if (process.env.OFFICE_SHOTS) {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${process.env.OFFICE_SHOTS}/express-admin-order-${width}.png`, fullPage: true });
    }
  }
});

test("cart, multistep (SE) with standard shipping", async ({ page, context }) => {
  await shipTo(page, "SE");
  await addToCart(page, MUG.slug, 1);
  await page.goto("/cart");
  await expressButton(page).click();
  await approveInPopup(page, "customer@email.se");
  await page.waitForURL(/\/checkout\/express\/review\?session=/);
  await expect(page.getByRole("radio", { name: /Standard shipping/ })).toBeChecked();
  await expect(page.getByTestId("order-total")).toHaveText(money(MUG.sek + 4900, "SEK", "sv-SE"));
  await page.getByRole("button", { name: "Confirm and pay" }).click();
  await reachReceipt(page);
  expect(ordersOfCart(await cartId(context)).map((order) => order.order_amount)).toEqual([MUG.sek + 4900]);
});

test("a denied persona: Klarna refuses, the store says so and places nothing", async ({ page, context }) => {
  await shipTo(page, "SE");
  await openProduct(page, MUG.slug, 1);
  await expressButton(page).click();
  const dialog = await approveInPopup(page, "customer+denied@email.se");
  await expect(dialog.getByRole("heading", { name: "Your purchase can't be accepted" })).toBeVisible();
  await dialog.getByRole("button", { name: "Back to store" }).click();
  await expect(page.getByRole("group", { name: "Checkout faster" }).getByRole("alert")).toContainText("Klarna did not approve this purchase");
  expect(ordersOfCart(await expressCartId(context))).toEqual([]);
  // The button works again afterwards.
  await expressButton(page).click();
  await expect(klarnaDialog(page)).toBeVisible();
});

test("the store's rules refuse a blocked shopper: the authorization is cancelled and the page says why", async ({ page, context, request }) => {
  await shipTo(page, "SE");
  await openProduct(page, MUG.slug, 1);
  await expressButton(page).click();
  await approveInPopup(page, "blocked@email.se");
  await expectRejectionPage(page, "blocked", "We cannot accept this order");
  const express = await expressCartId(context);
  expect(ordersOfCart(express)).toEqual([]);
  const [session] = checkoutSessionsOfCart(express);
  expect(await authorizationsOfSession(request, session!.klarna_session_id)).toEqual(["cancelled"]);
});

test("out of stock after the button was shown: a plain refusal, no popup", async ({ page }) => {
  await shipTo(page, "SE");
  await openProduct(page, MUG.slug, 3);
  setStock(MUG.slug, 2);
  await expressButton(page).click();
  await expect(page.getByRole("group", { name: "Checkout faster" }).getByRole("alert")).toContainText("Only 2 of Titanium Mug 450 ml left in stock.");
  await expect(klarnaDialog(page)).toBeHidden();
});

test("a double click opens one popup and places one order", async ({ page, context }) => {
  await shipTo(page, "SE");
  await openProduct(page, MUG.slug, 1);
  await expressButton(page).dblclick();
  await expect(klarnaDialog(page)).toHaveCount(1);
  await approveInPopup(page, "customer@email.se");
  await reachReceipt(page);
  expect(ordersOfCart(await expressCartId(context))).toHaveLength(1);
});

test("axe finds nothing serious on the product page with the button; screenshots", async ({ page }) => {
  await shipTo(page, "SE");
  await openProduct(page, MUG.slug, 1);
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious).toEqual([]);
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await expect(expressButton(page)).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/product-${width}.png`, fullPage: true });
    }
  }
});
