import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { markWebhookApplied, pendingWebhooksFor, recordWebhookOnce, type NewWebhookEvent } from "@/lib/orders/webhook-store";

function event(overrides: Partial<NewWebhookEvent> = {}): NewWebhookEvent {
  return {
    provider: "checkout-com",
    eventId: `evt_${randomUUID()}`,
    eventType: "payment_captured",
    subjectReference: `pay_${randomUUID()}`,
    occurredAt: "2026-12-01T12:00:00.000Z",
    body: { type: "payment_captured", data: { amount: 39_800 } },
    ...overrides,
  };
}

describe("recordWebhookOnce", () => {
  it("records an event once however many deliveries race, and keeps the first body", async () => {
    const first = event();
    const deliveries = await Promise.all(
      Array.from({ length: 8 }, (_, index) => recordWebhookOnce({ ...first, body: { delivery: index } })),
    );
    expect(deliveries.filter((delivery) => delivery.firstTime)).toHaveLength(1);
    expect(new Set(deliveries.map((delivery) => delivery.event.id)).size).toBe(1);
    const recorded = deliveries.find((delivery) => delivery.firstTime)!.event;
    expect(deliveries.every((delivery) => JSON.stringify(delivery.event.body) === JSON.stringify(recorded.body))).toBe(true);
    expect(recorded).toMatchObject({ provider: "checkout-com", eventType: "payment_captured", appliedAt: null });
    expect(recorded.receivedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("treats the same event id from two providers as two events", async () => {
    const eventId = `evt_${randomUUID()}`;
    expect((await recordWebhookOnce(event({ eventId, provider: "checkout-com" }))).firstTime).toBe(true);
    expect((await recordWebhookOnce(event({ eventId, provider: "klarna-network" }))).firstTime).toBe(true);
  });
});

describe("pending webhooks", () => {
  it("are a subject's unapplied events, oldest first, each applied once", async () => {
    const subjectReference = `pay_${randomUUID()}`;
    const later = await recordWebhookOnce(event({ subjectReference, occurredAt: "2026-12-01T12:00:05.000Z", eventType: "payment_captured" }));
    const earlier = await recordWebhookOnce(event({ subjectReference, occurredAt: "2026-12-01T12:00:01.000Z", eventType: "payment_approved" }));
    await recordWebhookOnce(event({ occurredAt: "2026-12-01T12:00:00.000Z" }));
    expect((await pendingWebhooksFor("checkout-com", subjectReference)).map((pending) => pending.eventType)).toEqual([
      "payment_approved",
      "payment_captured",
    ]);
    expect(await pendingWebhooksFor("klarna-network", subjectReference)).toEqual([]);

    const applied = await Promise.all([markWebhookApplied(earlier.event.id), markWebhookApplied(earlier.event.id)]);
    expect(applied.filter(Boolean)).toHaveLength(1);
    expect((await pendingWebhooksFor("checkout-com", subjectReference)).map((pending) => pending.id)).toEqual([later.event.id]);
  });
});
