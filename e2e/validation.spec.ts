import { expect, test } from "@playwright/test";
import {
  addToCart,
  applyDiscountCode,
  cartIdOf,
  confirmCode,
  fillShopper,
  klarnaDialog,
  openCheckout,
  payAndReachReceipt,
  payUpToCode,
  shipTo,
} from "./support/checkout";
import { couponUse, createCoupon, setStock, stockOf } from "./support/store-db";
import { expectNoOrder, expectRejectionPage } from "./support/validation";

// The merchant's rules in a real Chromium. Klarna Payments has no validation callback, so after "Confirm" in Klarna's
// popup the store runs them when it places the order; a refusal cancels the authorization at Klarna and sends the
// shopper to /checkout/rejected, which says why. Every test shows the refused checkout left nothing behind: no store
// order, no Klarna order, no live authorization, stock and code uses unchanged.
// The databases are shared by the run, so everything is scoped to this test's cart, products and codes.

const CHILI = { slug: "freeze-dried-chili", name: "Freeze-Dried Chili sin Carne" };
const HEADLAMP = { slug: "lumen-400-headlamp" };
const MUG = { slug: "titanium-mug-450" };
const SLEEPING_BAG = { slug: "arctic-sleeping-bag", name: "Arctic Sleeping Bag −10 °C" };

const stocks = (...slugs: string[]) => Object.fromEntries(slugs.map((slug) => [slug, stockOf(slug)]));

test("an item sold out while the shopper is in Klarna's popup: the rejection page names it", async ({ page, context, request }) => {
  const code = createCoupon({ prefix: "SOLD", maxUses: 5 });
  const before = stocks(SLEEPING_BAG.slug, MUG.slug);
  await addToCart(page, SLEEPING_BAG.slug, 1);
  await addToCart(page, MUG.slug, 1);
  await applyDiscountCode(page, code);
  const cartId = await cartIdOf(context);
  await openCheckout(page);
  await fillShopper(page);
  const dialog = await payUpToCode(page);

  // Someone else buys the last sleeping bags between the shopper's "Pay" and "Confirm".
  setStock(SLEEPING_BAG.slug, 0);
  try {
    await confirmCode(dialog);
    const url = await expectRejectionPage(page, "out_of_stock", `${SLEEPING_BAG.name} just sold out`);
    expect(url.searchParams.get("item")).toBe("TS-SH-620");
    await expectNoOrder(request, cartId);
    expect(stocks(SLEEPING_BAG.slug, MUG.slug)).toEqual({ ...before, [SLEEPING_BAG.slug]: 0 });
    expect(couponUse(code)).toEqual({ uses: 0, claims: [] });
  } finally {
    setStock(SLEEPING_BAG.slug, before[SLEEPING_BAG.slug]!);
  }

  await page.getByRole("link", { name: "Back to your cart" }).click();
  await expect(page).toHaveURL(/\/cart$/);
});

test("an item sold out while the shopper is on /checkout, before Pay: refused before Klarna opens, naming the item", async ({
  page,
  context,
  request,
}) => {
  const before = stocks(SLEEPING_BAG.slug);
  await addToCart(page, SLEEPING_BAG.slug, 1);
  const cartId = await cartIdOf(context);
  await openCheckout(page);
  await fillShopper(page);

  setStock(SLEEPING_BAG.slug, 0);
  try {
    await page.getByRole("button", { name: "Pay with Klarna" }).click();
    // The store re-checks the cart before Klarna's popup opens (prepareAuthorization) and says so on the page.
    await expect(page.getByText(`${SLEEPING_BAG.name} is sold out`)).toBeVisible();
    await expect(klarnaDialog(page)).toBeHidden();
    await expect(page).toHaveURL(/\/checkout$/);
    await expectNoOrder(request, cartId);
  } finally {
    setStock(SLEEPING_BAG.slug, before[SLEEPING_BAG.slug]!);
  }
});

test("a blocked shopper's email: the rejection page refuses without saying why, and the code is not used", async ({
  page,
  context,
  request,
}) => {
  const code = createCoupon({ prefix: "BLK", maxUses: 5 });
  const before = stocks(HEADLAMP.slug);
  await addToCart(page, HEADLAMP.slug, 2);
  await applyDiscountCode(page, code);
  const cartId = await cartIdOf(context);
  await openCheckout(page);
  await fillShopper(page, "Blocked@Email.se");

  await confirmCode(await payUpToCode(page));

  await expectRejectionPage(page, "blocked", "We cannot accept this order");
  await expect(page.getByText(/unable to sell to these customer details/)).toBeVisible();
  await expectNoOrder(request, cartId);
  expect(stocks(HEADLAMP.slug)).toEqual(before);
  expect(couponUse(code)).toEqual({ uses: 0, claims: [] });
});

