// A shopper's wait at checkout, in Chromium against the production store and the Klarna simulator:
// (a) click "Pay with Klarna" → Klarna's dialog visible, and (b) click "Confirm" in the dialog → the receipt's
// heading visible. Typing and page loads before the click are not counted. One warm-up purchase, then N measured.
// (a) is timed by Playwright (it polls a page that does not navigate every animation frame); (b) ends in the frame
// where the receipt's heading first appears, recorded by the page itself.
// Run: npx next build (once), then npx tsx --conditions=react-server bench/pay-to-receipt.ts [N=10] [--express].
// --express times Klarna's Express button on the product page instead (issue 25; one step, auto_finalize true):
// (a) click the button → Klarna's dialog visible, (b) click "Confirm" → the receipt, with the shipping address step
// in between not counted.
import { chromium, type Browser } from "@playwright/test";
import Database from "better-sqlite3";
import { percentile, startBenchServers } from "./support/servers";

const EXPRESS = process.argv.includes("--express");
const PURCHASES = Number(process.argv.slice(2).find((argument) => /^\d+$/.test(argument)) ?? 10);
const PRODUCT = "titanium-mug-450";
const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};

interface Timing {
  payToDialogMs: number;
  confirmToReceiptMs: number;
  /** Which path placed and created the order: the browser (place_order) or Klarna's authorization callback. */
  createdBy: string;
}

type ReceiptWindow = Window & { receiptShownAt?: number };

/**
 * Runs in every document of the context: notes, on the wall clock, the frame in which the receipt's heading first
 * appears. The receipt is a new document, and Playwright polls a navigating page only every few hundred ms, which
 * would add its own delay to the figure. A string, because tsx rewrites functions with helpers the page lacks.
 */
const WATCH_FOR_RECEIPT = `
  new MutationObserver(() => {
    if (window.receiptShownAt !== undefined) return;
    const shown = [...document.querySelectorAll("h1")].some((h) => h.textContent.includes("Your order is confirmed"));
    if (shown) requestAnimationFrame(() => { window.receiptShownAt ??= performance.timeOrigin + performance.now(); });
  }).observe(document, { childList: true, subtree: true, characterData: true });
`;

/** Wall-clock milliseconds, comparable with the browser's `performance.timeOrigin + performance.now()`. */
const wallClock = () => performance.timeOrigin + performance.now();

/** One purchase in a fresh browser context (its own cart cookie), timing only the two waits after a click. */
async function purchase(browser: Browser, storeUrl: string, storeDatabase: string): Promise<Timing> {
  const context = await browser.newContext({ baseURL: storeUrl, viewport: { width: 1280, height: 900 } });
  await context.addInitScript({ content: WATCH_FOR_RECEIPT });
  try {
    const page = await context.newPage();
    if (EXPRESS) return await expressPurchase(page, storeDatabase);
    await page.goto(`/products/${PRODUCT}`);
    await page.getByRole("spinbutton", { name: "Quantity" }).fill("1");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByRole("form", { name: "Add to cart" }).getByRole("status").filter({ hasText: "Added" }).waitFor();

    await page.goto("/checkout");
    await page.getByRole("region", { name: "Klarna payment details" }).waitFor();
    await page.getByRole("button", { name: "Fill in a test shopper" }).click();
    const pay = page.getByRole("button", { name: "Pay with Klarna" });
    // A trial click waits until the button can be clicked (widget loaded, form valid) without clicking it.
    await pay.click({ trial: true });

    const dialog = page.getByRole("dialog", { name: "Klarna" });
    const payClicked = performance.now();
    await pay.click();
    await dialog.waitFor({ state: "visible" });
    const payToDialogMs = performance.now() - payClicked;

    await dialog.getByRole("button", { name: "Continue" }).click();
    await dialog.getByLabel("Verification code").fill("123456");
    const confirm = dialog.getByRole("button", { name: "Confirm" });
    await confirm.click({ trial: true });
    const receipt = page.getByRole("heading", { level: 1, name: /Your order is confirmed/ });
    const confirmClicked = wallClock();
    await confirm.click();
    await receipt.waitFor({ state: "visible", timeout: 30_000 });
    const receiptShownAt = await page.evaluate(() => (window as ReceiptWindow).receiptShownAt);
    if (receiptShownAt === undefined) throw new Error("The receipt is visible but its first frame was not recorded");
    const klarnaOrderId = new URL(page.url()).searchParams.get("klarna_order_id") ?? "";
    return { payToDialogMs, confirmToReceiptMs: receiptShownAt - confirmClicked, createdBy: creatorOf(storeDatabase, klarnaOrderId) };
  } finally {
    await context.close();
  }
}

