import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatAmount, installmentAmount, messageFor, monthlyPayment } from "../web-sdk/offers";
import { DEMO_CLIENT_ID } from "../web-sdk/web-sdk-routes";
import { startSimulator, type TestSimulator } from "./helpers";

// Intl separates amount and currency with a no-break space; compare as a shopper reads it.
const plain = (text: string | undefined) => text?.replace(/\s/g, " ");

describe("On-site messaging amounts", () => {
  it("splits into equal payments rounded up to the minor unit, never short of the amount", () => {
    expect(installmentAmount(9900, 4)).toBe(2475);
    expect(installmentAmount(109900, 3)).toBe(36634);
    expect(installmentAmount(8500, 3)).toBe(2834);
    for (const amount of [1, 2, 3, 100, 9999, 123457]) {
      expect(installmentAmount(amount, 3) * 3).toBeGreaterThanOrEqual(amount);
      expect(installmentAmount(amount, 3) * 3 - amount).toBeLessThan(3);
    }
  });

  it("computes a monthly financing payment as an annuity", () => {
    // 2 000,00 € over 24 months at 11.95 % a year: 94,1003 € a month by the annuity formula, rounded up to 94,11 €.
    expect(monthlyPayment(200_000, 24, 1195)).toBe(9411);
    expect(monthlyPayment(120_000, 12, 0)).toBe(10_000);
    expect(monthlyPayment(120_000, 12, 1890) * 12).toBeGreaterThan(120_000);
  });

  it("formats money as each locale writes it", () => {
    expect(plain(formatAmount(36634, "SEK", "sv-SE"))).toBe("366,34 kr");
    expect(plain(formatAmount(3332, "EUR", "de-DE"))).toBe("33,32 €");
    expect(formatAmount(2834, "GBP", "en-GB")).toBe("£28.34");
    expect(formatAmount(2475, "USD", "en-US")).toBe("$24.75");
  });
});

describe("On-site messaging text", () => {
  it("speaks the locale's language with its money", () => {
    expect(plain(messageFor("credit-promotion-badge", "sv-SE", 109900)?.text)).toBe(
      "Dela upp i 3 räntefria betalningar på 366,34 kr.",
    );
    expect(plain(messageFor("credit-promotion-badge", "de-DE", 9995)?.text)).toBe(
      "Bezahle in 3 zinsfreien Raten von je 33,32 €.",
    );
    expect(messageFor("credit-promotion-badge", "en-GB", 8500)?.text).toBe("Pay in 3 interest-free payments of £28.34.");
    expect(messageFor("credit-promotion-badge", "en-US", 9900)?.text).toBe("Pay in 4 interest-free payments of $24.75.");
    expect(messageFor("credit-promotion-badge", "de-DE", 9995)?.learnMore).toBe("Mehr erfahren");
  });

  it("mentions Klarna inline in the auto-size placement, which has no logo", () => {
    expect(messageFor("credit-promotion-auto-size", "en-US", 9900)?.text).toBe(
      "Pay in 4 interest-free payments of $24.75 with Klarna.",
    );
  });

  it("names the minimum below it, and moves to financing and then pay later above the instalment maximum", () => {
    const below = messageFor("credit-promotion-badge", "en-US", 3499);
    expect(below?.kind).toBe("below_minimum");
    expect(below?.text).toBe("Pay in 4 interest-free payments on purchases from $35.00.");
    expect(messageFor("credit-promotion-badge", "en-US", 3500)?.kind).toBe("installments");
    expect(messageFor("credit-promotion-badge", "en-US", 100_000)?.kind).toBe("installments");
    const financing = messageFor("credit-promotion-badge", "de-DE", 200_000);
    expect(plain(financing?.text)).toBe("Finanzierung ab 94,11 €/Monat über 24 Monate.");
    expect(messageFor("credit-promotion-badge", "en-GB", 500_001)?.kind).toBe("above_maximum");
  });

  it("renders nothing for a locale outside the simulated markets", () => {
    expect(messageFor("credit-promotion-badge", "fr-FR", 10_000)).toBeUndefined();
  });
});

describe("On-site messaging endpoints", () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startSimulator();
  });
  afterAll(() => t.close());

  const messaging = async (query: Record<string, string>) => {
    const response = await fetch(`${t.url}/messaging/v3?${new URLSearchParams(query).toString()}`);
    return { status: response.status, cors: response.headers.get("access-control-allow-origin"), body: await response.json() };
  };
  const query = { client_id: DEMO_CLIENT_ID, placement_key: "credit-promotion-badge", locale: "en-GB", purchase_amount: "8500" };

  it("answers the documented content nodes for a known client id", async () => {
    const { status, cors, body } = await messaging(query);
    expect(status).toBe(200);
    expect(cors).toBe("*");
    const nodes = (body as { content: { nodes: { name: string; value?: string; label?: string; url?: string }[] } }).content.nodes;
    expect(nodes.find((node) => node.name === "TEXT_MAIN")?.value).toBe("Pay in 3 interest-free payments of £28.34.");
    const learnMore = nodes.find((node) => node.name === "ACTION_LEARN_MORE");
    expect(learnMore?.label).toBe("Learn more");
    const page = await fetch(learnMore?.url ?? "");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("£28.34");
    expect(nodes.find((node) => node.name === "KLARNA_BADGE")?.url).toMatch(/\/klarna\.svg$/);
  });

  it("refuses an unknown client id with 403 and bad input with 400, in Klarna's error shape", async () => {
    const unknown = await messaging({ ...query, client_id: "not-a-client" });
    expect(unknown.status).toBe(403);
    expect(unknown.body).toMatchObject({ error_code: "FORBIDDEN" });
    expect((await messaging({ ...query, purchase_amount: "85.00" })).status).toBe(400);
    expect((await messaging({ ...query, locale: "fr-FR" })).body).toMatchObject({ error_code: "BAD_VALUE" });
    expect((await messaging({ ...query, placement_key: "homepage-promotion-wide" })).status).toBe(400);
    const withoutAmount = Object.fromEntries(Object.entries(query).filter(([name]) => name !== "purchase_amount"));
    expect((await messaging(withoutAmount)).body).toMatchObject({
      error_messages: ["purchase_amount is required for credit promotion placements"],
    });
  });

  it("has a bare test page with Klarna's snippet and both placements", async () => {
    const page = await (await fetch(`${t.url}/_sim/messaging-test?client_id=abc&locale=de-DE&purchase_amount=9995`)).text();
    expect(page).toContain('data-client-id="abc"');
    expect(page).toContain('<klarna-placement data-key="credit-promotion-badge" data-locale="de-DE" data-purchase-amount="9995">');
    expect((await fetch(`${t.url}/_sim/messaging-test?purchase_amount=ten`)).status).toBe(400);
  });

  it("serves the script at Klarna's path", async () => {
    const response = await fetch(`${t.url}/web-sdk/v1/klarna.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/javascript");
    expect(await response.text()).toContain("OnsiteMessaging");
  });
});
