import path from "node:path";
import Database from "better-sqlite3";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { STORE_DB } from "../playwright.config";
import { form, openOrder, pick } from "./support/admin";
import { addToCart, cartIdOf, fillShopper, openCheckout, payAndReachReceipt } from "./support/checkout";
import { caughtMail, expectConfirmation, expectOneMail, mailWithSubject, setMailServerDown } from "./support/mail";
import { sek } from "./support/money";
import { clearFaults, setAcknowledgeFault } from "./support/simulator";
import { setStock } from "./support/store-db";

// Shopper emails end to end (lib/email, simulator/mail): one email per event however often the event is seen, a
// mail server outage that delays mail but loses none, and "find my order". Runs on the Klarna Payments store.

/** A folder to write screenshots of the back office's email panel and the lookup page to, when set. */
const SHOTS = process.env.EMAIL_SCREENSHOTS;

const MUG = { slug: "titanium-mug-450", name: "Titanium Mug 450 ml", price: 34_900 };

test.beforeEach(async ({ request }) => {
  await clearFaults(request);
  await setMailServerDown(request, false);
});
test.afterEach(async ({ request }) => {
  await clearFaults(request);
  await setMailServerDown(request, false);
});

/** The push URL Klarna was given for this cart's checkout (lib/checkout/merchant-urls.ts), with its callback token. */
function pushUrl(baseURL: string, cartId: string, klarnaOrderId: string): string {
  const db = new Database(path.resolve(__dirname, "..", STORE_DB), { readonly: true });
  try {
    const row = db.prepare("select callback_token from checkout_sessions where cart_id = ? order by created_at desc").get(cartId) as { callback_token: string };
    return `${baseURL}/api/klarna/push?klarna_order_id=${encodeURIComponent(klarnaOrderId)}&token=${encodeURIComponent(row.callback_token)}`;
  } finally {
    db.close();
  }
}

/** A storm of Klarna's pushes for one order, all at once, as the harness sends them. */
async function pushStorm(request: APIRequestContext, url: string, count = 12): Promise<void> {
  const answers = await Promise.all(Array.from({ length: count }, () => request.post(url)));
  for (const answer of answers) expect(answer.status()).toBeLessThan(500);
}

async function buyMugs(page: Page): Promise<{ klarnaOrderId: string; orderNumber: string }> {
  setStock(MUG.slug, 50);
  await addToCart(page, MUG.slug, 2);
  await openCheckout(page);
  await fillShopper(page);
  const klarnaOrderId = await payAndReachReceipt(page);
  return { klarnaOrderId, orderNumber: await page.getByTestId("order-number").innerText() };
}

test("a push storm before and after a capture with tracking: one confirmation, one shipping notice with the link", async ({ page, context, request, baseURL }) => {
  // Klarna's acknowledgement fails at first, so the pushes are what settle the order.
  await setAcknowledgeFault(request, true);
  const { klarnaOrderId, orderNumber } = await buyMugs(page);
  const url = pushUrl(baseURL!, await cartIdOf(context), klarnaOrderId);
  await setAcknowledgeFault(request, false);
  await pushStorm(request, url);
  await pushStorm(request, url);
  const confirmation = await expectConfirmation(request, orderNumber);
  expect(confirmation.text).toContain(`2 × ${MUG.name}`);

  await openOrder(page, orderNumber);
  await pick(page, "Capture", { [MUG.name]: 2 });
  const capture = form(page, "Capture");
  await capture.getByLabel("Shipping company", { exact: true }).fill("PostNord SE");
  await capture.getByLabel("Tracking number", { exact: true }).fill("PN-MAIL-0001");
  await capture.getByLabel("Tracking link", { exact: true }).fill("https://tracking.postnord.example/PN-MAIL-0001");
  await capture.getByRole("button", { name: `Capture ${sek(2 * MUG.price)}` }).click();
  await expect(page.getByRole("region", { name: "Capture", exact: true }).locator(".action-result")).toContainText(`Captured ${sek(2 * MUG.price)}`);
  await pushStorm(request, url);

  const shipping = await expectOneMail(request, `Order ${orderNumber} has shipped`);
  expect(shipping.text).toContain("Carrier: PostNord SE");
  expect(shipping.text).toContain("Tracking: PN-MAIL-0001 (https://tracking.postnord.example/PN-MAIL-0001)");
  expect(shipping.html).toContain('href="https://tracking.postnord.example/PN-MAIL-0001"');
  // Give any straggler a moment: still one of each.
  await page.waitForTimeout(1_000);
  expect(await mailWithSubject(request, `Order ${orderNumber} confirmed`)).toHaveLength(1);
  expect(await mailWithSubject(request, `Order ${orderNumber} has shipped`)).toHaveLength(1);

  // The back office lists both as sent, and resends one on request.
  await page.reload();
  const emails = page.getByRole("region", { name: "Emails to the shopper" });
  await expect(emails.getByTestId("order-email")).toHaveCount(2);
  await expect(emails.getByText("Sent", { exact: true })).toHaveCount(2);
  await emails.getByRole("button", { name: /^Resend Shipping notice/ }).click();
  await expect(emails.getByRole("status")).toContainText("Queued again for customer@email.se");
  await expect.poll(async () => (await mailWithSubject(request, `Order ${orderNumber} has shipped`)).length).toBe(2);
  if (SHOTS) await emails.screenshot({ path: path.join(SHOTS, "admin-emails-panel.png") });
});

