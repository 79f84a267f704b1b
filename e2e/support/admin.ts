import { expect, type Page } from "@playwright/test";

// Steps of e2e/admin.spec.ts in the merchant's back office.

/** The demo merchant seeded on local runs (db/seed.ts). */
export const MERCHANT = { email: "merchant@trailhead.example", password: "trailhead-demo" };

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

/** The form of a section of the order page (Capture, Refund…). */
export function form(page: Page, name: string) {
  return page.getByRole("form", { name, exact: true });
}

/** The quantity fields of the capture or refund form, set line by line; lines not named are set to 0. */
export async function pick(page: Page, verb: "Capture" | "Refund", quantities: Record<string, number>): Promise<void> {
  const fields = form(page, verb).getByRole("spinbutton", { name: new RegExp(`^${verb} quantity of `) });
  for (const field of await fields.all()) {
    const name = (await field.getAttribute("aria-label"))!.replace(`${verb} quantity of `, "");
    await field.fill(String(quantities[name] ?? 0));
  }
}
