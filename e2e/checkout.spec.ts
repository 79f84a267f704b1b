import { expectConfirmation } from "./support/mail";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import {
  addToCart,
  cartIdOf,
  cartLink,
  confirmCode,
  continueToCode,
  emailField,
  fillShopper,
  klarnaDialog,
  openCheckout,
  payAndReachReceipt,
  payUpToCode,
  reachReceipt,
  startPayment,
} from "./support/checkout";
import { sek } from "./support/money";
import { advanceClock, clearFaults, klarnaOrder, pushesOf, setAcknowledgeFault } from "./support/simulator";
import { orderCount, orderEvents, ordersOfCart, ordersWithKlarnaId, stockOf } from "./support/store-db";

// The Klarna checkout end to end: a real Chromium, the store (next start) and the Klarna simulator with a manual
// clock. Each test has its own browser context, so its own cart; the databases are shared by the whole run, so every
// assertion about them is scoped to this test's cart or Klarna order, or compares before with after.

const DAYPACK = { slug: "ridgeline-daypack-28l", name: "Ridgeline Daypack 28 L", price: 109900 };
const MUG = { slug: "titanium-mug-450", name: "Titanium Mug 450 ml", price: 34900 };
const HEADLAMP = { slug: "lumen-400-headlamp", name: "Lumen 400 Headlamp", price: 49900 };
const SHIPPING = 4900; // below the 1 500 kr free-shipping threshold

// Faults are global in the simulator, shared by every spec: start without any and leave none behind.
test.beforeEach(async ({ request }) => {
  await clearFaults(request);
});
test.afterEach(async ({ request }) => {
  await clearFaults(request);
});

const receiptTotal = (page: Page) => page.getByRole("region", { name: "Order summary" }).getByTestId("order-total");

/** The goods lines of the receipt, each as "quantity ×", name and line total. */
async function expectReceiptLines(page: Page, lines: { quantity: number; name: string; amount: number }[]) {
  const items = page.getByRole("region", { name: "Order summary" }).getByRole("listitem");
  await expect(items).toHaveCount(lines.length);
  for (const [index, line] of lines.entries()) {
    await expect(items.nth(index)).toContainText(`${line.quantity} ×`);
    await expect(items.nth(index)).toContainText(line.name);
    await expect(items.nth(index)).toContainText(sek(line.amount));
  }
}

/** With the fault cleared, Klarna's first push, two minutes on, gets the order acknowledged at Klarna and in the store. */
async function expectFirstPushToAcknowledge(request: APIRequestContext, klarnaOrderId: string) {
  await clearFaults(request);
  await advanceClock(request, "2m");
  const atKlarna = await klarnaOrder(request, klarnaOrderId);
  expect(atKlarna.acknowledged).toBe(true);
  expect(pushesOf(atKlarna).map((push) => push.status)).toEqual([200]);
  expect(ordersWithKlarnaId(klarnaOrderId)).toEqual([expect.objectContaining({ status: "acknowledged" })]);
}

