import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { emailsOfOrder, configureBackgroundDrain } from "@/lib/email/outbox";
import { LOOKUP_ANSWER, requestOrderLink } from "@/lib/email/lookup";
import { verifyOrderLink } from "@/lib/email/order-link";
import { insertOrderOnce } from "@/lib/orders/order-store";
import { newOrder } from "../../support/new-order";

configureBackgroundDrain({ onWrite: false });
const from = (address: string) => new Headers({ "x-forwarded-for": address });

describe("find my order", () => {
  it("answers a right, a wrong email and an unknown number alike, and mails a signed link only for the right one", async () => {
    const email = `Shopper-${randomUUID()}@Example.com`;
    const { order } = await insertOrderOnce(newOrder({ email }));
    const right = await requestOrderLink({ orderNumber: ` ${order.orderNumber.toLowerCase()} `, email: email.toLowerCase() }, from("10.0.0.1"));
    const wrongEmail = await requestOrderLink({ orderNumber: order.orderNumber, email: "someone@example.com" }, from("10.0.0.1"));
    const unknown = await requestOrderLink({ orderNumber: "ORD-1999-999999", email }, from("10.0.0.1"));
    expect(right).toEqual({ ok: true, message: LOOKUP_ANSWER });
    expect(wrongEmail).toEqual(right);
    expect(unknown).toEqual(right);

    const rows = await emailsOfOrder(order.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "order_link", recipient: email });
    const link = new URL(String(rows[0]!.payload.url));
    expect(link.pathname).toBe("/orders/lookup/open");
    const params = Object.fromEntries(link.searchParams);
    expect(await verifyOrderLink(params)).toEqual({ ok: true, orderNumber: order.orderNumber });
    // Altered, or past its time: refused.
    expect(await verifyOrderLink({ ...params, order: `${order.orderNumber}9` })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyOrderLink({ ...params, sig: params.sig!.slice(1) })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyOrderLink(params, Number(params.expires) + 1)).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses bad input with a clear message and queues nothing", async () => {
    expect(await requestOrderLink({ orderNumber: "", email: "a@example.com" }, from("10.0.0.2"))).toEqual({ ok: false, message: "Enter your order number." });
    expect(await requestOrderLink({ orderNumber: "ORD-1", email: "not an email" }, from("10.0.0.2"))).toMatchObject({ ok: false, message: expect.stringContaining("email address") });
    expect(await requestOrderLink({ orderNumber: null, email: null }, from("10.0.0.2"))).toMatchObject({ ok: false });
  });

  it("limits requests per email address, whether or not the order exists", async () => {
    const email = `limited-${randomUUID()}@example.com`;
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await requestOrderLink({ orderNumber: `ORD-2000-00000${i}`, email }, from(`10.1.0.${i}`)));
    expect(answers.slice(0, 5).every((answer) => answer.ok)).toBe(true);
    expect(answers[5]).toMatchObject({ ok: false, retryAfterSeconds: expect.any(Number) });
    expect(answers[6]!.ok).toBe(false);
  });

  it("limits requests per client address", async () => {
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push(await requestOrderLink({ orderNumber: "ORD-2000-000001", email: `a${i}-${randomUUID()}@example.com` }, from("10.9.9.9")));
    expect(answers.filter((answer) => answer.ok)).toHaveLength(10);
  });
});
