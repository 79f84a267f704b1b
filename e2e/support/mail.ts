import { expect, type APIRequestContext } from "@playwright/test";
import { SIMULATOR_URL } from "../../playwright.config";

// The simulator's mail catcher (simulator/mail): every email the stores send, read back over /_sim/mail.

export interface CaughtMail {
  id: number;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
}

export async function caughtMail(request: APIRequestContext, to?: string): Promise<CaughtMail[]> {
  const response = await request.get(`${SIMULATOR_URL}/_sim/mail${to ? `?to=${encodeURIComponent(to)}` : ""}`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { messages: CaughtMail[] }).messages;
}

/** Mail with exactly this subject. */
export async function mailWithSubject(request: APIRequestContext, subject: string): Promise<CaughtMail[]> {
  return (await caughtMail(request)).filter((mail) => mail.subject === subject);
}

/** Waits until the catcher holds one email with this subject (the store sends in the background) and returns it. */
export async function expectOneMail(request: APIRequestContext, subject: string, timeout = 15_000): Promise<CaughtMail> {
  await expect.poll(async () => (await mailWithSubject(request, subject)).length, { timeout, message: `one email "${subject}"` }).toBe(1);
  return (await mailWithSubject(request, subject))[0]!;
}

/** The order's confirmation email: arrives once, to the shopper, with the order number and total. */
export async function expectConfirmation(request: APIRequestContext, orderNumber: string, to = "customer@email.se"): Promise<CaughtMail> {
  const mail = await expectOneMail(request, `Order ${orderNumber} confirmed`);
  expect(mail.to).toEqual([to]);
  expect(mail.text).toContain(`Order number: ${orderNumber}`);
  expect(mail.text).toMatch(/Total: .+\d/);
  expect(mail.html).toContain("View your order");
  return mail;
}

export async function setMailServerDown(request: APIRequestContext, down: boolean): Promise<void> {
  expect((await request.post(`${SIMULATOR_URL}/_sim/mail/down`, { data: { down } })).ok()).toBe(true);
}
