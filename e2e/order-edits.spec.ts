import { expect, test, type Page } from "@playwright/test";
import { openOrder } from "./support/admin";
import { addToCart, fillShopper, openCheckout, payAndReachReceipt, type Purchase } from "./support/checkout";
import { sek } from "./support/money";
import { klarnaOrder as simulatorOrder, type KlarnaOrder } from "./support/simulator";
import { ordersWithKlarnaId, setStock, stockOf } from "./support/store-db";

// Order edits before capture (components/admin/order-edits) in a real Chromium against the simulator's Order
// Management: the merchant edits an order down and up, one increase is declined by the simulator's +no-increase
// persona, and after each step the amounts agree on the page, in the store's database and at Klarna.

const DAYPACK = { slug: "ridgeline-daypack-28l", sku: "TS-PK-028", name: "Ridgeline Daypack 28 L", price: 109_900 };
const MUG = { slug: "titanium-mug-450", sku: "TS-CK-520", name: "Titanium Mug 450 ml", price: 34_900 };
const SOCKS = { slug: "hiking-wool-socks", sku: "TS-CL-220", name: "Hiking Wool Socks", price: 19_900 };
const SHOTS = "/work/shots-edits";

/** The order as the simulator holds it: GET /_sim/orders/{id} is Order Management's order plus the simulator's own. */
type EditedOrder = KlarnaOrder & {
  order_lines: { reference?: string; quantity: number }[];
  shipping_address: { street_address?: string; postal_code?: string };
  merchant_reference1?: string;
};
const klarnaOrder = async (request: Page["request"], id: string) => (await simulatorOrder(request, id)) as EditedOrder;

const editForm = (page: Page) => page.getByRole("form", { name: "Edit order lines" });

/** Buys as the persona whose increases above the approved amount Klarna declines. */
async function buyAsNoIncrease(page: Page): Promise<Purchase> {
  for (const [item, quantity] of [[DAYPACK, 1], [MUG, 2]] as const) {
    setStock(item.slug, 50);
    await addToCart(page, item.slug, quantity);
  }
  setStock(SOCKS.slug, 50);
  await openCheckout(page);
  await fillShopper(page, "customer+no-increase@email.se");
  const klarnaOrderId = await payAndReachReceipt(page);
  return { klarnaOrderId, orderNumber: await page.getByTestId("order-number").innerText() };
}

/** The same amount on the page, in the store's row and in the simulator's order. */
async function expectAmountsAgree(page: Page, purchase: Purchase, amount: number) {
  const sim = await klarnaOrder(page.request, purchase.klarnaOrderId);
  expect(sim.order_amount).toBe(amount);
  expect(ordersWithKlarnaId(purchase.klarnaOrderId)[0]!.order_amount).toBe(amount);
  await expect(page.getByTestId("amount-authorized")).toHaveText(sek(amount));
  return sim;
}

async function review(page: Page, expectedTotal: number) {
  await editForm(page).getByRole("button", { name: /^Review/ }).click();
  await expect(editForm(page).getByTestId("edit-new-total")).toHaveText(sek(expectedTotal));
}

