import { mkdirSync } from "node:fs";
import Database from "better-sqlite3";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_CRON_SECRET, SIMULATOR_URL, STORE_DB } from "../playwright.config";
import { signIn } from "./support/admin";
import { addToCart, fillShopper, openCheckout, payAndReachReceipt } from "./support/checkout";
import { advanceClock, klarnaOrder } from "./support/simulator";
import { setStock } from "./support/store-db";

// A shopper subscribes to the monthly trail-food box with Klarna Payments; the simulator's clock then moves through
// three periods while the cron route runs twice at once each time: three renewal orders, each acknowledged once.
// Then Klarna refuses the fourth renewal three times (retried after 1 and 3 days) and the subscription is paused.

const SHOTS = "/work/shots-subs";

interface RenewalRun {
  placed: number;
  refused: number;
  paused: number;
}

async function runCron(request: APIRequestContext): Promise<RenewalRun> {
  const response = await request.post("/api/cron/reconcile", { headers: { authorization: `Bearer ${E2E_CRON_SECRET}` } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { subscriptions: RenewalRun }).subscriptions;
}

function storeRows<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(path.resolve(__dirname, "..", STORE_DB), { readonly: true });
  try {
    db.pragma("busy_timeout = 5000");
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("subscribe, three renewals with two schedulers at once, a refused renewal retried then paused, shopper cancels", async ({ page, request }) => {
  test.setTimeout(240_000);
  setStock("trail-food-box-monthly", 50);

  // The product page and the cart show the price per month.
  await page.goto("/products/trail-food-box-monthly");
  await expect(page.locator(".product__price")).toContainText("/ month");
  await expect(page.getByTestId("subscription-terms")).toContainText("every month until you cancel");
  await addToCart(page, "trail-food-box-monthly");
  await page.goto("/cart");
  await expect(page.locator(".cart-line__unit")).toContainText("/ month");

  await openCheckout(page);
  await fillShopper(page);
  const firstOrder = await payAndReachReceipt(page);
  const note = page.getByTestId("subscription-note");
  await expect(note).toContainText("Klarna charges");
  await expect(note).toContainText("every month");
  await shoot(page, "receipt");
  const cancelHref = await note.getByRole("link", { name: "Cancel this subscription" }).getAttribute("href");
  expect(cancelHref).toMatch(/^\/subscriptions\/\d+\/cancel\?sig=/);

  const [subscription] = storeRows<{ id: number; customer_token: string; status: string }>(
    "select s.id, s.customer_token, s.status from subscriptions s join orders o on o.id = s.source_order_id where o.klarna_order_id = ?",
    firstOrder,
  );
  expect(subscription).toMatchObject({ status: "active", customer_token: expect.any(String) });
  const session = await (await request.get(`${SIMULATOR_URL}/_sim/orders/${firstOrder}`)).json();
  expect(session).toMatchObject({ acknowledged: true });

  // Three periods: the cron route twice at once each time, one renewal order per period.
  for (let period = 1; period <= 3; period++) {
    await advanceClock(request, "31d");
    const [a, b] = await Promise.all([runCron(request), runCron(request)]);
    expect(a.placed + b.placed).toBe(1);
  }
  const renewals = storeRows<{ period: number; status: string; klarna_order_id: string; order_number: string }>(
    "select period, status, klarna_order_id, order_number from subscription_renewals where subscription_id = ? order by period",
    subscription!.id,
  );
  expect(renewals.map((renewal) => [renewal.period, renewal.status])).toEqual([
    [1, "placed"],
    [2, "placed"],
    [3, "placed"],
  ]);
  for (const renewal of renewals) {
    expect((await klarnaOrder(request, renewal.klarna_order_id)).acknowledged).toBe(true);
    const acknowledgements = storeRows<{ n: number }>(
      "select count(*) as n from order_events where provider_reference = ? and action = 'acknowledge' and outcome = 'acknowledged'",
      renewal.klarna_order_id,
    );
    expect(acknowledgements[0]!.n).toBe(1);
  }

  // Klarna refuses the fourth renewal: retried after 1 day, then after 3 more, then the subscription is paused.
  const refusals = await request.post(`${SIMULATOR_URL}/_sim/customer-tokens/${subscription!.customer_token}/refusals`, { data: { count: 3 } });
  expect(refusals.ok()).toBe(true);
  await advanceClock(request, "31d");
  expect(await runCron(request)).toMatchObject({ placed: 0, refused: 1 });
  await advanceClock(request, "1d");
  expect(await runCron(request)).toMatchObject({ refused: 1, paused: 0 });
  await advanceClock(request, "3d");
  const [x, y] = await Promise.all([runCron(request), runCron(request)]);
  expect(x.paused + y.paused).toBe(1);

  // The back office says so, lists the three renewals with their orders, and shows the token's status.
  await page.goto("/admin/subscriptions");
  if (new URL(page.url()).pathname === "/admin/sign-in") {
    await signIn(page);
    await page.waitForURL("**/admin/subscriptions");
  }
  await expect(page.getByTestId("subscription-notice")).toContainText("Klarna refused");
  await shoot(page, "admin-subscriptions");
  await page.getByRole("link", { name: "Trail Food Box (monthly)" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Trail Food Box (monthly)");
  await expect(page.getByTestId("token-status")).toContainText("ACTIVE");
  await expect(page.getByTestId("subscription-reason")).toContainText("Klarna refused renewal 4 (3 attempts)");
  for (const renewal of renewals) {
    await expect(page.getByTestId(`renewal-${renewal.period}`).getByRole("link", { name: renewal.order_number })).toBeVisible();
  }
  await expect(page.getByTestId("renewal-4")).toContainText("Refused, paused");
  await expect(page.getByRole("button", { name: "Resume" })).toBeVisible();
  await shoot(page, "admin-subscription");

  // The shopper cancels from the link in the receipt: the token is cancelled at Klarna.
  await page.goto(cancelHref!);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Cancel Trail Food Box (monthly)");
  await shoot(page, "shopper-cancel");
  await page.getByRole("button", { name: "Cancel my subscription" }).click();
  await expect(page.getByRole("status")).toContainText(/cancelled/i);
  const token = await (await request.get(`${SIMULATOR_URL}/_sim/customer-tokens/${subscription!.customer_token}`)).json();
  expect(token).toMatchObject({ status: "CANCELLED" });
  expect(token.order_ids).toHaveLength(3);
});
