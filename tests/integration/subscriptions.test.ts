import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { orders, products, subscriptionRenewals, subscriptions } from "@/db/schema";
import { placeOrder } from "@/lib/payments/klarna-payments/place-order";
import { finalize } from "@/lib/orders/finalize";
import { cancelSubscription, chargeNow, resumeSubscription } from "@/lib/subscriptions/manage";
import { runDueRenewals } from "@/lib/subscriptions/renewals";
import { claimPeriod, findSubscription, findSubscriptionBySourceOrder, type Subscription } from "@/lib/subscriptions/store";
import { SE_SHOPPER } from "../lib/validation/support";
import { cartWith, openSession } from "./support/klarna-orders";
import { simulatedKlarnaForFile } from "./support/simulated-klarna";

// Subscriptions with Klarna customer tokens against the simulator: the session's intent and subscription object
// (reference/klarna/payments-v1.openapi.json), the token made once after the first order, and renewals charged once
// per period (reference/klarna/customer-token-v1.openapi.yml) on the simulator's virtual clock.
const klarnaForFile = simulatedKlarnaForFile("subscriptions");

beforeAll(() => {
  // Renewals follow Klarna's virtual clock (lib/subscriptions/clock.ts); env() is read on first use, after this.
  process.env.SUBSCRIPTION_CLOCK_URL = `${klarnaForFile().simulator.url}/_sim/clock`;
});

const FOOD_BOX = { slug: "trail-food-box-monthly", quantity: 1 };
const SOCKS = { slug: "hiking-wool-socks", quantity: 1 };
const ADDRESSES = { billing_address: SE_SHOPPER, shipping_address: SE_SHOPPER };