test("with the mail server down the order goes through, its email waits and is sent once the server is back", async ({ page, request }) => {
  await setMailServerDown(request, true);
  const { orderNumber } = await buyMugs(page);
  // The receipt did not wait for mail; the email is queued and retrying.
  await openOrder(page, orderNumber);
  const emails = page.getByRole("region", { name: "Emails to the shopper" });
  await expect.poll(async () => { await page.reload(); return emails.getByText(/^Retrying/).count(); }, { timeout: 15_000 }).toBe(1);
  await expect(emails.getByText(/421/)).toBeVisible();
  expect(await mailWithSubject(request, `Order ${orderNumber} confirmed`)).toHaveLength(0);

  await setMailServerDown(request, false);
  // "Resend" retries the waiting email now, as the next scheduled drain would: it arrives, once; nothing is lost.
  await emails.getByRole("button", { name: /^Resend Order confirmation/ }).click();
  await expectOneMail(request, `Order ${orderNumber} confirmed`);
  await page.reload();
  await expect(emails.getByTestId("order-email")).toHaveCount(1);
  await expect(emails.getByText("Sent after 2 attempts")).toBeVisible();
});

test("find my order answers a wrong email and an unknown number as it answers the right one; the mailed link opens the order", async ({ page, request }) => {
  const { orderNumber } = await buyMugs(page);
  await expectConfirmation(request, orderNumber);
  const before = (await caughtMail(request)).length;

  const ask = async (number: string, email: string) => {
    await page.goto("/orders/lookup");
    await page.getByLabel("Order number").fill(number);
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Email me a link" }).click();
    return (await page.getByTestId("lookup-answer").textContent())?.trim();
  };
  const right = await ask(orderNumber, "Customer@Email.se");
  const wrongEmail = await ask(orderNumber, "someone-else@example.com");
  const unknown = await ask("ORD-1999-999999", "customer@email.se");
  expect(right).toMatch(/^If the order number and email match an order/);
  expect(wrongEmail).toBe(right);
  expect(unknown).toBe(right);
  if (SHOTS) {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, "lookup-390.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });
  }

  const link = await expectOneMail(request, `Your link to order ${orderNumber}`);
  expect(link.to).toEqual(["customer@email.se"]);
  // Only the right pair mailed anything.
  await page.waitForTimeout(500);
  expect((await caughtMail(request)).length).toBe(before + 1);
  const url = link.text.match(/Open your order: (\S+)/)![1]!;
  await page.goto(url);
  await expect(page).toHaveURL(/\/orders\/[A-Za-z0-9_-]{20,}$/);
  await expect(page.getByRole("heading", { level: 1, name: `Order ${orderNumber}` })).toBeVisible();

  // An altered link is refused and sends the shopper back to ask again.
  await page.goto(url.replace(/sig=[^&]+/, "sig=forged"));
  await expect(page).toHaveURL(/\/orders\/lookup\?link=invalid$/);
  await expect(page.getByRole("alert").filter({ hasText: "That link is not valid" })).toBeVisible();
});