test("trail food to the United States: the rejection page names the item and the country", async ({ page, context, request }) => {
  const code = createCoupon({ prefix: "USA", maxUses: 5 });
  const before = stocks(CHILI.slug, HEADLAMP.slug);
  await shipTo(page, "US");
  await addToCart(page, CHILI.slug, 2);
  await addToCart(page, HEADLAMP.slug, 1);
  await applyDiscountCode(page, code);
  const cartId = await cartIdOf(context);
  await openCheckout(page);
  await fillShopper(page);

  await confirmCode(await payUpToCode(page));

  const url = await expectRejectionPage(page, "undeliverable_country", `We cannot ship ${CHILI.name} to the United States`);
  expect(url.searchParams.get("item")).toBe("TS-FD-810");
  expect(url.searchParams.get("country")).toBe("US");
  await expectNoOrder(request, cartId);
  expect(stocks(CHILI.slug, HEADLAMP.slug)).toEqual(before);
  expect(couponUse(code)).toEqual({ uses: 0, claims: [] });
});

// Another shopper uses a single-use code first. The rules run when the order is placed, so a shopper whose popup was
// already open reaches the rejection page; one who presses "Pay with Klarna" afterwards is stopped on /checkout
// before Klarna opens, rather than being charged the full price without a word.
test("a single-use code used by another shopper first: refused at Confirm or at Pay, never charged in full", async ({
  browser,
  request,
}) => {
  // Three shoppers fill carts and two pay: more steps than one purchase.
  test.setTimeout(150_000);
  const code = createCoupon({ prefix: "ONCE", maxUses: 1, percent: 20 });
  const contexts = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
  try {
    const [buyer, inPopup, paysLater] = await Promise.all([contexts[0].newPage(), contexts[1].newPage(), contexts[2].newPage()]);
    for (const page of [buyer, inPopup, paysLater]) {
      await addToCart(page, MUG.slug, 1);
      await applyDiscountCode(page, code);
    }
    const inPopupCart = await cartIdOf(inPopup.context());
    const paysLaterCart = await cartIdOf(paysLater.context());

    await openCheckout(inPopup);
    await fillShopper(inPopup);
    const dialog = await payUpToCode(inPopup);
    await openCheckout(paysLater);
    await fillShopper(paysLater);

    await openCheckout(buyer);
    await fillShopper(buyer);
    await payAndReachReceipt(buyer);
    const used = couponUse(code);
    expect(used).toEqual({ uses: 1, claims: [expect.any(String)] });
    const before = stocks(MUG.slug);

    await test.step("the shopper whose popup was open confirms: the rejection page says the code was used", async () => {
      await confirmCode(dialog);
      await expectRejectionPage(inPopup, "coupon_used", "Your discount code has already been used");
      await expectNoOrder(request, inPopupCart);

      // Back in the cart the code is marked, and checkout waits until it is removed.
      await inPopup.getByRole("link", { name: "Back to your cart" }).click();
      const codeProblem = inPopup.getByRole("alert").filter({ hasText: code });
      await expect(codeProblem).toHaveText(`The code ${code} has already been used. It is not applied.`);
      await expect(inPopup.getByRole("button", { name: "Checkout" })).toBeDisabled();
      await inPopup.getByRole("button", { name: `Remove discount code ${code}` }).click();
      await expect(inPopup.getByRole("link", { name: "Checkout" })).toBeVisible();
    });

    await test.step("the shopper who presses Pay afterwards is told on /checkout, and Klarna never opens", async () => {
      await paysLater.getByRole("button", { name: "Pay with Klarna" }).click();
      await expect(paysLater.getByRole("alert").filter({ hasText: code })).toHaveText(
        `The code ${code} has already been used. Remove it in your cart to continue.`,
      );
      await expect(klarnaDialog(paysLater)).toBeHidden();
      await expect(paysLater).toHaveURL(/\/checkout$/);
      await expectNoOrder(request, paysLaterCart);
    });

    expect(stocks(MUG.slug)).toEqual(before);
    expect(couponUse(code)).toEqual(used);
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
});

test("the cart changed in another tab while Klarna's popup was open: the rejection page says so", async ({ page, context, request }) => {
  const code = createCoupon({ prefix: "TAB", maxUses: 5 });
  const before = stocks(HEADLAMP.slug, MUG.slug);
  await addToCart(page, HEADLAMP.slug, 1);
  await applyDiscountCode(page, code);
  const cartId = await cartIdOf(context);
  await openCheckout(page);
  await fillShopper(page);
  const dialog = await payUpToCode(page);

  const otherTab = await context.newPage();
  await addToCart(otherTab, MUG.slug, 1);
  await otherTab.close();

  await confirmCode(dialog);

  await expectRejectionPage(page, "cart_changed", "Your cart changed while you were paying");
  await expectNoOrder(request, cartId);
  expect(stocks(HEADLAMP.slug, MUG.slug)).toEqual(before);
  expect(couponUse(code)).toEqual({ uses: 0, claims: [] });

  // Back in the cart, both products are there and the shopper can pay for what the cart holds now.
  await page.getByRole("link", { name: "Back to your cart" }).click();
  await expect(page.getByRole("link", { name: "Cart, 2 items" })).toBeVisible();
});