test("an approved shopper buys two products: receipt, acknowledgement, no stray pushes, stock taken", async ({
  page,
  context,
  request,
}) => {
  const stockBefore = { daypack: stockOf(DAYPACK.slug), mug: stockOf(MUG.slug) };
  await addToCart(page, DAYPACK.slug, 1);
  await addToCart(page, MUG.slug, 2);
  const cartId = await cartIdOf(context);

  await openCheckout(page);
  await fillShopper(page);
  const klarnaOrderId = await payAndReachReceipt(page);

  // 1 099 kr + 2 × 349 kr = 1 797 kr, over the free-shipping threshold.
  const total = DAYPACK.price + 2 * MUG.price;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you, Testperson-se! Your order is confirmed.");
  // The header counts the cart while the page settles the order, which empties it; it must not show the old count.
  await expect(page.getByRole("link", { name: "Cart, 0 items" })).toBeVisible();
  await expectReceiptLines(page, [
    { quantity: 1, name: DAYPACK.name, amount: DAYPACK.price },
    { quantity: 2, name: MUG.name, amount: 2 * MUG.price },
  ]);
  await expect(receiptTotal(page)).toHaveText(sek(total));
  // The store emails its confirmation (lib/email), and the receipt says where it goes.
  await expect(page.getByText(/We are emailing a confirmation to/)).toBeVisible();
  await expect(page.getByText(/on its way/)).toHaveCount(0);
  await expect(cartLink(page, 0)).toBeVisible();

  expect(ordersOfCart(cartId)).toHaveLength(1);
  const [stored] = ordersOfCart(cartId);
  await expect(page.getByTestId("order-number")).toHaveText(stored!.order_number);
  // The shopper's confirmation reaches the mail server once, with the lines and the total in kronor.
  const mail = await expectConfirmation(page.request, stored!.order_number);
  expect(mail.text).toContain(`Total: ${sek(total)}`);
  expect(stored).toMatchObject({ klarna_order_id: klarnaOrderId, order_amount: total });

  // The receipt may render while the authorization callback is still acknowledging ("in_progress"): allow it a moment.
  await expect.poll(async () => (await klarnaOrder(request, klarnaOrderId)).acknowledged).toBe(true);
  expect((await klarnaOrder(request, klarnaOrderId)).order_amount).toBe(total);

  // Everything Klarna would send in the next two days: no push may fail, none may come after the acknowledgement
  // (Klarna stops pushing once an order is acknowledged).
  await advanceClock(request, "48h");
  const after = await klarnaOrder(request, klarnaOrderId);
  const acknowledgedAt = Date.parse(after.acknowledged_at!);
  for (const push of pushesOf(after)) {
    expect(push.status, `push at ${push.at}`).toBe(200);
    expect(Date.parse(push.at), `push at ${push.at} came after the acknowledgement`).toBeLessThanOrEqual(acknowledgedAt);
  }
  expect(ordersOfCart(cartId)).toEqual([expect.objectContaining({ klarna_order_id: klarnaOrderId, status: "acknowledged" })]);

  expect(stockOf(DAYPACK.slug)).toBe(stockBefore.daypack - 1);
  expect(stockOf(MUG.slug)).toBe(stockBefore.mug - 2);
});

test("a declined shopper sees why, no order is made and the cart is kept", async ({ page, context }) => {
  await addToCart(page, MUG.slug, 3);
  const cartId = await cartIdOf(context);
  const ordersBefore = orderCount();

  await openCheckout(page);
  await fillShopper(page, "customer+denied@email.se");
  const dialog = await payUpToCode(page);
  await confirmCode(dialog);
  await expect(dialog.getByRole("heading", { name: "Your purchase can't be accepted" })).toBeVisible();
  await dialog.getByRole("button", { name: "Back to store" }).click();
  await expect(dialog).toBeHidden();

  const refusal = page.getByRole("alert").filter({ hasText: "Klarna could not approve this purchase." });
  await expect(refusal).toBeVisible();
  await expect(refusal).toContainText("Nothing was charged and your cart is saved.");
  await expect(page).toHaveURL(/\/checkout$/);
  await expect(cartLink(page, 3)).toBeVisible();

  expect(ordersOfCart(cartId)).toEqual([]);
  expect(orderCount()).toBe(ordersBefore);

  await page.goto("/cart");
  await expect(page.getByRole("spinbutton", { name: `Quantity of ${MUG.name}` })).toHaveValue("3");
  await expect(page.getByTestId("summary-total")).toHaveText(sek(3 * MUG.price + SHIPPING));
  await expect(cartLink(page, 3)).toBeVisible();
});

