import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { authorizationsOfSession, klarnaOrderIdOfSession } from "./simulator";
import { checkoutSessionsOfCart, ordersOfCart } from "./store-db";

// Assertions of e2e/validation.spec.ts: where a refused checkout sends the shopper, and that it left nothing behind.

/** The rejection page place order sent the shopper to: its URL, heading, "nothing was charged" and the way back. */
export async function expectRejectionPage(page: Page, reason: string, heading: string | RegExp): Promise<URL> {
  await page.waitForURL((url) => url.pathname === "/checkout/rejected", { timeout: 20_000 });
  const url = new URL(page.url());
  expect(url.searchParams.get("reason")).toBe(reason);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
  await expect(page.getByText("Nothing was charged.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to your cart" })).toHaveAttribute("href", "/cart");
  return url;
}

/**
 * A refused checkout leaves nothing behind: no store order, no order number, no Klarna order, and no authorization
 * left to linger at Klarna (the store cancelled each one it refused; a checkout refused before Klarna opened has none).
 */
export async function expectNoOrder(request: APIRequestContext, cartId: string): Promise<void> {
  expect(ordersOfCart(cartId)).toEqual([]);
  const sessions = checkoutSessionsOfCart(cartId);
  expect(sessions.length).toBeGreaterThan(0);
  for (const session of sessions) {
    expect(session).toMatchObject({ order_number: null, provider_reference: null });
    expect(await klarnaOrderIdOfSession(request, session.klarna_session_id)).toBeNull();
    expect((await authorizationsOfSession(request, session.klarna_session_id)).filter((status) => status !== "cancelled")).toEqual([]);
  }
}
