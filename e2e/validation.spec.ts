import { expect, test } from "@playwright/test";
import { setStock } from "./support/store-db";
import {
  addToCart,
  applyDiscountCode,
  buy,
  cartIdOf,
  confirmInKlarna,
  couponUse,
  createCoupon,
  expectNoOrder,
  expectRejectionPage,
  fillTestShopper,
  openCheckoutPage,
  payUpToConfirm,
  shipTo,
  stockBySlug,
} from "./support/validation";

// The merchant's validation (issue 5) in a real Chromium: Klarna's popup (the simulator) calls the store's
// validation callback at "Confirm"; a 303 sends the shopper to /checkout/rejected, which says why. Every test
// shows the refused checkout left nothing behind: no store order, no Klarna order, stock and code uses unchanged.
// The databases are shared by the run, so everything is scoped to this test's cart, products and codes.

const CHILI = { slug: "freeze-dried-chili", name: "Freeze-Dried Chili sin Carne" };
const HEADLAMP = { slug: "lumen-400-headlamp" };
const MUG = { slug: "titanium-mug-450" };
const SLEEPING_BAG = { slug: "arctic-sleeping-bag", name: "Arctic Sleeping Bag −10 °C" };

test("an item sold out while the shopper is in Klarna's popup: the rejection page names it", async ({ page, context }) => {
  const code = createCoupon({ prefix: "SOLD", maxUses: 5 });
  const before = stockBySlug([SLEEPING_BAG.slug, MUG.slug]);
  await addToCart(page, SLEEPING_BAG.slug, 1);
  await addToCart(page, MUG.slug, 1);
  await applyDiscountCode(page, code);
  const cartId = await cartIdOf(context);
  await openCheckoutPage(page);
  await fillTestShopper(page);
  const dialog = await payUpToConfirm(page);

  // Someone else buys the last sleeping bags between the shopper's "Pay" and "Confirm".
  setStock(SLEEPING_BAG.slug, 0);
  try {
    await confirmInKlarna(dialog);
    const url = await expectRejectionPage(page, "out_of_stock", `${SLEEPING_BAG.name} just sold out`);
    expect(url.searchParams.get("item")).toBe("TS-SH-620");
    await expectNoOrder(cartId);
    expect(stockBySlug([SLEEPING_BAG.slug, MUG.slug])).toEqual({ ...before, [SLEEPING_BAG.slug]: 0 });
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
}) => {
  const before = stockBySlug([SLEEPING_BAG.slug]);
  await addToCart(page, SLEEPING_BAG.slug, 1);
  const cartId = await cartIdOf(context);
  await openCheckoutPage(page);
  await fillTestShopper(page);

  setStock(SLEEPING_BAG.slug, 0);
  try {
    await page.getByRole("button", { name: "Pay with Klarna" }).click();
    // The store re-checks the cart before Klarna's popup opens (prepareAuthorization) and says so on the page.
    await expect(page.getByText(`${SLEEPING_BAG.name} is sold out`)).toBeVisible();
    await expect(page.getByRole("dialog", { name: "Klarna" })).toBeHidden();
    await expect(page).toHaveURL(/\/checkout$/);
    await expectNoOrder(cartId);
  } finally {
    setStock(SLEEPING_BAG.slug, before[SLEEPING_BAG.slug]!);
  }
});

test("a blocked shopper's email: the rejection page refuses without saying why, and the code is not used", async ({ page, context }) => {
  const code = createCoupon({ prefix: "BLK", maxUses: 5 });
  const before = stockBySlug([HEADLAMP.slug]);
  await addToCart(page, HEADLAMP.slug, 2);
  await applyDiscountCode(page, code);
  const cartId = await cartIdOf(context);
  await openCheckoutPage(page);
  await fillTestShopper(page, "Blocked@Email.se");

  await confirmInKlarna(await payUpToConfirm(page));

  await expectRejectionPage(page, "blocked", "We cannot accept this order");
  await expect(page.getByText(/unable to sell to these customer details/)).toBeVisible();
  await expectNoOrder(cartId);
  expect(stockBySlug([HEADLAMP.slug])).toEqual(before);
  expect(couponUse(code)).toEqual({ uses: 0, claims: [] });
});