test.describe("the shopper closes the tab right after authorizing", () => {
  /** Authorizes in the popup, but the browser never gets to place the order: the tab closes. */
  async function authorizeThenCloseTab(page: Page): Promise<void> {
    await openCheckout(page);
    await fillShopper(page);
    const dialog = await payUpToCode(page);
    // From here on the only server action is placing the order; it never reaches the store.
    let aborted = 0;
    await page.route("**/checkout", async (route) => {
      if (route.request().method() === "POST" && route.request().headers()["next-action"]) {
        aborted++;
        return route.abort();
      }
      return route.continue();
    });
    await confirmCode(dialog);
    await expect(dialog).toBeHidden();
    await expect.poll(() => aborted, { message: "the browser should have tried to place the order" }).toBeGreaterThan(0);
    await page.close();
  }

  test("Klarna's authorization callback creates and acknowledges the order", async ({ page, context, request }) => {
    await addToCart(page, HEADLAMP.slug, 1);
    const cartId = await cartIdOf(context);
    const stockBefore = stockOf(HEADLAMP.slug);

    await authorizeThenCloseTab(page);

    await expect.poll(() => ordersOfCart(cartId).map((order) => order.status)).toEqual(["acknowledged"]);
    const [order] = ordersOfCart(cartId);
    expect(orderEvents(order!.klarna_order_id)).toContainEqual({ source: "authorization", action: "finalize", outcome: "created" });
    const atKlarna = await klarnaOrder(request, order!.klarna_order_id);
    expect(atKlarna.acknowledged).toBe(true);
    expect(atKlarna.order_amount).toBe(HEADLAMP.price + SHIPPING);
    expect(stockOf(HEADLAMP.slug)).toBe(stockBefore - 1);
  });

  test("when acknowledging fails there, Klarna's push acknowledges it two minutes later", async ({ page, context, request }) => {
    await addToCart(page, HEADLAMP.slug, 1);
    const cartId = await cartIdOf(context);
    await setAcknowledgeFault(request, true);

    await authorizeThenCloseTab(page);

    await expect.poll(() => ordersOfCart(cartId).map((order) => order.status)).toEqual(["pending"]);
    const klarnaOrderId = ordersOfCart(cartId)[0]!.klarna_order_id;
    await expect
      .poll(() => orderEvents(klarnaOrderId))
      .toContainEqual({ source: "authorization", action: "acknowledge", outcome: "failed" });
    expect((await klarnaOrder(request, klarnaOrderId)).acknowledged).toBe(false);

    await expectFirstPushToAcknowledge(request, klarnaOrderId);
    expect(orderEvents(klarnaOrderId)).toContainEqual({ source: "push", action: "acknowledge", outcome: "acknowledged" });
  });
});

// Placing the order is idempotent, so the checkout repeats a request that failed in transit.
/** Drops the next server action the checkout page posts, as a lost connection would; returns how many it dropped. */
async function abortNextServerAction(page: Page): Promise<() => number> {
  let aborted = 0;
  await page.route("**/checkout", async (route) => {
    if (route.request().method() === "POST" && route.request().headers()["next-action"] && aborted === 0) {
      aborted++;
      return route.abort();
    }
    return route.continue();
  });
  return () => aborted;
}

test("a lost connection while placing the order still brings the shopper to the receipt", async ({ page }) => {
  await addToCart(page, MUG.slug, 1);
  await openCheckout(page);
  await fillShopper(page);
  const dialog = await payUpToCode(page);
  // The first server action after this point is place order: drop it, as a flaky connection would.
  const aborted = await abortNextServerAction(page);
  await confirmCode(dialog);
  await reachReceipt(page);
  expect(aborted(), "the place-order request was never sent, so nothing was aborted").toBe(1);
});

test("a lost connection while checking the cart before Klarna opens: a clear message, and Pay works again", async ({ page }) => {
  await addToCart(page, MUG.slug, 1);
  await openCheckout(page);
  await fillShopper(page);
  const aborted = await abortNextServerAction(page);
  const pay = page.getByRole("button", { name: "Pay with Klarna" });
  await pay.click();
  await expect(page.getByRole("alert").filter({ hasText: "could not reach the store" })).toHaveText(
    "We could not reach the store. Check your connection and press Pay with Klarna again.",
  );
  expect(aborted()).toBe(1);
  await expect(klarnaDialog(page)).toBeHidden();
  await expect(pay).toBeEnabled();

  await payAndReachReceipt(page);
});

