import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator } from "../create-simulator";
import { startMailCatcher } from "../mail/catcher";

// A real SMTP round trip: nodemailer (what the store sends with) to the catcher, read back over /_sim/mail.
describe("the mail catcher", () => {
  let smtp: Awaited<ReturnType<typeof startMailCatcher>>;
  let simulator: ReturnType<typeof createSimulator>;
  let base: string;

  beforeAll(async () => {
    smtp = await startMailCatcher(0, () => {});
    simulator = createSimulator({ dbPath: ":memory:", clock: "manual", log: () => undefined });
    base = (await simulator.listen(0)).url;
  });
  afterAll(async () => {
    await smtp.close();
    await simulator.close();
  });

  const transport = () => nodemailer.createTransport(`smtp://user:pass@localhost:${smtp.port}`, { connectionTimeout: 2_000 });

  it("catches a message with its HTML and text, lists it per recipient, and shows it", async () => {
    await fetch(`${base}/_sim/mail`, { method: "DELETE" });
    await transport().sendMail({ from: "shop@example.com", to: "ada@example.com", subject: "Order 1001 confirmed", text: "Total: 12,50 €", html: "<p>Total: 12,50 €</p>" });
    const all = (await (await fetch(`${base}/_sim/mail`)).json()) as { messages: { id: number; to: string[]; subject: string; text: string }[] };
    expect(all.messages).toHaveLength(1);
    expect(all.messages[0]).toMatchObject({ to: ["ada@example.com"], subject: "Order 1001 confirmed" });
    expect(all.messages[0]!.text.trim()).toBe("Total: 12,50 €");
    const none = (await (await fetch(`${base}/_sim/mail?to=bob@example.com`)).json()) as { messages: unknown[] };
    expect(none.messages).toEqual([]);
    const page = await fetch(`${base}/_sim/mail/${all.messages[0]!.id}`);
    expect(await page.text()).toContain("<p>Total: 12,50 €</p>");
    expect(await (await fetch(`${base}/`)).text()).toContain("Order 1001 confirmed");
  });

  it("refuses mail while down (421) and takes it again once up", async () => {
    expect((await fetch(`${base}/_sim/mail/down`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } })).status).toBe(400);
    await fetch(`${base}/_sim/mail/down`, { method: "POST", body: JSON.stringify({ down: true }), headers: { "content-type": "application/json" } });
    await expect(transport().sendMail({ from: "shop@example.com", to: "ada@example.com", subject: "x", text: "x" })).rejects.toThrow(/421|unavailable/i);
    await fetch(`${base}/_sim/mail/down`, { method: "POST", body: JSON.stringify({ down: false }), headers: { "content-type": "application/json" } });
    await transport().sendMail({ from: "shop@example.com", to: "ada@example.com", subject: "after", text: "x" });
    const all = (await (await fetch(`${base}/_sim/mail?to=ada@example.com`)).json()) as { messages: { subject: string }[] };
    expect(all.messages[0]!.subject).toBe("after");
  });
});
