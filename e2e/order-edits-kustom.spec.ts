import { expect, test, type Page } from "@playwright/test";
import { SIMULATOR_URL } from "../playwright.config";
import { openOrder } from "./support/admin";
import { addToCart } from "./support/checkout";
import { sek } from "./support/money";
import { ordersWithKlarnaId, setStock, stockOf } from "./support/store-db";

// A Kustom Checkout order edited before capture through Kustom's own Order Management (the simulator's, at
// /kustom): the same edit form as for Klarna Payments, and the amounts agree in the store and at Kustom.

const SOCKS = { slug: "hiking-wool-socks", sku: "TS-CL-220", name: "Hiking Wool Socks", price: 19_900 };
const KUSTOM_AUTH = "Basic kco_test_api_simulator000000000000";

async function kustomManagedOrder(page: Page, id: string) {
  const response = await page.request.get(`${SIMULATOR_URL}/kustom/ordermanagement/v1/orders/${encodeURIComponent(id)}`, {
    headers: { Authorization: KUSTOM_AUTH },
  });
  expect(response.ok()).toBe(true);
  return (await response.json()) as { order_amount: number; order_lines: { reference?: string; quantity: number }[] };
}

test("a Kustom order is edited down; the amounts agree in the store and at Kustom", async ({ page }) => {
  setStock(SOCKS.slug, 50);
  await addToCart(page, SOCKS.slug, 2);
  await page.goto("/checkout");
  const checkout = page.frameLocator('iframe[title="Kustom Checkout"]');
  await checkout.getByLabel("Email").fill("customer@email.se");
  await checkout.getByLabel("Postal code").fill("11122");
  await checkout.getByLabel("First name").fill("Alice");
  await checkout.getByLabel("Last name").fill("Andersson");
  await checkout.getByLabel("Street address").fill("Drottninggatan 1");
  await checkout.getByLabel("City").fill("Stockholm");
  await checkout.getByLabel("Mobile phone").fill("0701234567");
  await checkout.getByRole("button", { name: "Buy" }).click();
  await page.waitForURL(/\/checkout\/confirmation\?kustom_order_id=/);
  const orderNumber = await page.getByTestId("order-number").innerText();
  const kustomOrderId = new URL(page.url()).searchParams.get("kustom_order_id")!;
  const before = await kustomManagedOrder(page, kustomOrderId);
  const inStock = stockOf(SOCKS.slug);

  await openOrder(page, orderNumber);
  const edit = page.getByRole("form", { name: "Edit order lines" });
  await edit.getByLabel(`New quantity of ${SOCKS.name} (0 removes it)`).fill("1");
  await edit.getByRole("button", { name: /^Review/ }).click();
  await expect(edit.getByTestId("edit-new-total")).toHaveText(sek(before.order_amount - SOCKS.price));
  await edit.getByRole("button", { name: /^Confirm: / }).click();
  await expect(edit.locator(".action-result")).toContainText("Changed the order at Kustom");

  const after = await kustomManagedOrder(page, kustomOrderId);
  expect(after.order_amount).toBe(before.order_amount - SOCKS.price);
  expect(after.order_lines.find((line) => line.reference === SOCKS.sku)?.quantity).toBe(1);
  expect(ordersWithKlarnaId(kustomOrderId)[0]!.order_amount).toBe(after.order_amount);
  await expect(page.getByTestId("amount-authorized")).toHaveText(sek(after.order_amount));
  expect(stockOf(SOCKS.slug)).toBe(inStock + 1);
});