test("the merchant edits an order down and up; one increase is declined; amounts agree in the store and at Klarna", async ({ page }) => {
  test.setTimeout(120_000);
  const purchase = await buyAsNoIncrease(page);
  const approved = DAYPACK.price + 2 * MUG.price;
  await openOrder(page, purchase.orderNumber);
  await expectAmountsAgree(page, purchase, approved);

  await test.step("down: one mug less, reviewed before it is sent", async () => {
    const mugsInStock = stockOf(MUG.slug);
    await editForm(page).getByLabel(`New quantity of ${MUG.name} (0 removes it)`).fill("1");
    await review(page, approved - MUG.price);
    // Nothing is sent by the review.
    expect((await klarnaOrder(page.request, purchase.klarnaOrderId)).order_amount).toBe(approved);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByTestId("order-edits").screenshot({ path: `${SHOTS}/edit-form-preview-1280.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId("order-edits").screenshot({ path: `${SHOTS}/edit-form-preview-390.png` });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "no sideways scrolling at 390 px").toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });

    await editForm(page).getByRole("button", { name: `Confirm: ${sek(approved - MUG.price)}` }).click();
    await expect(editForm(page).locator(".action-result")).toContainText("Changed the order at Klarna");
    const sim = await expectAmountsAgree(page, purchase, approved - MUG.price);
    expect(sim.order_lines.find((line) => line.reference === MUG.sku)?.quantity).toBe(1);
    expect(stockOf(MUG.slug)).toBe(mugsInStock + 1);
  });

  await test.step("up: a pair of socks added from the catalogue, within what Klarna approved", async () => {
    const socksInStock = stockOf(SOCKS.slug);
    await editForm(page).getByLabel("Product").selectOption(SOCKS.sku);
    await editForm(page).getByLabel("Quantity", { exact: true }).fill("1");
    await review(page, approved - MUG.price + SOCKS.price);
    await editForm(page).getByRole("button", { name: /^Confirm: / }).click();
    await expect(editForm(page).locator(".action-result")).toContainText(`added 1 × ${SOCKS.name}`);
    const sim = await expectAmountsAgree(page, purchase, approved - MUG.price + SOCKS.price);
    expect(sim.order_lines.find((line) => line.reference === SOCKS.sku)?.quantity).toBe(1);
    expect(stockOf(SOCKS.slug)).toBe(socksInStock - 1);
  });

  await test.step("up beyond the approved amount: Klarna declines, in plain words and money, and nothing changes", async () => {
    const before = approved - MUG.price + SOCKS.price;
    const socksInStock = stockOf(SOCKS.slug);
    await editForm(page).getByLabel(`New quantity of ${SOCKS.name} (0 removes it)`).fill("3");
    await review(page, before + 2 * SOCKS.price);
    await expect(editForm(page).getByTestId("edit-preview")).toContainText("Klarna may decline it");
    await editForm(page).getByRole("button", { name: /^Confirm: / }).click();
    const refusal = editForm(page).getByRole("alert");
    await expect(refusal).toContainText(`Klarna declined to raise the order from ${sek(before)} to ${sek(before + 2 * SOCKS.price)}`);
    await expect(refusal).not.toContainText("NOT_ALLOWED");
    await expect(refusal).not.toContainText(String(before + 2 * SOCKS.price));
    await page.getByTestId("order-edits").screenshot({ path: `${SHOTS}/edit-form-refused-1280.png` });
    await expectAmountsAgree(page, purchase, before);
    expect(stockOf(SOCKS.slug)).toBe(socksInStock);
  });

  await test.step("bad input changes nothing", async () => {
    const before = approved - MUG.price + SOCKS.price;
    await page.reload();
    await editForm(page).getByLabel(`New quantity of ${SOCKS.name} (0 removes it)`).fill("-2");
    await editForm(page).getByRole("button", { name: /^Review/ }).click();
    await expect(editForm(page).getByRole("alert")).toContainText("Quantities are whole numbers from 0 to 99.");
    await expectAmountsAgree(page, purchase, before);
  });

  await test.step("shipping address and merchant reference reach Klarna", async () => {
    await page.reload();
    const address = page.getByRole("form", { name: "Shipping address" });
    await address.getByLabel("Street address").fill("Sveavägen 10");
    await address.getByLabel("Postal code").fill("11157");
    await address.getByRole("button", { name: "Save shipping address" }).click();
    await expect(address.locator(".action-result")).toContainText("Updated the shipping address at Klarna: Sveavägen 10, 11157");
    const reference = page.getByRole("form", { name: "Merchant reference" });
    await reference.getByLabel("Merchant reference").fill("PHONE-ORDER-7");
    await reference.getByRole("button", { name: "Save reference" }).click();
    await expect(reference.locator(".action-result")).toContainText("Set the merchant reference at Klarna to PHONE-ORDER-7");
    const sim = await klarnaOrder(page.request, purchase.klarnaOrderId);
    expect(sim.shipping_address).toMatchObject({ street_address: "Sveavägen 10", postal_code: "11157" });
    expect(sim.merchant_reference1).toBe("PHONE-ORDER-7");
  });

  await test.step("after a capture: extend its due date from Klarna's options and re-send the invoice", async () => {
    await page.getByRole("form", { name: "Capture", exact: true }).getByRole("button", { name: /^Capture / }).click();
    await expect(page.getByTestId("capture-invoice")).toHaveCount(1);
    const invoice = page.getByTestId("capture-invoice");
    await invoice.getByLabel("Extend the due date by").selectOption("14");
    await invoice.getByRole("button", { name: "Extend due date" }).click();
    await expect(invoice.locator(".action-result")).toContainText("by 14 days");
    await invoice.getByRole("button", { name: "Re-send invoice" }).click();
    await expect(invoice.locator(".action-result").last()).toContainText("sends the customer the invoice");
    // A captured order's lines can no longer change.
    await expect(page.getByTestId("order-edits")).toContainText("captured in full");
    await page.getByTestId("order-edits").screenshot({ path: `${SHOTS}/edit-panel-captured-1280.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId("order-edits").screenshot({ path: `${SHOTS}/edit-panel-captured-390.png` });
  });
});
