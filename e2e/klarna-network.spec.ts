import { expectConfirmation } from "./support/mail";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { SIMULATOR_URL } from "../playwright.config";
import { openOrder } from "./support/admin";
import { addToCart } from "./support/checkout";
import { setOrderStatus, setStock } from "./support/store-db";

// Klarna payment requests end to end in Chromium: the store, Klarna's hosted purchase journey (the simulator's) and
// back. playwright.config.ts runs it once per role, against a store with PAYMENT_PROVIDER=klarna-network and that
// KLARNA_NETWORK_ROLE (projects klarna-network-merchant and klarna-network-acquirer).

const role = () => (test.info().project.name.endsWith("acquirer") ? "acquirer" : "merchant");
// Each test goes through Klarna's journey once or more, on a shared two-core machine: more time than the default.
test.describe.configure({ timeout: 180_000 });
const expect = baseExpect.configure({ timeout: 30_000 });

interface SimTransaction {
  payment_transaction_id: string;
  payment_transaction_reference: string;
  state: string;
  amount: number;
  captured_amount: number;
  refunded_amount: number;
  remaining_capture_amount: number;
}

async function simTransactions(page: Page): Promise<SimTransaction[]> {
  const response = await page.request.get(`${SIMULATOR_URL}/_sim/klarna-network/transactions`);
  return ((await response.json()) as { payment_transactions: SimTransaction[] }).payment_transactions;
}

async function simFault(page: Page, fault: object | null): Promise<void> {
  if (fault === null) await page.request.delete(`${SIMULATOR_URL}/_sim/klarna-network/faults`);
  else await page.request.post(`${SIMULATOR_URL}/_sim/klarna-network/faults`, { data: fault });
}

async function payWithKlarna(page: Page, options: { remember?: boolean } = {}): Promise<void> {
  await page.goto("/checkout");
  await expect(page.getByRole("heading", { level: 1, name: "Checkout" })).toBeVisible();
  if (options.remember) await page.getByLabel("Remember me on this browser for faster checkout next time").check();
  await page.getByRole("button", { name: "Pay with Klarna", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: /with Klarna$/ })).toBeVisible();
}