test("trail food to the United States: the rejection page names the item and the country", async ({ page, context }) => {
  const code = createCoupon({ prefix: "USA", maxUses: 5 });
  const before = stockBySlug([CHILI.slug, HEADLAMP.slug]);
  await shipTo(page, "US");
  await addToCart(page, CHILI.slug, 2);
  await addToCart(page, HEADLAMP.slug, 1);
  await applyDiscountCode(page, code);
  const cartId = await cartIdOf(context);
  await openCheckoutPage(page);
  await fillTestShopper(page);

  await confirmInKlarna(await payUpToConfirm(page));

  const url = await expectRejectionPage(page, "undeliverable_country", new RegExp(`^We cannot ship ${CHILI.name} to (the )?United States$`));
  expect(url.searchParams.get("item")).toBe("TS-FD-810");
  expect(url.searchParams.get("country")).toBe("US");
  await expectNoOrder(cartId);
  expect(stockBySlug([CHILI.slug, HEADLAMP.slug])).toEqual(before);
  expect(couponUse(code)).toEqual({ uses: 0, claims: [] });
});

// BUG-V1 (lib/validation/validate-order.ts + lib/checkout/open-checkout.ts syncSessionWithCart): once the first
// shopper's purchase used the code, the second shopper's "Pay with Klarna" re-prices the cart without the used code
// (couponProblem), updates Klarna's session to the full price with only "Your cart changed in another window", and
// Klarna's validation then approves the full-price order: the second shopper is charged without the discount instead
// of being told the code was used. (Had the popup been open already, validation would deny with cart_changed, not
// coupon_used.) Fix: validateOrder denies with coupon_used/coupon_expired when Klarna's order carries the discount of a
// code the cart can no longer use, before checkCartMatches; prepareAuthorization refuses with couponProblem's message
// instead of silently dropping the discount.
test.fixme("a single-use code used by another shopper first: the rejection page says it has already been used", async ({ browser }) => {
  const code = createCoupon({ prefix: "ONCE", maxUses: 1, percent: 20 });
  const first = await browser.newContext();
  const second = await browser.newContext();
  try {
    const firstPage = await first.newPage();
    const secondPage = await second.newPage();
    for (const page of [firstPage, secondPage]) {
      await addToCart(page, MUG.slug, 1);
      await applyDiscountCode(page, code);
    }
    const secondCart = await cartIdOf(second);
    await openCheckoutPage(secondPage);
    await fillTestShopper(secondPage);

    await openCheckoutPage(firstPage);
    await fillTestShopper(firstPage);
    await buy(firstPage);
    expect(couponUse(code).uses).toBe(1);
    const before = stockBySlug([MUG.slug]);

    await confirmInKlarna(await payUpToConfirm(secondPage));

    await expectRejectionPage(secondPage, "coupon_used", "Your discount code has already been used");
    await expectNoOrder(secondCart);
    expect(stockBySlug([MUG.slug])).toEqual(before);
    expect(couponUse(code).uses).toBe(1);
  } finally {
    await first.close();
    await second.close();
  }
});

test("the cart changed in another tab while Klarna's popup was open: the rejection page says so", async ({ page, context }) => {
  const code = createCoupon({ prefix: "TAB", maxUses: 5 });
  const before = stockBySlug([HEADLAMP.slug, MUG.slug]);
  await addToCart(page, HEADLAMP.slug, 1);
  await applyDiscountCode(page, code);
  const cartId = await cartIdOf(context);
  await openCheckoutPage(page);
  await fillTestShopper(page);
  const dialog = await payUpToConfirm(page);

  const otherTab = await context.newPage();
  await addToCart(otherTab, MUG.slug, 1);
  await otherTab.close();

  await confirmInKlarna(dialog);

  await expectRejectionPage(page, "cart_changed", "Your cart changed while you were paying");
  await expectNoOrder(cartId);
  expect(stockBySlug([HEADLAMP.slug, MUG.slug])).toEqual(before);
  expect(couponUse(code)).toEqual({ uses: 0, claims: [] });

  // Back in the cart, both products are there and the shopper can pay for what the cart holds now.
  await page.getByRole("link", { name: "Back to your cart" }).click();
  await expect(page.getByRole("link", { name: "Cart, 2 items" })).toBeVisible();
});
