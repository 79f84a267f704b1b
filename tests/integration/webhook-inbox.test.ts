import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { orderNumbers, webhookEvents } from "@/db/schema";
import { writeTogether } from "@/db/batch";
import {
  markAppliedWrite,
  receiveWebhook,
  recordWebhook,
  type AppliedWith,
  type ParsedWebhook,
  type WebhookApplied,
  type WebhookModule,
} from "@/lib/payments/webhook-inbox";

// The one inbox's record, apply and mark on the store's database (both drivers): the exactly-once parts that the
// round-trip cuts changed (one upsert records and answers a redelivery; an effect's writes go with the mark).

const PROVIDER = "checkout-com" as const;

function parsed(subjectReference = `pay_${randomUUID()}`): ParsedWebhook {
  return { eventId: `evt_${randomUUID()}`, eventType: "payment_captured", subjectReference, occurredAt: new Date().toISOString(), body: { test: true } };
}

/** A module whose `apply` answers what the test says, writing an order-number row as its effect. */
function moduleAnswering(answer: () => Promise<WebhookApplied | AppliedWith>): WebhookModule & { applied: number } {
  const fake = {
    provider: PROVIDER,
    applied: 0,
    verify: () => null,
    parse: (raw: string) => JSON.parse(raw) as ParsedWebhook,
    apply: async () => {
      fake.applied += 1;
      return answer();
    },
  };
  return fake;
}

const effect = (key: string) => db().insert(orderNumbers).values({ key }).onConflictDoNothing();
const effectStored = async (key: string) => (await db().select().from(orderNumbers).where(eq(orderNumbers.key, key))).length === 1;
const row = async (eventId: string) =>
  (await db().select().from(webhookEvents).where(and(eq(webhookEvents.provider, PROVIDER), eq(webhookEvents.eventId, eventId))))[0];

describe("the webhook inbox", () => {
  it("records an event once however many deliveries race, and every delivery gets the one row", async () => {
    const event = parsed();
    const answers = await Promise.all(Array.from({ length: 8 }, () => recordWebhook({ provider: PROVIDER, ...event })));
    expect(new Set(answers.map((answer) => answer.event.id)).size).toBe(1);
    expect(answers.every((answer) => answer.event.appliedAt === null)).toBe(true);
    const rows = await db().select().from(webhookEvents).where(eq(webhookEvents.eventId, event.eventId));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.body).toEqual({ test: true });
  });

  it("reads the module's lookup in the same call as the record", async () => {
    const event = parsed();
    const key = `lookup-${randomUUID()}`;
    await db().insert(orderNumbers).values({ key });
    const query = () => db().select({ key: orderNumbers.key }).from(orderNumbers).where(eq(orderNumbers.key, key));
    const { known } = await recordWebhook({ provider: PROVIDER, ...event }, { query, prepared: () => query().all() as { key: string }[] });
    expect(known).toEqual([{ key }]);
  });

  it("writes an applied event's effect with its mark; a redelivery then answers duplicate without applying", async () => {
    const event = parsed();
    const key = `effect-${randomUUID()}`;
    const fake = moduleAnswering(async () => ({ outcome: "applied", writes: [effect(key)] }));
    expect(await receiveWebhook(fake, JSON.stringify(event), new Headers())).toEqual({ status: 200, outcome: "applied" });
    expect(await effectStored(key)).toBe(true);
    expect((await row(event.eventId))!.appliedAt).not.toBeNull();
    expect(await receiveWebhook(fake, JSON.stringify(event), new Headers())).toEqual({ status: 200, outcome: "duplicate" });
    expect(fake.applied).toBe(1);
  });

  it("keeps a kept event unapplied (its writes stored) and applies it again on redelivery", async () => {
    const event = parsed();
    let answer: WebhookApplied = "kept";
    const key = `kept-${randomUUID()}`;
    const fake = moduleAnswering(async () => ({ outcome: answer, writes: [effect(key)] }));
    expect(await receiveWebhook(fake, JSON.stringify(event), new Headers())).toEqual({ status: 200, outcome: "kept" });
    expect(await effectStored(key)).toBe(true);
    expect((await row(event.eventId))!.appliedAt).toBeNull();
    answer = "applied";
    expect(await receiveWebhook(fake, JSON.stringify(event), new Headers())).toEqual({ status: 200, outcome: "applied" });
    expect((await row(event.eventId))!.appliedAt).not.toBeNull();
    expect(fake.applied).toBe(2);
  });

  it("leaves an event whose apply failed recorded, unapplied and without its effect, and applies it on redelivery", async () => {
    const event = parsed();
    let fail = true;
    const fake = moduleAnswering(async () => {
      if (fail) throw new Error("the vendor could not be reached");
      return "applied";
    });
    await expect(receiveWebhook(fake, JSON.stringify(event), new Headers())).rejects.toThrow("could not be reached");
    expect((await row(event.eventId))!.appliedAt).toBeNull();
    fail = false;
    expect(await receiveWebhook(fake, JSON.stringify(event), new Headers())).toEqual({ status: 200, outcome: "applied" });
  });

  it("marks a subject's events through a row id, and leaves those recorded after it for their own delivery", async () => {
    const subject = `pay_${randomUUID()}`;
    const [first, second, third] = [parsed(subject), parsed(subject), parsed(subject)];
    await recordWebhook({ provider: PROVIDER, ...first! });
    const { event: through } = await recordWebhook({ provider: PROVIDER, ...second! });
    await recordWebhook({ provider: PROVIDER, ...third! });
    await writeTogether([markAppliedWrite(PROVIDER, { subjectReference: subject, throughId: through.id })]);
    const rows = await db()
      .select({ eventId: webhookEvents.eventId, appliedAt: webhookEvents.appliedAt })
      .from(webhookEvents)
      .where(inArray(webhookEvents.eventId, [first!.eventId, second!.eventId, third!.eventId]));
    const applied = Object.fromEntries(rows.map((one) => [one.eventId, one.appliedAt !== null]));
    expect(applied).toEqual({ [first!.eventId]: true, [second!.eventId]: true, [third!.eventId]: false });
  });

  it("writes a batch all or nothing", async () => {
    const key = `atomic-${randomUUID()}`;
    const taken = `taken-${randomUUID()}`;
    await db().insert(orderNumbers).values({ key: taken });
    // The second statement breaks the unique key: the first is not kept either.
    await expect(writeTogether([effect(key), db().insert(orderNumbers).values({ key: taken })])).rejects.toThrow();
    expect(await effectStored(key)).toBe(false);
  });
});
