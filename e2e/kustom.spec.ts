import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { SIMULATOR_URL } from "../playwright.config";
import { addToCart, cartIdOf } from "./support/checkout";
import { advanceClock } from "./support/simulator";
import { checkoutSessionsOfCart, ordersOfCart, setStock } from "./support/store-db";

// Kustom Checkout (PAYMENT_PROVIDER=kustom) in a real Chromium: the store's /checkout around Kustom's hosted checkout
// iframe (the simulator's), its validation callback, the confirmation page and the push.

const SOCKS = { slug: "hiking-wool-socks", name: "Hiking Wool Socks" };

function kustomCheckout(page: Page): FrameLocator {
  return page.frameLocator('iframe[title="Kustom Checkout"]');
}

async function openKustomCheckout(page: Page): Promise<FrameLocator> {
  await page.goto("/checkout");
  await expect(page.getByRole("heading", { level: 1, name: "Checkout" })).toBeVisible();
  const checkout = kustomCheckout(page);
  await expect(checkout.getByRole("button", { name: "Buy" })).toBeVisible();
  return checkout;
}

async function fillDetails(checkout: FrameLocator, email: string, address: { postalCode?: string; city?: string } = {}) {
  await checkout.getByLabel("Email").fill(email);
  await checkout.getByLabel("Postal code").fill(address.postalCode ?? "11122");
  await checkout.getByLabel("First name").fill("Alice");
  await checkout.getByLabel("Last name").fill("Andersson");
  await checkout.getByLabel("Street address").fill("Drottninggatan 1");
  await checkout.getByLabel("City").fill(address.city ?? "Stockholm");
  await checkout.getByLabel("Mobile phone").fill("0701234567");
}

async function kustomOrderAtSimulator(page: Page, id: string) {
  const response = await page.request.get(`${SIMULATOR_URL}/_sim/kustom/orders/${encodeURIComponent(id)}`);
  expect(response.ok()).toBe(true);
  return (await response.json()) as { status: string; order_amount: number; acknowledged: boolean; order_status: string | null };
}

test.beforeEach(() => {
  setStock(SOCKS.slug, 50);
});

test("a purchase through Kustom's hosted checkout ends on the store's receipt, acknowledged at Kustom", async ({ page, context }) => {
  await addToCart(page, SOCKS.slug, 2);
  const checkout = await openKustomCheckout(page);
  await expect(checkout.getByRole("heading", { name: "Your order" })).toBeVisible();
  await fillDetails(checkout, "customer@email.se");
  await checkout.getByRole("button", { name: "Buy" }).click();

  await page.waitForURL(/\/checkout\/confirmation\?kustom_order_id=/);
  await expect(page.getByRole("heading", { level: 1, name: /Your order is confirmed/ })).toBeVisible();
  const orderNumber = await page.getByTestId("order-number").innerText();
  await expect(kustomCheckout(page).getByRole("heading", { name: "Thank you for your order" })).toBeVisible();

  const kustomOrderId = new URL(page.url()).searchParams.get("kustom_order_id")!;
  const [order] = ordersOfCart(await cartIdOf(context));
  expect(order).toMatchObject({ klarna_order_id: kustomOrderId, order_number: orderNumber, status: "acknowledged" });
  expect(await kustomOrderAtSimulator(page, kustomOrderId)).toMatchObject({ status: "checkout_complete", acknowledged: true });
});

test("when the confirmation page never loads, Kustom's push creates and acknowledges the order", async ({ page, context }) => {
  await addToCart(page, SOCKS.slug, 1);
  const checkout = await openKustomCheckout(page);
  await fillDetails(checkout, "customer@email.se");
  // The shopper's connection drops as Kustom sends them back: the store never sees the confirmation page.
  let confirmationBlocked = false;
  await page.route("**/checkout/confirmation**", (route) => {
    confirmationBlocked = true;
    return route.abort();
  });
  await checkout.getByRole("button", { name: "Buy" }).click();
  await expect.poll(() => confirmationBlocked).toBe(true);
  const cartId = await cartIdOf(context);
  expect(ordersOfCart(cartId)).toEqual([]);

  const [session] = checkoutSessionsOfCart(cartId);
  const fired = await advanceClock(page.request, "3m");
  expect(fired.some((job) => job.kind === "push" && job.order_id === session!.klarna_session_id && job.outcome === "sent")).toBe(true);
  expect(ordersOfCart(cartId)).toMatchObject([{ status: "acknowledged" }]);
  expect(await kustomOrderAtSimulator(page, session!.klarna_session_id)).toMatchObject({ acknowledged: true });
});

test("the store's validation refuses a blocked shopper: Kustom sends them to the page that says why", async ({ page, context }) => {
  await addToCart(page, SOCKS.slug, 1);
  const checkout = await openKustomCheckout(page);
  await fillDetails(checkout, "blocked@email.se");
  await checkout.getByRole("button", { name: "Buy" }).click();
  await page.waitForURL(/\/checkout\/rejected\?reason=blocked/);
  await expect(page.getByRole("heading", { level: 1, name: "We cannot accept this order" })).toBeVisible();
  expect(ordersOfCart(await cartIdOf(context))).toEqual([]);
});

test("a cart changed in another tab after the checkout opened is refused, never charged at the old amount", async ({ page, context }) => {
  await addToCart(page, SOCKS.slug, 1);
  const checkout = await openKustomCheckout(page);
  await fillDetails(checkout, "customer@email.se");

  const other = await context.newPage();
  await addToCart(other, SOCKS.slug, 1);
  await other.close();

  await checkout.getByRole("button", { name: "Buy" }).click();
  await page.waitForURL(/\/checkout\/rejected\?reason=cart_changed/);
  const cartId = await cartIdOf(context);
  expect(ordersOfCart(cartId)).toEqual([]);

  // Back at the checkout, Kustom's order is updated to the cart as it is now.
  await openKustomCheckout(page);
  const [session] = checkoutSessionsOfCart(cartId);
  const atKustom = await kustomOrderAtSimulator(page, session!.klarna_session_id);
  expect(atKustom.status).toBe("checkout_incomplete");
  expect(atKustom.order_amount).toBe(session!.order_amount);
});

test("the Kustom checkout looks right at desktop and phone width", async ({ page }) => {
  await addToCart(page, SOCKS.slug, 1);
  await openKustomCheckout(page);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 1000 });
    await expect(kustomCheckout(page).getByRole("button", { name: "Buy" })).toBeInViewport({ ratio: 0 }).catch(() => undefined);
    await page.screenshot({ path: `test-results/kustom-checkout-${width}.png`, fullPage: true });
  }
});
