import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db";
import { emailOutbox } from "@/db/schema";
import {
  backoffMs,
  configureBackgroundDrain,
  drainOutbox,
  drainSettled,
  emailsOfOrder,
  MAX_ATTEMPTS,
  resendEmail,
} from "@/lib/email/outbox";
import type { OutgoingEmail } from "@/lib/email/transport";
import { appendOrderEvent, insertOrderOnce } from "@/lib/orders/order-store";
import { newOrder } from "../../support/new-order";

// A fake mail server: records what it is given, or refuses while down.
const inbox: OutgoingEmail[] = [];
let smtpDown = false;
const send = async (email: OutgoingEmail) => {
  if (smtpDown) throw new Error("421 Mail service unavailable");
  inbox.push(email);
};
configureBackgroundDrain({ send, onWrite: false });

beforeEach(() => {
  inbox.length = 0;
  smtpDown = false;
});

async function placedOrder(email: string | null = `shopper-${randomUUID()}@example.com`) {
  const { order } = await insertOrderOnce(
    newOrder({
      klarnaOrderId: randomUUID(),
      email,
      billingAddress: { given_name: "Alice", family_name: "Svensson", street_address: "Storgatan 1", postal_code: "111 22", city: "Stockholm", country: "SE" },
      paymentMethod: "Pay later in 30 days",
    }),
  );
  return order;
}

const event = (reference: string, action: string, outcome: string, extra: Record<string, unknown> = {}) =>
  appendOrderEvent({ providerReference: reference, provider: "klarna-payments", source: "push", action, outcome, latencyMs: 1, ...extra });
// The back office logs its changes under the Klarna order id, with no provider (lib/admin/order-management.ts).
const adminEvent = (providerReference: string, action: string, outcome: string, extra: Record<string, unknown> = {}) =>
  appendOrderEvent({ providerReference, source: "admin", action, outcome, latencyMs: 1, ...extra });