/** Klarna's journey: e-mail, code, and for the step-up shopper the extra check. */
async function journey(page: Page, email: string, options: { stepUp?: boolean } = {}): Promise<void> {
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Verification code").fill("123456");
  await page.getByRole("button", { name: options.stepUp ? "Continue" : /^Pay / }).click();
  if (options.stepUp) {
    await expect(page.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();
    await page.getByLabel("Date of birth").fill("1980-05-17");
    await page.getByRole("button", { name: /^Verify and pay/ }).click();
  }
}

async function expectReceipt(page: Page): Promise<string> {
  await expect(page).toHaveURL(/\/orders\/[A-Za-z0-9_-]+$/);
  const heading = page.getByRole("heading", { level: 1, name: /^Order ORD-/ });
  await expect(heading).toBeVisible();
  return ((await heading.textContent()) ?? "").replace("Order ", "").trim();
}

test.describe("Klarna payment requests", () => {
  test("an approved shopper pays in Klarna's journey and comes back to the receipt; Klarna has one transaction", async ({ page }) => {
    await addToCart(page, "titanium-mug-450", 2);
    await payWithKlarna(page);
    await journey(page, "customer@email.se");
    const orderNumber = await expectReceipt(page);
    expect(orderNumber).toMatch(/^ORD-\d{4}-\d{6}$/);
    await expectConfirmation(page.request, orderNumber);
    const transactions = await simTransactions(page);
    expect(transactions.filter((transaction) => transaction.state === "AUTHORIZED").length).toBeGreaterThanOrEqual(1);
  });

  test("an order the store refuses by its rules says what became of the payment, with the date in the market's format", async ({ page }) => {
    await addToCart(page, "titanium-mug-450", 1);
    await payWithKlarna(page);
    // The last mug sells elsewhere while the shopper is in Klarna's journey: the store cannot ship it and cancels.
    const stock = setStock("titanium-mug-450", 0);
    try {
      await journey(page, "customer@email.se");
      await expectReceipt(page);
    } finally {
      setStock("titanium-mug-450", stock);
    }
    await expect(page.getByTestId("order-status")).toContainText("Cancelled");
    await expect(page.getByTestId("payment-outcome")).toHaveText(
      "The payment was cancelled at Klarna and its authorization released, so you will not be charged.",
    );
    const placed = page.getByText(/^Placed /);
    await expect(placed).not.toContainText("GMT");
    await expect(placed).toHaveText(/^Placed \d{1,2} \p{L}+ \d{4}$/u);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
      expect(scrollWidth, `page width at ${width} px`).toBeLessThanOrEqual(clientWidth);
      if (process.env.OFFICE_SHOTS) await page.screenshot({ path: `${process.env.OFFICE_SHOTS}/network-cancelled-order-${role()}-${width}.png`, fullPage: true });
    }
  });

  test("the order page updates by itself when the order is confirmed while the shopper looks at it", async ({ page }) => {
    await addToCart(page, "merino-base-layer", 1);
    await payWithKlarna(page);
    await journey(page, "customer@email.se");
    const orderNumber = await expectReceipt(page);
    // As when the shopper arrives while the webhook's finalize still holds the order: pending, then settled.
    setOrderStatus(orderNumber, "pending");
    await page.reload();
    await expect(page.getByTestId("order-status")).toHaveText("Being confirmed with Klarna");
    await expect(page.getByTestId("order-confirming")).toBeVisible();
    setOrderStatus(orderNumber, "acknowledged");
    await expect(page.getByTestId("order-status")).toHaveText("Confirmed", { timeout: 10_000 });
    await expect(page.getByTestId("order-confirming")).toHaveCount(0);
  });

  test("a declined shopper is told so on the store's checkout and can try again", async ({ page }) => {
    await addToCart(page, "merino-base-layer");
    await payWithKlarna(page);
    await journey(page, "customer+denied@email.se");
    if (role() === "merchant") {
      await expect(page.getByRole("heading", { name: "Your purchase can't be accepted" })).toBeVisible();
      await page.getByRole("link", { name: "Back to store" }).click();
    }
    await expect(page).toHaveURL(/\/checkout\?klarna=declined$/);
    await expect(page.getByRole("alert").filter({ hasText: "Klarna could not approve this payment. Nothing was charged." })).toBeVisible();
    await expect(page.getByRole("button", { name: "Pay with Klarna", exact: true })).toBeVisible();
  });

  test("a shopper who needs a step-up verifies it is them, then pays", async ({ page }) => {
    await addToCart(page, "hiking-wool-socks");
    await payWithKlarna(page);
    if (role() === "merchant") {
      await journey(page, "customer+step-up@email.se", { stepUp: true });
    } else {
      // The first journey completes; the store's authorize answers STEP_UP_REQUIRED and sends the shopper back to Klarna.
      await journey(page, "customer+step-up@email.se");
      await expect(page.getByRole("heading", { level: 1, name: /with Klarna$/ })).toBeVisible();
      await journey(page, "customer+step-up@email.se", { stepUp: true });
    }
    await expectReceipt(page);
  });

  test("past the 60-minute token lifetime the store says so, nothing is charged, and the shopper can pay again", async ({ page }) => {
    await addToCart(page, "packable-sun-hat");
    await payWithKlarna(page);
    // The shopper finishes at Klarna (on another device, say) but comes back too late, and Klarna's webhook is lost.
    await simFault(page, { kind: "webhook", mode: "drop" });
    const uuid = page.url().split("/").at(-1) ?? "";
    const list = (await (await page.request.get(`${SIMULATOR_URL}/_sim/klarna-network/requests`)).json()) as {
      payment_requests: { payment_request_id: string; config?: { redirect_url: string }; customer_interaction_config?: { return_url: string } }[];
    };
    const request = list.payment_requests.find((candidate) => candidate.payment_request_id.endsWith(uuid))!;
    const completed = await page.request.post(
      `${SIMULATOR_URL}/_sim/klarna-network/requests/${encodeURIComponent(request.payment_request_id)}/complete`,
      { data: { email: "customer@email.se" } },
    );
    expect(completed.ok()).toBe(true);
    // The merchant's revision names it config.redirect_url, the acquirer's step-up customer_interaction_config.return_url.
    const returnUrl = request.config?.redirect_url ?? request.customer_interaction_config!.return_url;
    const before = (await simTransactions(page)).length;
    await page.request.post(`${SIMULATOR_URL}/_sim/clock`, { data: { advance: "61m" } });
    await simFault(page, null);
    await page.goto(returnUrl);
    await expect(page).toHaveURL(/\/checkout\?klarna=expired$/);
    await expect(page.getByRole("status").filter({ hasText: "not completed within 60 minutes" })).toBeVisible();
    expect((await simTransactions(page)).length).toBe(before);
    await page.getByRole("button", { name: "Pay with Klarna", exact: true }).click();
    await journey(page, "customer@email.se");
    await expectReceipt(page);
  });

  test("a shopper who leaves Klarna's journey is told the payment was cancelled, Klarna's request is cancelled, and paying again works", async ({ page }) => {
    await addToCart(page, "packable-sun-hat");
    await payWithKlarna(page);
    const uuid = page.url().split("/").at(-1) ?? "";
    await page.getByRole("button", { name: /^Cancel and return to / }).click();
    await expect(page).toHaveURL(/\/checkout\?klarna=unfinished$/);
    await expect(page.getByText("You left Klarna before finishing, so that payment was cancelled.")).toBeVisible();
    const list = (await (await page.request.get(`${SIMULATOR_URL}/_sim/klarna-network/requests`)).json()) as {
      payment_requests: { payment_request_id: string; state: string }[];
    };
    expect(list.payment_requests.find((request) => request.payment_request_id.endsWith(uuid))?.state).toBe("CANCELED");
    await page.getByRole("button", { name: "Pay with Klarna", exact: true }).click();
    await journey(page, "customer@email.se");
    await expectReceipt(page);
  });

  test("screenshots of the purchase at 1280 and 390 px (written when KN_SCREENSHOTS names a folder)", async ({ page }) => {
    const folder = process.env.KN_SCREENSHOTS;
    test.skip(!folder, "KN_SCREENSHOTS is not set");
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      const shot = (step: string) => page.screenshot({ path: `${folder}/${role()}-${width}-${step}.png`, fullPage: true });
      await addToCart(page, "titanium-mug-450");
      await page.goto("/checkout");
      await expect(page.getByRole("heading", { level: 1, name: "Checkout" })).toBeVisible();
      await shot("1-checkout");
      await page.getByRole("button", { name: "Pay with Klarna", exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name: /with Klarna$/ })).toBeVisible();
      await shot("2-journey");
      await page.getByLabel("Email address").fill("customer@email.se");
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page.getByLabel("Verification code")).toBeVisible();
      await shot("3-code");
      await page.getByLabel("Verification code").fill("123456");
      await page.getByRole("button", { name: /^Pay / }).click();
      await expectReceipt(page);
      await shot("4-receipt");
    }
  });

  test("a returning shopper pays with Klarna again in one click, and can remove the saved Klarna", async ({ page }) => {
    await addToCart(page, "hiking-wool-socks");
    await payWithKlarna(page, { remember: true });
    await journey(page, "customer@email.se");
    await expectReceipt(page);

    await addToCart(page, "titanium-mug-450");
    await page.goto("/checkout");
    await expect(page.getByRole("heading", { name: "Welcome back" })).toBeVisible();
    await page.getByRole("button", { name: "Pay with Klarna again" }).click();
    await expectReceipt(page);

    await addToCart(page, "merino-base-layer");
    await page.goto("/checkout");
    await page.getByRole("button", { name: "Remove my saved Klarna" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Your saved Klarna details are removed" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Pay with Klarna again" })).toHaveCount(0);
  });

  test("the back office captures, refunds and voids; the amounts agree with Klarna's", async ({ page }) => {
    await addToCart(page, "ridgeline-daypack-28l");
    await payWithKlarna(page);
    await journey(page, "customer@email.se");
    const orderNumber = await expectReceipt(page);
    await openOrder(page, orderNumber);
    await expect(page.getByTestId("transaction-state")).toContainText("Authorized");
    const authorized = (await page.getByTestId("amount-authorized").textContent()) ?? "";

    const capture = page.getByRole("form", { name: "Capture", exact: true });
    await capture.getByLabel("Amount to capture").fill("100");
    await capture.getByLabel("Shipping company").fill("PostNord");
    await capture.getByLabel("Tracking number").fill("PN123456789SE");
    await capture.getByRole("button", { name: "Capture at Klarna" }).click();
    await expect(capture.getByRole("status")).toHaveText("Captured.");
    await page.reload();
    await page.getByRole("form", { name: /^Refund from capture 1/ }).getByLabel(/^Refund from capture 1/).fill("25");
    await page.getByRole("button", { name: "Refund from this capture" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Refunded." })).toBeVisible();
    await page.reload();
    await page.getByRole("button", { name: "Release the rest" }).click();
    await expect(page.getByRole("status").filter({ hasText: "The rest of the authorization was released." })).toBeVisible();
    await page.reload();

    await expect(page.getByTestId("transaction-state")).toContainText("Completed");
    await expect(page.getByTestId("amount-authorized")).toHaveText(authorized);
    const mine = (await simTransactions(page)).find((transaction) => transaction.captured_amount === 10_000 && transaction.refunded_amount === 2_500);
    expect(mine).toMatchObject({ state: "COMPLETED", remaining_capture_amount: 0 });
    await expect(page.getByTestId("amount-captured")).toContainText("100");
    await expect(page.getByTestId("amount-refunded")).toContainText("25");
    await expect(page.getByRole("form", { name: "Capture", exact: true })).toHaveCount(0);
  });

  test("the back office numbers captures alike in the list and the refund forms, the list follows, and the page fits a phone", async ({ page }) => {
    await addToCart(page, "ridgeline-daypack-28l");
    await payWithKlarna(page);
    await journey(page, "customer@email.se");
    const orderNumber = await expectReceipt(page);
    await openOrder(page, orderNumber);
    const capture = page.getByRole("form", { name: "Capture", exact: true });
    for (const amount of ["100", "50"]) {
      await capture.getByLabel("Amount to capture").fill(amount);
      await capture.getByRole("button", { name: "Capture at Klarna" }).click();
      await expect(capture.getByRole("status")).toHaveText("Captured.");
      await page.reload();
    }
    const captures = page.getByRole("list", { name: "Captures" });
    await expect(captures.getByRole("listitem")).toHaveCount(2);
    await expect(captures.getByRole("listitem").nth(1)).toContainText("Capture 2");
    // Capture 1 refunded in full: the one form left is capture 2's, as the list calls it.
    await page.getByRole("form", { name: /^Refund from capture 1/ }).getByLabel(/^Refund from capture 1/).fill("100");
    await page.getByRole("form", { name: /^Refund from capture 1/ }).getByRole("button", { name: "Refund from this capture" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Refunded." })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("form", { name: /^Refund from capture 1/ })).toHaveCount(0);
    await expect(page.getByRole("form", { name: /^Refund from capture 2 \(/ })).toBeVisible();
    // No amount on the page in minor units.
    await expect(page.locator("body")).not.toContainText("minor units");

    // The orders list says what the payment says: part-captured, not merely acknowledged.
    await page.goto("/admin/orders");
    await expect(page.getByTestId(`order-row-${orderNumber}`)).toContainText("Part-captured");

    await openOrder(page, orderNumber);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth, `page width at ${width} px`).toBeLessThanOrEqual(clientWidth);
      if (process.env.OFFICE_SHOTS) await page.screenshot({ path: `${process.env.OFFICE_SHOTS}/network-order-${role()}-${width}.png`, fullPage: true });
    }
  });
});
