import { expect, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { SIMULATOR_URL } from "../../playwright.config";
import { storeDb } from "./store-db";

// Helpers for e2e/validation.spec.ts: the shopper's steps up to Klarna's "Confirm", and reads of the e2e store
// database to show that a refused checkout left no order, stock or coupon use behind.

export async function addToCart(page: Page, slug: string, quantity = 1): Promise<void> {
  await page.goto(`/products/${slug}`);
  await page.getByRole("spinbutton", { name: "Quantity" }).fill(String(quantity));
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("form", { name: "Add to cart" }).getByRole("status")).toContainText("Added");
}

/**
 * Picks the market in the header's "Ship to" select and waits for the store to switch. The picker is read again
 * after a reload: right after the choice it shows the previous market (React resets the form after its action).
 */
export async function shipTo(page: Page, code: "SE" | "DE" | "GB" | "US"): Promise<void> {
  await page.goto("/");
  await page.getByLabel("Ship to").selectOption(code);
  await expect
    .poll(async () => (await page.context().cookies()).find((cookie) => cookie.name === "market")?.value)
    .toBe(code);
  await page.reload();
  await expect(page.getByLabel("Ship to")).toHaveValue(code);
}

export async function applyDiscountCode(page: Page, code: string): Promise<void> {
  await page.goto("/cart");
  await page.getByRole("textbox", { name: "Discount code" }).fill(code);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText(`Discount code ${code}`)).toBeVisible();
}

/** Opens /checkout and waits for Klarna's widget, so the shopper can pay. */
export async function openCheckoutPage(page: Page): Promise<void> {
  await page.goto("/checkout");
  await expect(page.getByRole("heading", { level: 1, name: "Checkout" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Klarna payment details" })).toBeVisible();
}

export async function fillTestShopper(page: Page, email?: string): Promise<void> {
  await page.getByRole("button", { name: "Fill in a test shopper" }).click();
  const field = page.getByLabel("Email", { exact: true });
  await expect(field).not.toHaveValue("");
  if (email !== undefined) await field.fill(email);
}

/** Presses "Pay with Klarna" and goes through the popup up to the one-time code, leaving "Confirm" to the test. */
export async function payUpToConfirm(page: Page): Promise<Locator> {
  await page.getByRole("button", { name: "Pay with Klarna" }).click();
  const dialog = page.getByRole("dialog", { name: "Klarna" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Continue" }).click();
  await dialog.getByLabel("Verification code").fill("123456");
  return dialog;
}

export async function confirmInKlarna(dialog: Locator): Promise<void> {
  await dialog.getByRole("button", { name: "Confirm" }).click();
}

/** Pays and waits for the receipt. */
export async function buy(page: Page): Promise<void> {
  await confirmInKlarna(await payUpToConfirm(page));
  await page.waitForURL(/\/checkout\/confirmation\?klarna_order_id=/, { timeout: 20_000 });
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Your order is confirmed.");
}

/** The rejection page Klarna's 303 sent the shopper to: its URL, heading, "nothing was charged" and the way back. */
export async function expectRejectionPage(page: Page, reason: string, heading: string | RegExp): Promise<URL> {
  await page.waitForURL((url) => url.pathname === "/checkout/rejected", { timeout: 20_000 });
  const url = new URL(page.url());
  expect(url.searchParams.get("reason")).toBe(reason);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
  await expect(page.getByText("Nothing was charged.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to your cart" })).toHaveAttribute("href", "/cart");
  return url;
}

/** The cart id in the browser's signed cart cookie (`<uuid>.<hmac>`). */
export async function cartIdOf(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((candidate) => candidate.name === "cart");
  if (!cookie) throw new Error("This browser has no cart cookie yet");
  return cookie.value.slice(0, cookie.value.indexOf("."));
}

function read<T>(query: (db: ReturnType<typeof storeDb>) => T): T {
  const db = storeDb();
  try {
    return query(db);
  } finally {
    db.close();
  }
}

export function stockBySlug(slugs: readonly string[]): Record<string, number> {
  return read((db) =>
    Object.fromEntries(
      slugs.map((slug) => [slug, (db.prepare("select stock from products where slug = ?").get(slug) as { stock: number }).stock]),
    ),
  );
}

let serial = 0;
/** A discount code only this test uses, inserted straight into the e2e store's database. */
export function createCoupon(options: { prefix: string; maxUses: number | null; percent?: number }): string {
  serial += 1;
  const code = `${options.prefix}-${Date.now().toString(36)}-${serial}`.toUpperCase();
  read((db) =>
    db
      .prepare("insert into coupons (code, description, kind, value, max_uses) values (?, ?, 'percent', ?, ?)")
      .run(code, `E2E ${options.prefix}`, options.percent ?? 10, options.maxUses),
  );
  return code;
}

export function couponUse(code: string): { uses: number; claims: string[] } {
  return read((db) => ({
    uses: (db.prepare("select uses from coupons where code = ?").get(code) as { uses: number }).uses,
    claims: (db.prepare("select checkout_session_id from coupon_claims where coupon_code = ?").all(code) as { checkout_session_id: string }[]).map(
      (row) => row.checkout_session_id,
    ),
  }));
}

export interface CheckoutRow {
  id: string;
  klarna_session_id: string;
  order_number: string | null;
  klarna_order_id: string | null;
}

/** What the store holds for this cart's checkouts: the sessions and any order placed from them. */
export function checkoutOfCart(cartId: string): { sessions: CheckoutRow[]; orders: { order_number: string; status: string }[] } {
  return read((db) => ({
    sessions: db
      .prepare("select id, klarna_session_id, order_number, klarna_order_id from checkout_sessions where cart_id = ? order by created_at")
      .all(cartId) as CheckoutRow[],
    orders: db
      .prepare(
        "select o.order_number, o.status from orders o join checkout_sessions s on s.id = o.checkout_session_id where s.cart_id = ?",
      )
      .all(cartId) as { order_number: string; status: string }[],
  }));
}

/** Klarna's side (the simulator): whether the session became an order. */
export async function klarnaSessionOrderId(klarnaSessionId: string): Promise<string | null> {
  const response = await fetch(`${SIMULATOR_URL}/_sim/sessions/${encodeURIComponent(klarnaSessionId)}`);
  if (!response.ok) throw new Error(`GET /_sim/sessions/${klarnaSessionId} answered ${response.status}`);
  return ((await response.json()) as { order_id: string | null }).order_id;
}

/** A refused checkout leaves nothing behind: no store order, no order number, no Klarna order. */
export async function expectNoOrder(cartId: string): Promise<void> {
  const { sessions, orders } = checkoutOfCart(cartId);
  expect(orders).toEqual([]);
  expect(sessions.length).toBeGreaterThan(0);
  for (const session of sessions) {
    expect(session).toMatchObject({ order_number: null, klarna_order_id: null });
    expect(await klarnaSessionOrderId(session.klarna_session_id)).toBeNull();
  }
}
