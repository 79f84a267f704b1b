import { caughtMail, expectConfirmation, expectOneMail } from "./support/mail";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { SIMULATOR_URL } from "../playwright.config";
import { openOrder } from "./support/admin";
import { addToCart, cartIdOf, confirmCode, fillShopper, openCheckout, payUpToCode } from "./support/checkout";
import { advanceClock, clearFaults } from "./support/simulator";
import { ordersOfCart } from "./support/store-db";
import { setStock } from "./support/store-db";

// Klarna through Checkout.com end to end: the same Klarna widget fed by the payment context's client token, the
// payment requested after authorize, and the back office on Checkout.com's payment. Runs on the store started with
// PAYMENT_PROVIDER=checkout-com (playwright.config.ts, project checkout-com).

const DAYPACK = { slug: "ridgeline-daypack-28l", price: 109900 };
const MUG = { slug: "titanium-mug-450", price: 34900 };

test.beforeEach(async ({ request }) => {
  await clearFaults(request);
});
// A purchase and several back-office round trips each: more than the default minute on a busy machine.
test.setTimeout(180_000);

/** A fault in the simulator's Checkout.com (simulator/README.md, "Checkout.com"). */
async function ckoFault(request: APIRequestContext, fault: object) {
  const response = await request.post(`${SIMULATOR_URL}/_sim/checkout-com/faults`, { data: fault });
  expect(response.status()).toBe(201);
}

/**
 * Pays as the approved test shopper up to the confirmation page, where Checkout.com's 202 Pending payment is being
 * confirmed; returns the payment id.
 */
async function payUntilPending(page: Page, items: readonly (readonly [string, number])[]): Promise<string> {
  for (const [slug, quantity] of items) {
    setStock(slug, 50);
    await addToCart(page, slug, quantity);
  }
  await openCheckout(page);
  await fillShopper(page);
  await confirmCode(await payUpToCode(page));
  await page.waitForURL(/\/checkout\/confirmation\?checkout_com_payment_id=pay_/, { timeout: 20_000 });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("We are confirming your payment");
  await expect(page.getByRole("status").filter({ hasText: "Checkout.com is confirming the payment" })).toBeVisible();
  return new URL(page.url()).searchParams.get("checkout_com_payment_id")!;
}

/** Buys as the approved test shopper: 202 Pending, then payment_approved; returns the receipt's order number and the payment id. */
async function buy(page: Page, items: readonly (readonly [string, number])[]): Promise<{ orderNumber: string; paymentId: string }> {
  const paymentId = await payUntilPending(page, items);
  // Checkout.com decides on the simulator's clock; its webhook makes the order and the page updates by itself.
  await advanceClock(page.request, "5s");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Your order is confirmed.", { timeout: 20_000 });
  return { orderNumber: await page.getByTestId("order-number").innerText(), paymentId };
}

/** Lets the simulator settle what Checkout.com accepted with 202, then shows the page again. */
async function settle(page: Page) {
  await advanceClock(page.request, "5s");
  await page.reload();
}

function actionLog(page: Page) {
  return page.getByRole("list", { name: "Payment actions" });
}

test("an approved shopper pays with Klarna through Checkout.com and gets a receipt that says how they pay", async ({ page, context }) => {
  const { paymentId, orderNumber } = await buy(page, [[MUG.slug, 2]]);
  expect(paymentId).toMatch(/^pay_\w{26}$/);
  await expectConfirmation(page.request, orderNumber);
  await expect(page.getByText("Pay later")).toBeVisible();
  expect(ordersOfCart(await cartIdOf(context))).toHaveLength(1);
});