async function simJson<T>(path: string, init?: { method: string; body: unknown }): Promise<T> {
  const response = await fetch(`${klarnaForFile().simulator.url}${path}`, {
    method: init?.method ?? "GET",
    headers: { "Content-Type": "application/json" },
    body: init ? JSON.stringify(init.body) : undefined,
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function subscribe(lines = [FOOD_BOX, SOCKS]): Promise<{ subscription: Subscription; klarnaSessionId: string; orderId: number; klarnaOrderId: string }> {
  const session = await openSession(await cartWith(lines));
  const token = await klarnaForFile().sim.authorize(session.klarnaSessionId);
  const placed = await placeOrder(session.id, token, "place_order", ADDRESSES);
  if (placed.status !== "placed") throw new Error(`not placed: ${JSON.stringify(placed)}`);
  const [order] = await db().select().from(orders).where(eq(orders.klarnaOrderId, placed.providerReference));
  const subscription = await findSubscriptionBySourceOrder(order!.id);
  if (!subscription) throw new Error("no subscription after the first order");
  return { subscription, klarnaSessionId: session.klarnaSessionId, orderId: order!.id, klarnaOrderId: placed.providerReference };
}

async function renewalOrdersOf(subscriptionId: number) {
  return db()
    .select({ renewal: subscriptionRenewals, order: orders })
    .from(subscriptionRenewals)
    .leftJoin(orders, eq(orders.klarnaOrderId, subscriptionRenewals.klarnaOrderId))
    .where(eq(subscriptionRenewals.subscriptionId, subscriptionId))
    .orderBy(subscriptionRenewals.period);
}

async function stockOf(slug: string): Promise<number> {
  const [row] = await db().select({ stock: products.stock }).from(products).where(eq(products.slug, slug));
  return row!.stock;
}

describe("subscribing", () => {
  it("opens a buy_and_tokenize session whose subscription line carries Klarna's subscription object; a plain cart stays buy", async () => {
    const plain = await openSession(await cartWith([SOCKS]));
    expect((await simJson<{ intent: string }>(`/_sim/sessions/${plain.klarnaSessionId}`)).intent).toBe("buy");

    const session = await openSession(await cartWith([FOOD_BOX, SOCKS]));
    const read = await simJson<{ intent: string; order_lines: { reference: string; subscription?: unknown }[] }>(`/_sim/sessions/${session.klarnaSessionId}`);
    expect(read.intent).toBe("buy_and_tokenize");
    expect(read.order_lines.find((line) => line.reference === "TS-SUB-FOOD-M")?.subscription).toEqual({
      name: "Trail Food Box (monthly)",
      interval: "MONTH",
      interval_count: 1,
    });
    const lines = session.order.order_lines;
    expect(lines.find((line) => line.reference === "TS-SUB-FOOD-M")?.subscription).toEqual({
      name: "Trail Food Box (monthly)",
      interval: "MONTH",
      interval_count: 1,
    });
    expect(lines.filter((line) => line.subscription)).toHaveLength(1);
  });

  it("makes one customer token and one subscription after the first order, however often it is finalized", async () => {
    const { subscription, orderId, klarnaOrderId } = await subscribe();
    expect(subscription).toMatchObject({ status: "active", interval: "MONTH", intervalCount: 1, currency: "SEK", nextPeriod: 1, tokenStatus: "ACTIVE" });
    expect(subscription.customerToken).toEqual(expect.any(String));
    // Only the subscription's line (and shipping) is renewed, not the socks of the first order.
    expect(subscription.lines.map((line) => line.reference)).toEqual(["TS-SUB-FOOD-M", "shipping"]);
    expect(subscription.lines[0]!.subscription).toEqual({ name: "Trail Food Box (monthly)", interval: "MONTH", interval_count: 1 });

    await Promise.all([
      finalize({ provider: "klarna-payments", reference: klarnaOrderId }, "push"),
      finalize({ provider: "klarna-payments", reference: klarnaOrderId }, "reconcile"),
      finalize({ provider: "klarna-payments", reference: klarnaOrderId }, "notification"),
    ]);
    const rows = await db().select().from(subscriptions).where(eq(subscriptions.sourceOrderId, orderId));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.customerToken).toBe(subscription.customerToken);
    const tokens = await simJson<{ tokens: { token_id: string }[] }>("/_sim/customer-tokens");
    expect(tokens.tokens.filter((token) => token.token_id === subscription.customerToken)).toHaveLength(1);
  });
});

describe("the exactly-once claim on a period", () => {
  it("lets one of many concurrent claimers have a period, and none a second time", async () => {
    const { subscription } = await subscribe([FOOD_BOX]);
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        claimPeriod({ subscriptionId: subscription.id, period: 99, orderNumber: `X-${index}`, idempotencyKey: `k-${index}`, trigger: "schedule", now: Date.now() }),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    const again = await claimPeriod({ subscriptionId: subscription.id, period: 99, orderNumber: "late", idempotencyKey: "late", trigger: "manual", now: Date.now() });
    expect(again).toBeNull();
    const rows = await db()
      .select()
      .from(subscriptionRenewals)
      .where(and(eq(subscriptionRenewals.subscriptionId, subscription.id), eq(subscriptionRenewals.period, 99)));
    expect(rows).toHaveLength(1);
    await db().delete(subscriptionRenewals).where(eq(subscriptionRenewals.id, rows[0]!.id));
  });
});

describe("renewals on the virtual clock", () => {
  it("charges each period once even when two schedulers run together, retries a refusal after 1 and 3 days, then pauses", async () => {
    await cancelOthers();
    const { subscription } = await subscribe([FOOD_BOX]);
    const stockBefore = await stockOf(FOOD_BOX.slug);

    for (let period = 1; period <= 3; period++) {
      await klarnaForFile().sim.advanceClock("31d");
      const [first, second] = await Promise.all([runDueRenewals(), runDueRenewals()]);
      expect(first.placed + second.placed).toBe(1);
    }
    const renewals = await renewalOrdersOf(subscription.id);
    expect(renewals.map((row) => [row.renewal.period, row.renewal.status])).toEqual([
      [1, "placed"],
      [2, "placed"],
      [3, "placed"],
    ]);
    for (const { renewal, order } of renewals) {
      // Each renewal is an ordinary store order: its period's number, acknowledged once at Klarna.
      expect(order).toMatchObject({ status: "acknowledged", orderNumber: renewal.orderNumber, orderAmount: subscription.amount });
      const atKlarna = await simJson<Record<string, unknown>>(`/_sim/orders/${renewal.klarnaOrderId}`);
      expect(atKlarna).toMatchObject({ acknowledged: true, merchant_reference1: renewal.orderNumber, order_amount: subscription.amount });
    }
    expect(await stockOf(FOOD_BOX.slug)).toBe(stockBefore - 3);

    // Klarna refuses the fourth period three times: retried after 1 day and after 3 more, then paused.
    await simJson(`/_sim/customer-tokens/${subscription.customerToken}/refusals`, { method: "POST", body: { count: 3 } });
    await klarnaForFile().sim.advanceClock("31d");
    expect(await runDueRenewals()).toMatchObject({ refused: 1, placed: 0 });
    expect(await runDueRenewals()).toMatchObject({ refused: 0, placed: 0 });
    await klarnaForFile().sim.advanceClock("1d");
    expect(await runDueRenewals()).toMatchObject({ refused: 1 });
    await klarnaForFile().sim.advanceClock("2d");
    expect(await runDueRenewals()).toMatchObject({ refused: 0, paused: 0 });
    await klarnaForFile().sim.advanceClock("1d");
    expect(await runDueRenewals()).toMatchObject({ paused: 1 });
    const paused = await findSubscription(subscription.id);
    expect(paused).toMatchObject({ status: "paused", nextPeriod: 4 });
    expect(paused!.statusReason).toMatch(/^Klarna refused renewal 4 \(3 attempts\)/);
    expect((await renewalOrdersOf(subscription.id)).at(-1)!.renewal).toMatchObject({ period: 4, status: "given_up", attempts: 3 });

    // Resumed, the refused period is charged at the next run; Klarna accepts again.
    expect(await resumeSubscription(subscription.id)).toMatchObject({ ok: true });
    expect(await runDueRenewals()).toMatchObject({ placed: 1 });
    expect((await findSubscription(subscription.id))!.nextPeriod).toBe(5);
  });

  it("charges now on the merchant's demand, and a cancelled token is cancelled at Klarna and never charged", async () => {
    const { subscription } = await subscribe([FOOD_BOX]);
    expect(await chargeNow(subscription.id)).toMatchObject({ ok: true });
    expect(await cancelSubscription(subscription.id, "shopper")).toMatchObject({ ok: true });
    const token = await simJson<{ status: string; order_ids: string[] }>(`/_sim/customer-tokens/${subscription.customerToken}`);
    expect(token).toMatchObject({ status: "CANCELLED" });
    expect(token.order_ids).toHaveLength(1);
    expect(await chargeNow(subscription.id)).toMatchObject({ ok: false });
    expect(await findSubscription(subscription.id)).toMatchObject({ status: "cancelled", cancelledBy: "shopper" });
  });
});

/** Subscriptions of earlier tests would fall due too as the clock moves; they are cancelled first. */
async function cancelOthers(): Promise<void> {
  for (const row of await db().select().from(subscriptions)) {
    if (row.status === "active" || row.status === "paused") await cancelSubscription(row.id, "merchant");
  }
}
