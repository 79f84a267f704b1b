import { expect, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { setStock } from "./store-db";

// A shopper's steps through the store and Klarna's popup (the simulator's SDK stand-in), by role and label.

/** Adds a product from its page, as a shopper does, and waits for the store to say it was added. */
export async function addToCart(page: Page, slug: string, quantity = 1): Promise<void> {
  await page.goto(`/products/${slug}`);
  await page.getByRole("spinbutton", { name: "Quantity" }).fill(String(quantity));
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("form", { name: "Add to cart" }).getByRole("status")).toContainText("Added");
}

export function cartLink(page: Page, items: number): Locator {
  return page.getByRole("link", { name: items === 1 ? "Cart, 1 item" : `Cart, ${items} items` });
}

/** The cart id in the browser's signed cart cookie (`<uuid>.<hmac>`), to find this shopper's rows in the store DB. */
export async function cartIdOf(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((candidate) => candidate.name === "cart");
  if (!cookie) throw new Error("This browser has no cart cookie yet");
  return cookie.value.slice(0, cookie.value.indexOf("."));
}

/** Picks the market in the header's "Ship to" select and waits until the store has switched to it. */
export async function shipTo(page: Page, code: "SE" | "DE" | "GB" | "US"): Promise<void> {
  await page.goto("/");
  await page.getByLabel("Ship to").selectOption(code);
  await expect
    .poll(async () => (await page.context().cookies()).find((cookie) => cookie.name === "market")?.value)
    .toBe(code);
  await expect(page.getByLabel("Ship to")).toHaveValue(code);
}

export async function applyDiscountCode(page: Page, code: string): Promise<void> {
  await page.goto("/cart");
  await page.getByRole("textbox", { name: "Discount code" }).fill(code);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText(`Discount code ${code}`)).toBeVisible();
}

/** Opens the checkout and waits until Klarna's widget has loaded, so the shopper can pay. */
export async function openCheckout(page: Page): Promise<void> {
  await page.goto("/checkout");
  await expect(page.getByRole("heading", { level: 1, name: "Checkout" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Klarna payment details" })).toBeVisible();
}

/** Fills in Klarna's approved sample shopper for the market, then optionally another e-mail (to pick a persona). */
export async function fillShopper(page: Page, email?: string): Promise<void> {
  await page.getByRole("button", { name: "Fill in a test shopper" }).click();
  await expect(emailField(page)).not.toHaveValue("");
  if (email !== undefined) await emailField(page).fill(email);
}

export function emailField(page: Page): Locator {
  return page.getByLabel("Email", { exact: true });
}

export function klarnaDialog(page: Page): Locator {
  return page.getByRole("dialog", { name: "Klarna" });
}

/** Presses "Pay with Klarna" and waits for Klarna's popup. */
export async function startPayment(page: Page): Promise<Locator> {
  await page.getByRole("button", { name: "Pay with Klarna" }).click();
  const dialog = klarnaDialog(page);
  await expect(dialog).toBeVisible();
  return dialog;
}

/** The popup's first step: confirm the e-mail, which leads to the one-time code. */
export async function continueToCode(dialog: Locator): Promise<void> {
  await dialog.getByRole("button", { name: "Continue" }).click();
  await expect(dialog.getByLabel("Verification code")).toBeVisible();
}

/** Presses "Pay with Klarna" and goes through the popup up to the one-time code, leaving "Confirm" to the test. */
export async function payUpToCode(page: Page): Promise<Locator> {
  const dialog = await startPayment(page);
  await continueToCode(dialog);
  return dialog;
}

/** The popup's last step: the one-time code and "Confirm", after which the store places the order (or refuses it). */
export async function confirmCode(dialog: Locator, code = "123456"): Promise<void> {
  await dialog.getByLabel("Verification code").fill(code);
  await dialog.getByRole("button", { name: "Confirm" }).click();
}

/** Waits for the receipt the shopper is sent to after "Confirm"; returns the Klarna order id from its URL. */
export async function reachReceipt(page: Page): Promise<string> {
  await page.waitForURL(/\/checkout\/confirmation\?klarna_order_id=/, { timeout: 20_000 });
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Your order is confirmed.");
  const id = new URL(page.url()).searchParams.get("klarna_order_id");
  if (!id) throw new Error(`No klarna_order_id in ${page.url()}`);
  return id;
}

/** Pays in the popup and waits for the receipt; returns the Klarna order id. */
export async function payAndReachReceipt(page: Page): Promise<string> {
  await confirmCode(await payUpToCode(page));
  return reachReceipt(page);
}

export interface Purchase {
  klarnaOrderId: string;
  orderNumber: string;
}

/**
 * Buys the items as the approved test shopper and returns the order from the receipt. Each item's stock is set to
 * 50 first, so what earlier tests sold never makes this purchase fail.
 */
export async function buy(page: Page, items: readonly (readonly [slug: string, quantity: number])[]): Promise<Purchase> {
  for (const [slug, quantity] of items) {
    setStock(slug, 50);
    await addToCart(page, slug, quantity);
  }
  await openCheckout(page);
  await fillShopper(page);
  const klarnaOrderId = await payAndReachReceipt(page);
  return { klarnaOrderId, orderNumber: await page.getByTestId("order-number").innerText() };
}
