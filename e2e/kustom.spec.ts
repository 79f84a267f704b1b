import { expectConfirmation } from "./support/mail";
import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { SIMULATOR_URL, storeUrlOf } from "../playwright.config";
import { form, openOrder, pick } from "./support/admin";
import { addToCart, buy, cartIdOf } from "./support/checkout";
import { sek } from "./support/money";
import { advanceClock } from "./support/simulator";
import { checkoutSessionsOfCart, ordersOfCart, setStock } from "./support/store-db";

// Kustom Checkout (PAYMENT_PROVIDER=kustom) in a real Chromium: the store's /checkout around Kustom's hosted checkout
// iframe (the simulator's), its validation callback, the confirmation page and the push.

const SOCKS = { slug: "hiking-wool-socks", name: "Hiking Wool Socks", price: 19_900 };
const KUSTOM_AUTH = "Basic kco_test_api_simulator000000000000";

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

/** The order in Kustom's own Order Management, as the store's back office changes it. */
async function kustomManagedOrder(page: Page, id: string) {
  const response = await page.request.get(`${SIMULATOR_URL}/kustom/ordermanagement/v1/orders/${encodeURIComponent(id)}`, {
    headers: { Authorization: KUSTOM_AUTH },
  });
  expect(response.ok()).toBe(true);
  return (await response.json()) as { status: string; captured_amount: number; refunded_amount: number; order_amount: number };
}

/** Buys socks through the Kustom checkout as the approved sample shopper; returns the receipt's order. */
async function buyWithKustom(page: Page, quantity: number): Promise<{ orderNumber: string; kustomOrderId: string }> {
  await addToCart(page, SOCKS.slug, quantity);
  const checkout = await openKustomCheckout(page);
  await fillDetails(checkout, "customer@email.se");
  await checkout.getByRole("button", { name: "Buy" }).click();
  await page.waitForURL(/\/checkout\/confirmation\?kustom_order_id=/);
  return {
    orderNumber: await page.getByTestId("order-number").innerText(),
    kustomOrderId: new URL(page.url()).searchParams.get("kustom_order_id")!,
  };
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
  // The header counts the cart while the page settles the order, which empties it; it must not show the old count.
  await expect(page.getByRole("link", { name: "Cart, 0 items" })).toBeVisible();
  await expect(kustomCheckout(page).getByRole("heading", { name: "Thank you for your order" })).toBeVisible();
  // One summary: Kustom's confirmation snippet shows the order, so the store's own summary is not repeated beside it.
  await expect(page.getByRole("heading", { name: "Order summary" })).toHaveCount(0);
  // Kustom's words on a Kustom order, not Klarna's.
  await expect(page.locator(".receipt__note")).toContainText("Kustom writes there about paying");
  await expect(page.locator(".receipt")).not.toContainText("Klarna");
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
    expect(scrollWidth, `page width at ${width} px`).toBeLessThanOrEqual(clientWidth);
    if (process.env.OFFICE_SHOTS) await page.screenshot({ path: `${process.env.OFFICE_SHOTS}/kustom-receipt-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });

  const kustomOrderId = new URL(page.url()).searchParams.get("kustom_order_id")!;
  const [order] = ordersOfCart(await cartIdOf(context));
  expect(order).toMatchObject({ klarna_order_id: kustomOrderId, order_number: orderNumber, status: "acknowledged" });
  expect(await kustomOrderAtSimulator(page, kustomOrderId)).toMatchObject({ status: "checkout_complete", acknowledged: true });
  await expectConfirmation(page.request, orderNumber);
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

test("orders of both providers are captured and refunded side by side in one back office", async ({ page, browser }) => {
  // Two purchases and two rounds of back-office changes.
  test.setTimeout(150_000);
  // A Klarna Payments order, bought in the Klarna Payments store that shares this back office's database.
  const klarnaStore = await browser.newContext({ baseURL: storeUrlOf("klarna-payments") });
  const klarnaPurchase = await buy(await klarnaStore.newPage(), [[SOCKS.slug, 1]]);
  await klarnaStore.close();
  const kustomPurchase = await buyWithKustom(page, 2);

  await openOrder(page, kustomPurchase.orderNumber);
  await page.goto("/admin/orders");
  await expect(page.getByTestId(`order-row-${kustomPurchase.orderNumber}`)).toContainText("Kustom Checkout");
  await expect(page.getByTestId(`order-row-${klarnaPurchase.orderNumber}`)).toContainText("Klarna Payments");

  await openOrder(page, kustomPurchase.orderNumber);
  await expect(page.getByTestId("order-provider")).toHaveText("Kustom Checkout");
  await expect(page.getByTestId("provider-mark")).toHaveText("Kustom.");
  await expect(page.getByRole("complementary", { name: "Kustom and customer" })).toBeVisible();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
    expect(scrollWidth, `page width at ${width} px`).toBeLessThanOrEqual(clientWidth);
    if (process.env.OFFICE_SHOTS) await page.screenshot({ path: `${process.env.OFFICE_SHOTS}/kustom-admin-order-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  await form(page, "Capture").getByRole("button", { name: /^Capture / }).click();
  await expect(page.locator(".status-pill--large")).toHaveText("Captured");
  await pick(page, "Refund", { [SOCKS.name]: 1 });
  await form(page, "Refund").getByRole("button", { name: `Refund ${sek(SOCKS.price)}` }).click();
  await expect(page.getByTestId("amount-refunded")).toHaveText(sek(SOCKS.price));
  const atKustom = await kustomManagedOrder(page, kustomPurchase.kustomOrderId);
  expect(atKustom).toMatchObject({ status: "CAPTURED", refunded_amount: SOCKS.price });
  expect(atKustom.captured_amount).toBe(atKustom.order_amount);

  await openOrder(page, klarnaPurchase.orderNumber);
  await expect(page.getByTestId("order-provider")).toHaveText("Klarna Payments");
  await expect(page.getByTestId("provider-mark")).toHaveText("Klarna.");
  await form(page, "Capture").getByRole("button", { name: /^Capture / }).click();
  await expect(page.locator(".status-pill--large")).toHaveText("Captured");
  await pick(page, "Refund", { [SOCKS.name]: 1 });
  await form(page, "Refund").getByRole("button", { name: `Refund ${sek(SOCKS.price)}` }).click();
  await expect(page.getByTestId("amount-refunded")).toHaveText(sek(SOCKS.price));
  // Kustom's Order Management knows nothing of the Klarna order, and Klarna's nothing of Kustom's.
  const crossed = await page.request.get(`${SIMULATOR_URL}/kustom/ordermanagement/v1/orders/${klarnaPurchase.klarnaOrderId}`, {
    headers: { Authorization: KUSTOM_AUTH },
  });
  expect(crossed.status()).toBe(404);
});

test("the Kustom checkout looks right at desktop and phone width", async ({ page }) => {
  await addToCart(page, SOCKS.slug, 1);
  await openKustomCheckout(page);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 1000 });
    await expect(kustomCheckout(page).getByRole("button", { name: "Buy" })).toBeInViewport({ ratio: 0 }).catch(() => undefined);
    await page.screenshot({ path: test.info().outputPath(`kustom-checkout-${width}.png`), fullPage: true });
  }
});
