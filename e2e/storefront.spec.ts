import { expect, test, type Page } from "@playwright/test";
import { addToCart } from "./support/checkout";
import { money, sek } from "./support/money";
import { setStock } from "./support/store-db";

const formMessage = (page: Page, role: "alert" | "status") =>
  page.getByRole("form", { name: "Add to cart" }).getByRole(role);

test("browse, add two, see exact totals, change quantity, remove", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "All gear" })).toBeVisible();
  await page.getByRole("link", { name: /Ridgeline Daypack 28 L/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ridgeline Daypack 28 L" })).toBeVisible();
  await expect(page.locator(".product__price")).toHaveText(sek(109900));

  await page.getByRole("spinbutton", { name: "Quantity" }).fill("2");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(formMessage(page, "status")).toContainText("Added 2 × Ridgeline Daypack 28 L to your cart.");
  await expect(page.getByRole("link", { name: "Cart, 2 items" })).toBeVisible();

  await page.getByRole("link", { name: "Cart, 2 items" }).click();
  await expect(page.getByRole("heading", { name: "Your cart" })).toBeVisible();
  // 2 × 1 099 kr passes the 1 500 kr free-shipping threshold; 25 % VAT is inside the price.
  await expect(page.getByTestId("line-total-ridgeline-daypack-28l")).toHaveText(sek(219800));
  await expect(page.getByTestId("summary-subtotal")).toHaveText(sek(219800));
  await expect(page.getByTestId("summary-shipping")).toHaveText("Free");
  await expect(page.getByTestId("summary-total")).toHaveText(sek(219800));
  await expect(page.getByTestId("summary-tax")).toHaveText(sek(43960));

  await page.getByRole("spinbutton", { name: "Quantity of Ridgeline Daypack 28 L" }).fill("1");
  await page.getByRole("button", { name: "Update quantity of Ridgeline Daypack 28 L" }).click();
  await expect(page.getByTestId("summary-shipping")).toHaveText(sek(4900));
  await expect(page.getByTestId("summary-total")).toHaveText(sek(114800));
  await expect(page.getByTestId("summary-tax")).toHaveText(sek(21980 + 980));
  await expect(page.getByRole("link", { name: "Cart, 1 item" })).toBeVisible();

  await page.getByRole("button", { name: "Remove Ridgeline Daypack 28 L from cart" }).click();
  await expect(page.getByRole("heading", { name: "Your cart is empty" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Cart, 0 items" })).toBeVisible();
});

test("switching market changes prices and currency, and is remembered", async ({ page }) => {
  await page.goto("/");
  const daypack = page.getByRole("link", { name: /Ridgeline Daypack 28 L/ });
  await expect(daypack).toContainText(sek(109900));

  await page.getByLabel("Ship to").selectOption("DE");
  await expect(daypack).toContainText(money(9995, "EUR", "de-DE"));
  await expect(page.getByText("prices in EUR, VAT included")).toBeVisible();

  await page.getByLabel("Ship to").selectOption("US");
  await expect(daypack).toContainText("$99.00");
  await expect(page.getByText("prices in USD, sales tax added at checkout")).toBeVisible();

  await page.reload();
  await expect(page.getByLabel("Ship to")).toHaveValue("US");

  await addToCart(page, "ridgeline-daypack-28l", 1);
  await page.goto("/cart");
  // $99.00 + $6.95 shipping + 8.25 % sales tax on the goods ($8.17).
  await expect(page.getByTestId("summary-tax")).toHaveText("$8.17");
  await expect(page.getByTestId("summary-total")).toHaveText("$114.12");
});

test.describe("bad input gets a clear message and leaves the cart consistent", () => {
  test("more than in stock", async ({ page }) => {
    await page.goto("/products/pocket-camp-stove");
    const quantity = page.getByRole("spinbutton", { name: "Quantity" });
    // The field's own max stops a shopper; the server must stop a hand-made request too.
    await quantity.evaluate((input) => input.removeAttribute("max"));
    await quantity.fill("2");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(formMessage(page, "alert")).toHaveText(
      "Only 1 in stock and you already have 0 in your cart: you can add 1 more.",
    );
    await expect(page.getByRole("link", { name: "Cart, 0 items" })).toBeVisible();

    await quantity.fill("1");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("link", { name: "Cart, 1 item" })).toBeVisible();
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(formMessage(page, "alert")).toHaveText("The only one we have is already in your cart.");
    await expect(page.getByRole("link", { name: "Cart, 1 item" })).toBeVisible();
  });

  test("quantities below 1 and above 99, and an unknown product, even past the browser's own checks", async ({ page }) => {
    await page.goto("/products/hiking-wool-socks");
    const quantity = page.getByRole("spinbutton", { name: "Quantity" });
    await quantity.evaluate((input) => {
      input.removeAttribute("min");
      input.removeAttribute("max");
    });
    const add = page.getByRole("button", { name: "Add to cart" });

    await quantity.fill("0");
    await add.click();
    await expect(formMessage(page, "alert")).toHaveText("The quantity must be at least 1.");

    await quantity.fill("100");
    await add.click();
    await expect(formMessage(page, "alert")).toHaveText("You can buy at most 99 of one product.");

    await page.locator('input[name="productId"]').evaluate((input) => ((input as HTMLInputElement).value = "999999"));
    await quantity.fill("1");
    await add.click();
    await expect(formMessage(page, "alert")).toHaveText("That product does not exist or is no longer sold.");
    await expect(page.getByRole("link", { name: "Cart, 0 items" })).toBeVisible();
  });

  test("a sold-out product cannot be added", async ({ page }) => {
    await page.goto("/products/skyline-2p-tent");
    await expect(page.getByText("Sold out").first()).toBeVisible();
    await expect(page.getByRole("button", { name: "Sold out" })).toBeDisabled();
  });

  test("an unknown product page says so", async ({ page }) => {
    const response = await page.goto("/products/no-such-thing");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "We could not find that product" })).toBeVisible();
  });

  for (const [name, value] of [
    ["tampered", "garbage-value"],
    ["foreign", "3f1c2b9a-1111-4222-8333-944445555666.c2lnbmVkLWJ5LWFub3RoZXItc3RvcmUtMTIzNDU2Nzg5MDEyMzQ"],
  ] as const) {
    test(`a ${name} cart cookie starts a fresh cart and says so`, async ({ page, context, baseURL }) => {
      await context.addCookies([{ name: "cart", value, url: baseURL! }]);
      await page.goto("/cart");
      await expect(page.locator(".notice--warning")).toContainText("We could not recognise the cart saved in your browser");
      await expect(page.getByRole("heading", { name: "Your cart is empty" })).toBeVisible();

      await addToCart(page, "titanium-mug-450", 1);
      await expect(page.getByRole("link", { name: "Cart, 1 item" })).toBeVisible();
      const cookie = (await context.cookies()).find((c) => c.name === "cart");
      expect(cookie?.value).not.toBe(value);
      expect(cookie?.httpOnly).toBe(true);
    });
  }

  test("a product that sells out while in the cart blocks checkout until removed", async ({ page }) => {
    await addToCart(page, "arctic-sleeping-bag", 2);
    await expect(formMessage(page, "status")).toContainText("Added 2");
    const before = setStock("arctic-sleeping-bag", 0);
    try {
      await page.goto("/cart");
      await expect(page.getByRole("listitem").getByRole("alert")).toHaveText(
        "Arctic Sleeping Bag −10 °C is sold out. Remove it to continue.",
      );
      await expect(page.getByRole("button", { name: "Checkout" })).toBeDisabled();

      setStock("arctic-sleeping-bag", 1);
      await page.reload();
      await expect(page.getByRole("listitem").getByRole("alert")).toContainText("Only 1 Arctic Sleeping Bag −10 °C left in stock");
      await page.getByRole("spinbutton", { name: "Quantity of Arctic Sleeping Bag −10 °C" }).fill("1");
      await page.getByRole("button", { name: "Update quantity of Arctic Sleeping Bag −10 °C" }).click();
      await expect(page.getByRole("link", { name: "Checkout" })).toBeVisible();
    } finally {
      setStock("arctic-sleeping-bag", before);
    }
  });
});