test("when Klarna will not take the acknowledgement, the shopper still gets a receipt and the push settles it", async ({
  page,
  context,
  request,
}) => {
  await addToCart(page, DAYPACK.slug, 1);
  const cartId = await cartIdOf(context);
  await openCheckout(page);
  await fillShopper(page);
  // Every acknowledgement fails until cleared: the place-order action, the authorization callback and the
  // confirmation page all try.
  await setAcknowledgeFault(request, true);

  const klarnaOrderId = await payAndReachReceipt(page);
  await expect(receiptTotal(page)).toHaveText(sek(DAYPACK.price + SHIPPING));
  const [stored] = ordersWithKlarnaId(klarnaOrderId);
  await expect(page.getByTestId("order-number")).toHaveText(stored!.order_number);
  expect(stored!.status).toBe("pending");
  expect((await klarnaOrder(request, klarnaOrderId)).acknowledged).toBe(false);

  await expectFirstPushToAcknowledge(request, klarnaOrderId);
  expect(ordersOfCart(cartId)).toHaveLength(1);
});

test.describe("a malformed email", () => {
  const MESSAGE = "Klarna could not use this email address. Check it and try again.";

  test("is marked for the shopper to fix, then the purchase goes through", async ({ page }) => {
    await addToCart(page, MUG.slug, 1);
    await openCheckout(page);
    await fillShopper(page, "customer@email");

    await page.getByRole("button", { name: "Pay with Klarna" }).click();
    const email = page.getByRole("textbox", { name: /^Email\b/ });
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(email).toHaveAccessibleDescription(MESSAGE);
    await expect(page.getByRole("status").filter({ hasText: "Klarna needs you to correct the marked fields." })).toBeVisible();
    await expect(klarnaDialog(page)).toBeHidden();

    await email.fill("customer@email.se");
    await expect(emailField(page)).not.toHaveAttribute("aria-invalid", "true");
    await payAndReachReceipt(page);
    await expect(page.getByText(/We are emailing a confirmation to customer@email.se/)).toBeVisible();
    await expect(receiptTotal(page)).toHaveText(sek(MUG.price + SHIPPING));
  });

  test("keeps its label as its name while Klarna's message describes it", async ({ page }) => {
    await addToCart(page, MUG.slug, 1);
    await openCheckout(page);
    await fillShopper(page, "customer@email");
    await page.getByRole("button", { name: "Pay with Klarna" }).click();
    await expect(emailField(page)).toHaveAttribute("aria-invalid", "true");
    await expect(emailField(page)).toHaveAccessibleName("Email");
    await expect(emailField(page)).toHaveAccessibleDescription(MESSAGE);
  });
});

test("the cart changes in another tab after the widget loaded: the shopper pays the new total", async ({ page, context, request }) => {
  await addToCart(page, MUG.slug, 1);
  await openCheckout(page);
  await fillShopper(page);
  await expect(page.getByRole("region", { name: "Your order" }).getByTestId("order-total")).toHaveText(sek(MUG.price + SHIPPING));

  const otherTab = await context.newPage();
  await addToCart(otherTab, HEADLAMP.slug, 1);
  const newTotal = MUG.price + HEADLAMP.price + SHIPPING;
  await otherTab.goto("/cart");
  await expect(otherTab.getByTestId("summary-total")).toHaveText(sek(newTotal));
  await otherTab.close();

  const dialog = await startPayment(page);
  await expect(dialog).toContainText(sek(newTotal));
  await expect(dialog).not.toContainText(sek(MUG.price + SHIPPING));
  await expect(page.getByRole("status").filter({ hasText: "Your cart changed in another window." })).toContainText(sek(newTotal));
  await continueToCode(dialog);
  await confirmCode(dialog);
  const klarnaOrderId = await reachReceipt(page);

  await expect(receiptTotal(page)).toHaveText(sek(newTotal));
  await expectReceiptLines(page, [
    { quantity: 1, name: MUG.name, amount: MUG.price },
    { quantity: 1, name: HEADLAMP.name, amount: HEADLAMP.price },
  ]);
  expect((await klarnaOrder(request, klarnaOrderId)).order_amount).toBe(newTotal);
});
