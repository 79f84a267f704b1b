import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { SIMULATOR_URL } from "../../playwright.config";
import { setStock, storeDb } from "./store-db";

/** The demo merchant seeded on local runs (db/seed.ts). */
export const MERCHANT = { email: "merchant@trailhead.example", password: "trailhead-demo" };

export interface Purchase {
  klarnaOrderId: string;
  orderNumber: string;
}

/** Buys as a shopper does, through the store and the simulator's Klarna popup, and returns the order. */
export async function buy(page: Page, items: readonly (readonly [slug: string, quantity: number])[]): Promise<Purchase> {
  for (const [slug, quantity] of items) {
    setStock(slug, 50);
    await page.goto(`/products/${slug}`);
    await page.getByRole("spinbutton", { name: "Quantity" }).fill(String(quantity));
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("form", { name: "Add to cart" }).getByRole("status")).toContainText("Added");
  }
  await page.goto("/checkout");
  await expect(page.getByRole("region", { name: "Klarna payment details" })).toBeVisible();
  await page.getByRole("button", { name: "Fill in a test shopper" }).click();
  await page.getByRole("button", { name: "Pay with Klarna" }).click();
  const dialog = page.getByRole("dialog", { name: "Klarna" });
  await dialog.getByRole("button", { name: "Continue" }).click();
  await dialog.getByLabel("Verification code").fill("123456");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await page.waitForURL(/\/checkout\/confirmation\?klarna_order_id=/, { timeout: 20_000 });
  const klarnaOrderId = new URL(page.url()).searchParams.get("klarna_order_id")!;
  const orderNumber = await page.getByTestId("order-number").innerText();
  return { klarnaOrderId, orderNumber };
}

/** Signs in on the sign-in page the browser is on (or opens it). */
export async function signIn(page: Page, email = MERCHANT.email, password = MERCHANT.password): Promise<void> {
  if (!new URL(page.url()).pathname.startsWith("/admin/sign-in")) await page.goto("/admin/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Opens an order's page, signing in first if the back office asks. */
export async function openOrder(page: Page, orderNumber: string): Promise<void> {
  await page.goto(`/admin/orders/${orderNumber}`);
  if (new URL(page.url()).pathname === "/admin/sign-in") {
    await signIn(page);
    await page.waitForURL(`**/admin/orders/${orderNumber}`);
  }
  await expect(page.getByRole("heading", { level: 1, name: `Order ${orderNumber}` })).toBeVisible();
}

export interface SimCapture {
  capture_id: string;
  captured_amount: number;
  order_lines: { reference?: string; quantity: number; total_amount: number }[];
  shipping_info: Record<string, string>[];
}

export interface SimOrder {
  order_id: string;
  status: string;
  acknowledged: boolean;
  order_amount: number;
  captured_amount: number;
  refunded_amount: number;
  remaining_authorized_amount: number;
  captures: SimCapture[];
  refunds: { refund_id: string; refunded_amount: number; order_lines: { reference?: string; quantity: number }[] }[];
}

/** The order as the simulator holds it: what Klarna really did, whatever the store shows. */
export async function klarnaOrder(request: APIRequestContext, klarnaOrderId: string): Promise<SimOrder> {
  const response = await request.get(`${SIMULATOR_URL}/_sim/orders/${klarnaOrderId}`);
  expect(response.ok()).toBe(true);
  return (await response.json()) as SimOrder;
}

export async function setAcknowledgeFault(request: APIRequestContext, on: boolean): Promise<void> {
  const response = on
    ? await request.post(`${SIMULATOR_URL}/_sim/faults`, { data: { kind: "acknowledge", mode: "fail", status: 503 } })
    : await request.delete(`${SIMULATOR_URL}/_sim/faults`);
  expect(response.ok()).toBe(true);
}

/** Moves an order's creation back in the store's database, as if it had been placed `minutes` ago. */
export function backdateOrder(klarnaOrderId: string, minutes: number): void {
  const db = storeDb();
  try {
    const at = new Date(Date.now() - minutes * 60_000).toISOString();
    db.prepare("update orders set created_at = ? where klarna_order_id = ?").run(at, klarnaOrderId);
  } finally {
    db.close();
  }
}

/** The form of a section of the order page (Capture, Refund…). */
export function form(page: Page, name: string) {
  return page.getByRole("form", { name, exact: true });
}