/** Klarna's Express button on the product page: one step, the shipping address collected in Klarna's popup. */
async function expressPurchase(page: import("@playwright/test").Page, storeDatabase: string): Promise<Timing> {
  await page.goto(`/products/${PRODUCT}`);
  await page.getByRole("spinbutton", { name: "Quantity" }).fill("1");
  const button = page.getByRole("button", { name: "Express checkout with Klarna" });
  await button.click({ trial: true });
  const dialog = page.getByRole("dialog", { name: "Klarna" });
  const clicked = performance.now();
  await button.click();
  await dialog.waitFor({ state: "visible" });
  const payToDialogMs = performance.now() - clicked;

  await dialog.getByLabel("Email address").fill("customer@email.se");
  await dialog.getByRole("button", { name: "Continue" }).click();
  await dialog.getByRole("heading", { name: "Shipping address" }).waitFor();
  await dialog.getByRole("button", { name: "Continue" }).click();
  await dialog.getByLabel("Verification code").fill("123456");
  const confirm = dialog.getByRole("button", { name: "Confirm" });
  await confirm.click({ trial: true });
  const receipt = page.getByRole("heading", { level: 1, name: /Your order is confirmed/ });
  const confirmClicked = wallClock();
  await confirm.click();
  await receipt.waitFor({ state: "visible", timeout: 30_000 });
  const receiptShownAt = await page.evaluate(() => (window as ReceiptWindow).receiptShownAt);
  if (receiptShownAt === undefined) throw new Error("The receipt is visible but its first frame was not recorded");
  const klarnaOrderId = new URL(page.url()).searchParams.get("klarna_order_id") ?? "";
  return { payToDialogMs, confirmToReceiptMs: receiptShownAt - confirmClicked, createdBy: creatorOf(storeDatabase, klarnaOrderId) };
}

/** The source of the order's "created" event, read from the store's database (WAL allows a reader beside it). */
function creatorOf(storeDatabase: string, klarnaOrderId: string): string {
  const database = new Database(storeDatabase, { readonly: true, fileMustExist: true });
  try {
    const row = database
      .prepare("SELECT source FROM order_events WHERE provider_reference = ? AND outcome = 'created'")
      .get(klarnaOrderId) as { source: string } | undefined;
    return row?.source ?? "unknown";
  } finally {
    database.close();
  }
}

function summary(label: string, values: number[]): string {
  const f = (value: number) => `${value.toFixed(0)} ms`;
  return `${label} p50 ${f(percentile(values, 50))} · p90 ${f(percentile(values, 90))} · min ${f(Math.min(...values))} · max ${f(Math.max(...values))}`;
}

async function main() {
  const servers = await startBenchServers("better-sqlite3", EXPRESS ? { storeEnv: () => ({ KLARNA_EXPRESS_CHECKOUT: "true" }) } : {});
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch(CHROMIUM);
    // The first purchase loads every route's code in the store and the SDK in the browser cache; not counted.
    await purchase(browser, servers.store.url, servers.storeDatabase);
    const timings: Timing[] = [];
    for (let i = 0; i < PURCHASES; i++) {
      const timing = await purchase(browser, servers.store.url, servers.storeDatabase);
      timings.push(timing);
      console.log(
        `purchase ${i + 1}: pay→dialog ${timing.payToDialogMs.toFixed(0)} ms, confirm→receipt ${timing.confirmToReceiptMs.toFixed(0)} ms (created by ${timing.createdBy})`,
      );
    }
    console.log(`\n${PURCHASES} ${EXPRESS ? "Express (product page, one step) " : ""}purchases in Chromium (after one warm-up)`);
    console.log(
      summary(EXPRESS ? "click Express button → Klarna dialog visible:  " : "click Pay with Klarna → Klarna dialog visible:  ", timings.map((timing) => timing.payToDialogMs)),
    );
    console.log(summary("click Confirm → receipt heading visible:       ", timings.map((timing) => timing.confirmToReceiptMs)));
    // Klarna's authorization callback and the browser race to place the order; the loser waits for the winner.
    for (const source of new Set(timings.map((timing) => timing.createdBy))) {
      const mine = timings.filter((timing) => timing.createdBy === source).map((timing) => timing.confirmToReceiptMs);
      console.log(`  created by ${source} (${mine.length}): confirm→receipt p50 ${percentile(mine, 50).toFixed(0)} ms`);
    }
  } finally {
    await browser?.close();
    await servers.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
