import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { SIMULATOR_URL, STORE_URL } from "../playwright.config";
import { addToCart } from "./support/checkout";
import { money } from "./support/money";

// Klarna On-site messaging, rendered by the simulator's web SDK stand-in (simulator/web-sdk) into each
// <klarna-placement>'s shadow root; Playwright's CSS locators reach into open shadow roots.

const MARKETS = {
  SE: { currency: "SEK", locale: "sv-SE" },
  DE: { currency: "EUR", locale: "de-DE" },
  GB: { currency: "GBP", locale: "en-GB" },
  US: { currency: "USD", locale: "en-US" },
} as const;
type Code = keyof typeof MARKETS;

/** Intl puts a no-break space between amount and currency; the page reads the same to a shopper. */
const spaced = (text: string) => text.replace(/\u00a0/g, " ");

async function chooseMarket(page: Page, code: Code): Promise<void> {
  await page.context().addCookies([{ name: "market", value: code, url: STORE_URL }]);
}

const message = (page: Page) => page.locator('klarna-placement [part="osm-message"]');

/** The message as a shopper reads it, up to its "Learn more" link. */
async function expectMessage(page: Page, text: string): Promise<void> {
  await expect(message(page)).toHaveCount(1);
  const cta = page.locator('klarna-placement [part="osm-cta"]');
  await expect
    .poll(async () => {
      const whole = spaced(await message(page).innerText());
      return whole.slice(0, whole.length - spaced(await cta.innerText()).length).trim();
    })
    .toBe(text);
}

/** Sums layout shifts not caused by input, as Chrome's cumulative layout shift does (PerformanceObserver). */
async function watchLayoutShift(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const win = window as unknown as { __cls: number };
    win.__cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
        if (!entry.hadRecentInput) win.__cls += entry.value;
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
}

const layoutShift = (page: Page) => page.evaluate(() => (window as unknown as { __cls: number }).__cls);

// Ridgeline Daypack 28 L: 1 099 kr, 99,95 €, £85.00, $99.00 (db/catalogue.ts).
const DAYPACK = { SE: 109900, DE: 9995, GB: 8500, US: 9900 };
const expected: Record<Code, (amount: string) => string> = {
  SE: (amount) => `Dela upp i 3 räntefria betalningar på ${amount}.`,
  DE: (amount) => `Bezahle in 3 zinsfreien Raten von je ${amount}.`,
  GB: (amount) => `Pay in 3 interest-free payments of ${amount}.`,
  US: (amount) => `Pay in 4 interest-free payments of ${amount}.`,
};

for (const code of Object.keys(MARKETS) as Code[]) {
  test(`product badge in ${code} shows the instalment for price × quantity and follows the quantity`, async ({ page }) => {
    const { currency, locale } = MARKETS[code];
    const count = code === "US" ? 4 : 3;
    const payment = (amount: number) => spaced(money(Math.ceil(amount / count), currency, locale));
    await chooseMarket(page, code);
    await page.goto("/products/ridgeline-daypack-28l");
    await expectMessage(page, expected[code](payment(DAYPACK[code])));

    await page.getByRole("spinbutton", { name: "Quantity" }).fill("2");
    await expectMessage(page, expected[code](payment(2 * DAYPACK[code])));
    await expect(page.locator("klarna-placement")).toHaveAttribute("data-purchase-amount", String(2 * DAYPACK[code]));
  });
}

test("below the minimum the badge names it; above it, the instalment appears", async ({ page }) => {
  await chooseMarket(page, "US");
  await page.goto("/products/hiking-wool-socks"); // $18.00
  await expectMessage(page, "Pay in 4 interest-free payments on purchases from $35.00.");
  await page.getByRole("spinbutton", { name: "Quantity" }).fill("2");
  await expectMessage(page, "Pay in 4 interest-free payments of $9.00.");
});

test("the cart strip shows the message for the cart total and follows it", async ({ page }) => {
  await chooseMarket(page, "SE");
  await addToCart(page, "ridgeline-daypack-28l", 1);
  // The quantity field resets after adding, and the badge with it.
  await expectMessage(page, "Dela upp i 3 räntefria betalningar på 366,34 kr.");
  await page.goto("/cart");
  await expect(page.getByTestId("summary-total")).toHaveText(spaced(money(114800, "SEK", "sv-SE")));
  // 1 099 kr + 49 kr shipping = 1 148 kr, in three: 382,67 kr (rounded up).
  await expectMessage(page, "Dela upp i 3 räntefria betalningar på 382,67 kr med Klarna.");

  await page.getByRole("spinbutton", { name: "Quantity of Ridgeline Daypack 28 L" }).fill("2");
  await page.getByRole("button", { name: "Update quantity of Ridgeline Daypack 28 L" }).click();
  await expect(page.getByTestId("summary-total")).toHaveText(spaced(money(219800, "SEK", "sv-SE")));
  await expectMessage(page, "Dela upp i 3 räntefria betalningar på 732,67 kr med Klarna.");
});