describe("the email outbox", () => {
  it("mails one confirmation for an acknowledgement seen many times (pushes, reconcile), in the market's money", async () => {
    const order = await placedOrder();
    await Promise.all(Array.from({ length: 5 }, () => event(order.providerReference, "acknowledge", "acknowledged")));
    // An event that calls for no email adds nothing.
    await event(order.providerReference, "finalize", "existing");
    expect(await emailsOfOrder(order.id)).toHaveLength(1);

    expect(await drainOutbox({ send })).toEqual({ sent: 1, failed: 0, retrying: 0 });
    expect(await drainOutbox({ send })).toEqual({ sent: 0, failed: 0, retrying: 0 });
    expect(inbox).toHaveLength(1);
    const [mail] = inbox;
    expect(mail!.to).toBe(order.email);
    expect(mail!.subject).toBe(`Order ${order.orderNumber} confirmed`);
    expect(mail!.text).toContain("2 × Hiking wool socks");
    expect(mail!.text).toMatch(/Total: 398,00\s?kr/);
    expect(mail!.text).toContain("Payment: Pay later in 30 days");
    expect(mail!.text).toContain("Storgatan 1");
    expect(mail!.html).toContain(`/orders/${order.accessToken}`);
    const [row] = await emailsOfOrder(order.id);
    expect(row).toMatchObject({ status: "sent", attempts: 1, kind: "confirmation" });
  });

  it("mails one shipping notice with the carrier and tracking link for a capture logged twice", async () => {
    const order = await placedOrder();
    const shippingInfo = { shipping_company: "PostNord", tracking_number: "PN123SE", tracking_uri: "https://tracking.example/PN123SE" };
    const capture = { detail: "Captured 398,00 kr: all lines (capture cap-1) · by m@example.com [key:k1]", shippingInfo };
    await Promise.all([adminEvent(order.klarnaOrderId!, "capture", "ok", capture), adminEvent(order.klarnaOrderId!, "capture", "ok", capture)]);
    // A repeated submit of the same form is logged as "repeat": no second email either.
    await adminEvent(order.klarnaOrderId!, "capture", "repeat", capture);
    await drainOutbox({ send });
    expect(inbox.map((mail) => mail.subject)).toEqual([`Order ${order.orderNumber} has shipped`]);
    expect(inbox[0]!.html).toContain('href="https://tracking.example/PN123SE"');
    expect(inbox[0]!.text).toContain("Carrier: PostNord");
    expect(inbox[0]!.text).toContain("Tracking: PN123SE (https://tracking.example/PN123SE)");

    // A second capture (another id) is another shipment, and another email.
    await adminEvent(order.klarnaOrderId!, "capture", "ok", { ...capture, detail: "Captured (capture cap-2) [key:k2]" });
    await drainOutbox({ send });
    expect(inbox).toHaveLength(2);
  });

  it("keeps mail while the SMTP server is down, retries with backoff and loses none", async () => {
    const order = await placedOrder();
    await event(order.providerReference, "acknowledge", "acknowledged");
    await event(order.providerReference, "cancel", "cancelled", { detail: "Out of stock" });
    smtpDown = true;
    const now = Date.now();
    expect(await drainOutbox({ send, now })).toEqual({ sent: 0, failed: 0, retrying: 2 });
    const rows = await emailsOfOrder(order.id);
    expect(rows.every((row) => row.status === "pending" && row.attempts === 1 && row.nextAttemptAt === now + backoffMs(1))).toBe(true);
    expect(rows[0]!.lastError).toContain("421");

    smtpDown = false;
    // Not due yet: nothing is sent before the backoff has passed.
    expect((await drainOutbox({ send, now: now + 1_000 })).sent).toBe(0);
    expect((await drainOutbox({ send, now: now + backoffMs(1) })).sent).toBe(2);
    expect(inbox.map((mail) => mail.subject).sort()).toEqual([`Order ${order.orderNumber} cancelled`, `Order ${order.orderNumber} confirmed`]);
  });

  it("gives up after MAX_ATTEMPTS with the row marked failed; a resend sends it again", async () => {
    const order = await placedOrder();
    await event(order.providerReference, "acknowledge", "acknowledged");
    const [row] = await emailsOfOrder(order.id);
    await db().update(emailOutbox).set({ attempts: MAX_ATTEMPTS - 1 }).where(eq(emailOutbox.id, row!.id));
    smtpDown = true;
    expect(await drainOutbox({ send })).toMatchObject({ failed: 1 });
    smtpDown = false;
    expect((await emailsOfOrder(order.id))[0]).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });

    // A resend of an email never sent retries that one (the shopper still gets it once)…
    const retried = await resendEmail(row!.id);
    expect(retried).toMatchObject({ id: row!.id, resendOf: null, status: "pending", attempts: 0 });
    expect((await drainOutbox({ send })).sent).toBe(1);
    // …and of a sent one sends a copy.
    const copy = await resendEmail(row!.id);
    expect(copy).toMatchObject({ resendOf: row!.id, status: "pending", kind: "confirmation" });
    expect(copy!.id).not.toBe(row!.id);
    expect((await drainOutbox({ send })).sent).toBe(1);
    expect(inbox.map((mail) => mail.subject)).toEqual([`Order ${order.orderNumber} confirmed`, `Order ${order.orderNumber} confirmed`]);
    expect(await emailsOfOrder(order.id)).toHaveLength(2);
    expect(await resendEmail(987_654)).toBeNull();
  });

  it("mails nothing for an order without an email address, and never fails the event for it", async () => {
    const order = await placedOrder(null);
    await event(order.providerReference, "acknowledge", "acknowledged");
    expect(await emailsOfOrder(order.id)).toEqual([]);
  });

  it("sends in the background after the write, when a write kicks the drain", async () => {
    configureBackgroundDrain({ onWrite: true });
    try {
      const order = await placedOrder();
      await event(order.providerReference, "acknowledge", "acknowledged");
      await drainSettled();
      expect(inbox.map((mail) => mail.to)).toEqual([order.email]);
    } finally {
      configureBackgroundDrain({ onWrite: false });
    }
  });
});