test("a 202 Pending payment: the shopper sees it being confirmed, then the receipt when payment_approved arrives", async ({ page, context }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const paymentId = await payUntilPending(page, [[MUG.slug, 1]]);
  await page.screenshot({ path: testInfo.outputPath("pending-1280.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath("pending-390.png"), fullPage: true });
  // Nothing is an order while Checkout.com has not decided, however often the page reloads itself.
  await page.waitForTimeout(4_000);
  expect(ordersOfCart(await cartIdOf(context))).toEqual([]);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("We are confirming your payment");

  await advanceClock(page.request, "5s");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Your order is confirmed.", { timeout: 20_000 });
  await page.screenshot({ path: testInfo.outputPath("receipt-390.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath("receipt-1280.png"), fullPage: true });
  expect(ordersOfCart(await cartIdOf(context))).toHaveLength(1);
  expect(paymentId).toMatch(/^pay_\w{26}$/);
});

test("payment_approved is dropped: the page's own GET /payments/{id} finds the approval and shows the receipt", async ({ page, context }) => {
  await ckoFault(page.request, { target: "webhook", mode: "drop", event_type: "payment_approved" });
  await payUntilPending(page, [[MUG.slug, 1]]);
  await advanceClock(page.request, "5s");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Your order is confirmed.", { timeout: 30_000 });
  expect(ordersOfCart(await cartIdOf(context))).toHaveLength(1);
});

for (const dropped of [false, true]) {
  test(`Checkout.com declines the Pending payment${dropped ? " and payment_declined is dropped" : ""}: the shopper is told, nothing is kept`, async ({ page, context }) => {
    await ckoFault(page.request, { target: "payment", mode: "decline", count: 1 });
    if (dropped) await ckoFault(page.request, { target: "webhook", mode: "drop", event_type: "payment_declined" });
    await payUntilPending(page, [[MUG.slug, 1]]);
    await advanceClock(page.request, "5s");
    const alert = page.getByRole("alert").filter({ hasText: "Your payment was not approved" });
    await expect(alert).toBeVisible({ timeout: 30_000 });
    await expect(alert).toContainText("no order was made and nothing was charged");
    expect(ordersOfCart(await cartIdOf(context))).toEqual([]);
    // The cart is as the shopper left it, and a new checkout can be paid.
    await alert.getByRole("link", { name: "Back to your cart" }).click();
    await expect(page.getByText(/Titanium Mug/).first()).toBeVisible();
  });
}

test("a declined shopper sees why and no order is made", async ({ page, context }) => {
  await addToCart(page, MUG.slug, 1);
  await openCheckout(page);
  await fillShopper(page, "customer+denied@email.se");
  const dialog = await payUpToCode(page);
  await confirmCode(dialog);
  await expect(dialog.getByRole("heading", { name: "Your purchase can't be accepted" })).toBeVisible();
  await dialog.getByRole("button", { name: "Back to store" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Klarna could not approve this purchase." })).toBeVisible();
  expect(ordersOfCart(await cartIdOf(context))).toEqual([]);
});

test("the back office captures part (NonFinal), then the rest (Final), then refunds a line", async ({ page }) => {
  const { orderNumber } = await buy(page, [[DAYPACK.slug, 1], [MUG.slug, 1]]);
  await openOrder(page, orderNumber);
  // The order's lines and the shopper's addresses, as on every provider's order page.
  const lines = page.getByRole("region", { name: "Lines" });
  await expect(lines).toContainText("Ridgeline Daypack");
  await expect(lines).toContainText("Titanium Mug");
  const customer = page.getByRole("region", { name: "Customer" });
  await expect(customer.getByRole("heading", { name: "Billing address" })).toBeVisible();
  await expect(customer.getByRole("heading", { name: "Shipping address" })).toBeVisible();
  await expect(customer.locator("address").first()).not.toBeEmpty();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
    expect(scrollWidth, `page width at ${width} px`).toBeLessThanOrEqual(clientWidth);
    if (process.env.OFFICE_SHOTS) await page.screenshot({ path: `${process.env.OFFICE_SHOTS}/checkout-com-admin-order-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  await expect(page.getByTestId("payment-method")).toHaveText("Pay later");
  await expect(page.getByTestId("klarna-order-id")).toHaveText(/^[0-9a-f-]{36}$/);

  const capture = page.getByRole("form", { name: "Capture" });
  await capture.getByLabel(/^Amount/).fill("349.00");
  await capture.getByLabel("Keep the rest authorized (NonFinal)").check();
  await capture.getByLabel("Shipping company", { exact: true }).fill("PostNord");
  await capture.getByLabel("Shipping method").selectOption("PickUpPoint");
  await capture.getByLabel("Tracking number", { exact: true }).fill("PN-1234");
  await capture.getByRole("button", { name: "Capture" }).click();
  await expect(capture.getByRole("status")).toContainText("Capture requested");
  await page.reload();
  await expect(actionLog(page)).toContainText("capture requested, waiting for Checkout.com");

  await settle(page);
  await expect(actionLog(page)).toContainText(/Capture of .*349.*: done/);
  await expect(page.getByTestId("payment-status")).toHaveText("Partially Captured");

  await page.getByRole("form", { name: "Capture" }).getByLabel("Release the rest (Final)").check();
  await page.getByRole("form", { name: "Capture" }).getByRole("button", { name: "Capture" }).click();
  // Nothing is left to capture while the rest is being captured: the form gives way to the log, which says so.
  await expect(actionLog(page)).toContainText("capture requested, waiting for Checkout.com");
  await expect(page.getByText("Nothing is left to capture.")).toBeVisible();
  await settle(page);
  await expect(page.getByTestId("payment-status")).toHaveText("Captured");
  await expect(page.getByText("Nothing is left to capture.")).toBeVisible();

  const refund = page.getByRole("form", { name: "Refund" });
  await refund.getByLabel(/Titanium Mug/).check();
  await refund.getByRole("button", { name: "Refund" }).click();
  await expect(refund.getByRole("status")).toContainText("Refund requested");
  await settle(page);
  await expect(page.getByTestId("payment-status")).toHaveText("Partially Refunded");
  await expect(actionLog(page)).toContainText(/Refund of .*349.*: done/);
  // The orders list agrees with the payment: captured in full, a line refunded.
  await page.goto("/admin/orders");
  await expect(page.getByTestId(`order-row-${orderNumber}`)).toContainText("Captured");
  await openOrder(page, orderNumber);

  // The shopper got a shipping notice per capture (the first with its tracking) and a note of the refund.
  const shipped = (await caughtMail(page.request)).filter((mail) => mail.subject === `Order ${orderNumber} has shipped`);
  expect(shipped).toHaveLength(2);
  expect(shipped.some((mail) => mail.text.includes("Carrier: PostNord") && mail.text.includes("Tracking: PN-1234"))).toBe(true);
  const refunded = await expectOneMail(page.request, `Refund for order ${orderNumber}`);
  expect(refunded.text).toMatch(/We have refunded .*349/);

  // After a capture, a void is refused in words, and nothing is sent.
  await page.getByRole("form", { name: "Void payment" }).getByRole("button", { name: "Void payment" }).click();
  await expect(page.getByRole("form", { name: "Void payment" }).getByRole("alert")).toHaveText(
    "This payment has been captured, so it can no longer be voided. Refund it instead.",
  );
});

test("the back office voids a payment before any capture", async ({ page }) => {
  const { orderNumber } = await buy(page, [[MUG.slug, 1]]);
  await openOrder(page, orderNumber);
  await page.getByRole("form", { name: "Void payment" }).getByRole("button", { name: "Void payment" }).click();
  await expect(page.getByRole("form", { name: "Void payment" }).getByRole("status")).toContainText("Void requested");
  await settle(page);
  await expect(page.getByTestId("payment-status")).toHaveText("Voided");
  await expect(actionLog(page)).toContainText(/Void of .*: done/);
  await page.goto("/admin/orders");
  await expect(page.getByTestId(`order-row-${orderNumber}`)).toContainText("Cancelled");
});