test("Learn more is a link to Klarna's explanation for this amount, opening in a new tab", async ({ page }) => {
  await chooseMarket(page, "GB");
  await page.goto("/products/ridgeline-daypack-28l");
  const link = page.getByRole("link", { name: "Learn more (opens in a new tab)" });
  await expect(link).toHaveAttribute("target", "_blank");
  const [popup] = await Promise.all([page.waitForEvent("popup"), link.click()]);
  await expect(popup.getByText("Pay in 3 interest-free payments of £28.34")).toBeVisible();
  await popup.close();
});

test("axe finds no accessibility problem on the product page and the cart with messaging", async ({ page }) => {
  await chooseMarket(page, "DE");
  await addToCart(page, "ridgeline-daypack-28l", 1);
  await expect(message(page)).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await page.goto("/cart");
  await expect(message(page)).toBeVisible();
  // The order summary holds the cart strip; the rest of the cart page is outside this feature.
  expect((await new AxeBuilder({ page }).include(".summary").analyze()).violations).toEqual([]);
});

// The phone is tall enough that what follows the badge is on screen: a shift off screen does not count. Without the
// reserved space these pages measured 0.014 (1280 × 900) and 0.028 (390 × 1600) on the product page.
for (const [width, height] of [
  [1280, 900],
  [390, 1600],
] as const) {
  test(`the messaging does not move the page at ${width} px (cumulative layout shift under 0.01)`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await watchLayoutShift(page);
    await chooseMarket(page, "DE");
    await page.goto("/products/ridgeline-daypack-28l");
    await expect(message(page)).toBeVisible();
    await expect(page.locator('klarna-placement [part="osm-badge"]')).toHaveJSProperty("complete", true);
    const productShift = await layoutShift(page);
    test.info().annotations.push({ type: "cumulative layout shift, product page", description: productShift.toFixed(4) });
    expect(productShift).toBeLessThan(0.01);

    await addToCart(page, "ridgeline-daypack-28l", 1);
    await page.goto("/cart");
    await expect(message(page)).toBeVisible();
    const cartShift = await layoutShift(page);
    test.info().annotations.push({ type: "cumulative layout shift, cart", description: cartShift.toFixed(4) });
    expect(cartShift).toBeLessThan(0.01);
  });
}

test("a slow web SDK neither delays the page nor moves it; a failing one leaves the page working", async ({ page }) => {
  await watchLayoutShift(page);
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(`${SIMULATOR_URL}/web-sdk/v1/klarna.js`, async (route) => {
    await held;
    await route.continue();
  });
  await chooseMarket(page, "GB");
  await page.goto("/products/ridgeline-daypack-28l");
  // The page is usable while Klarna's script has not arrived.
  await expect(page.getByRole("button", { name: "Add to cart" })).toBeEnabled();
  await expect(message(page)).toHaveCount(0);
  release();
  await expectMessage(page, "Pay in 3 interest-free payments of £28.34.");
  expect(await layoutShift(page)).toBeLessThan(0.01);

  await page.unroute(`${SIMULATOR_URL}/web-sdk/v1/klarna.js`);
  await page.route(`${SIMULATOR_URL}/web-sdk/v1/klarna.js`, (route) => route.abort());
  await page.reload();
  await page.getByRole("spinbutton", { name: "Quantity" }).fill("2");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("form", { name: "Add to cart" }).getByRole("status")).toContainText("Added 2");
  await expect(message(page)).toHaveCount(0);
});

test("an unknown client id renders nothing and says why in the console", async ({ page }) => {
  const warnings: string[] = [];
  page.on("console", (entry) => {
    if (entry.type() === "warning") warnings.push(entry.text());
  });
  // The simulator's bare merchant page: Klarna's snippet and both placements, with a client id it never issued.
  await page.goto(`${SIMULATOR_URL}/_sim/messaging-test?client_id=not-a-real-client`);
  await expect.poll(() => warnings.join("\n")).toContain('The client id "not-a-real-client" is not recognised');
  await expect(message(page)).toHaveCount(0);
  await expect(page.locator("klarna-placement")).toHaveCount(2);
  const rendered = await page
    .locator("klarna-placement")
    .evaluateAll((elements) => elements.map((element) => element.shadowRoot?.childNodes.length ?? 0));
  expect(rendered).toEqual([0, 0]);
  // The same page with the demo client id shows both messages, so the page itself is not what stops them.
  await page.goto(`${SIMULATOR_URL}/_sim/messaging-test`);
  await expect(message(page)).toHaveCount(2);
});
