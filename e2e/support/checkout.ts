import { expect, type BrowserContext, type Locator, type Page } from "@playwright/test";

/** Adds a product from its page, as a shopper does, and waits for the store to say it was added. */
export async function addToCart(page: Page, slug: string, quantity: number): Promise<void> {
  await page.goto(`/products/${slug}`);
  await page.getByRole("spinbutton", { name: "Quantity" }).fill(String(quantity));
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("form", { name: "Add to cart" }).getByRole("status")).toContainText("Added");
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

/** The popup's two steps: confirm the e-mail, then the one-time code. */
export async function continueToCode(dialog: Locator): Promise<void> {
  await dialog.getByRole("button", { name: "Continue" }).click();
  await expect(dialog.getByLabel("Verification code")).toBeVisible();
}

export async function confirmCode(dialog: Locator, code = "123456"): Promise<void> {
  await dialog.getByLabel("Verification code").fill(code);
  await dialog.getByRole("button", { name: "Confirm" }).click();
}

/** Pays in the popup and waits for the receipt; returns the Klarna order id from the confirmation URL. */
export async function payAndReachReceipt(page: Page): Promise<string> {
  const dialog = await startPayment(page);
  await continueToCode(dialog);
  await confirmCode(dialog);
  await page.waitForURL(/\/checkout\/confirmation\?klarna_order_id=/, { timeout: 20_000 });
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Your order is confirmed.");
  return klarnaOrderIdOf(page);
}

export function klarnaOrderIdOf(page: Page): string {
  const id = new URL(page.url()).searchParams.get("klarna_order_id");
  if (!id) throw new Error(`No klarna_order_id in ${page.url()}`);
  return id;
}

/** The cart id in the browser's signed cart cookie (`<uuid>.<hmac>`), to find this shopper's rows in the store DB. */
export async function cartIdOf(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((candidate) => candidate.name === "cart");
  if (!cookie) throw new Error("This browser has no cart cookie yet");
  return cookie.value.slice(0, cookie.value.indexOf("."));
}

export function cartLink(page: Page, items: number): Locator {
  return page.getByRole("link", { name: items === 1 ? "Cart, 1 item" : `Cart, ${items} items` });
}
