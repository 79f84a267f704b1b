import { count, eq } from "drizzle-orm";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import ConfirmationPage from "@/app/(store)/checkout/confirmation/page";
import { POST as authorizationCallback } from "@/app/api/klarna/authorization/route";
import { db } from "@/db";
import { orderEvents, orderNumbers, orders } from "@/db/schema";
import { settlePendingOrders } from "@/lib/admin/reconcile";
import { findCheckoutSession, recordPlacedOrder, type CheckoutSession } from "@/lib/checkout/session-store";
import { finalize } from "@/lib/orders/finalize";
import { findOrderByKlarnaId } from "@/lib/orders/order-store";
import { startReconcileScheduler } from "@/lib/orders/reconcile-scheduler";
import { authorizationUrl, cartWith, openSession, placedKlarnaOrder } from "./support/klarna-orders";
import { simulatedKlarnaForFile } from "./support/simulated-klarna";
import type { SimulatorControl } from "./support/simulator-control";

// The confirmation page reads the cart cookie through next/headers, which exists only inside a request.
vi.mock("@/lib/cart/session", () => ({ readCartCookie: async () => ({ status: "none" }) }));

const SOCKS = [{ slug: "hiking-wool-socks", quantity: 1 }];
const MUG = [{ slug: "titanium-mug-450", quantity: 1 }];

const klarnaForFile = simulatedKlarnaForFile("self-healing");
let sim: SimulatorControl;
beforeAll(() => {
  sim = klarnaForFile().sim;
  process.env.KUSTOM_API_URL = `${klarnaForFile().simulator.url}/kustom`;
});

function callback(session: CheckoutSession, authorizationToken: string): Promise<Response> {
  return authorizationCallback(
    new Request(authorizationUrl(session), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ authorization_token: authorizationToken, session_id: session.klarnaSessionId }),
    }),
  );
}

async function eventCount(klarnaOrderId: string): Promise<number> {
  return (await db().select({ n: count() }).from(orderEvents).where(eq(orderEvents.providerReference, klarnaOrderId)).get())!.n;
}

/** A Klarna order the store recorded on its session and then died before creating or settling (kill -9). */
async function placedThenCrashed() {
  const placed = await placedKlarnaOrder(sim, SOCKS);
  await recordPlacedOrder(placed.session.id, {
    providerReference: placed.klarnaOrderId,
    redirectUrl: null,
    authorizationToken: placed.authorizationToken,
  });
  return placed;
}

describe("every path that touches a pending order settles it", () => {
  it("a retried authorization callback for an order placed before a crash creates and acknowledges it", async () => {
    const placed = await placedThenCrashed();
    expect(await findOrderByKlarnaId(placed.klarnaOrderId)).toBeNull();

    const response = await callback(placed.session, placed.authorizationToken);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "placed" });
    expect(await findOrderByKlarnaId(placed.klarnaOrderId)).toMatchObject({ status: "acknowledged" });
    expect((await sim.order(placed.klarnaOrderId)).acknowledged).toBe(true);
  });

  it("a retried callback for an order whose acknowledgement failed twice acknowledges it", async () => {
    const placed = await placedThenCrashed();
    await sim.addFault({ kind: "acknowledge", mode: "fail", status: 503, count: 2 });
    expect((await finalize({ provider: "klarna-payments", reference: placed.klarnaOrderId }, "push")).settlement).toBe("failed");

    await callback(placed.session, placed.authorizationToken);

    expect(await findOrderByKlarnaId(placed.klarnaOrderId)).toMatchObject({ status: "acknowledged" });
    expect((await sim.order(placed.klarnaOrderId)).acknowledged).toBe(true);
  });
});

describe("an authorization callback with another session's token", () => {
  it.each([
    ["an authorized session", true],
    ["a fresh session, never authorized", false],
  ])("sent to %s's callback URL is refused (403) and writes nothing: no token, no order number, no order at Klarna", async (_name, authorizeMine) => {
    const mine = await openSession(await cartWith(SOCKS));
    const theirs = await openSession(await cartWith(MUG));
    if (authorizeMine) await sim.authorize(mine.klarnaSessionId);
    const foreignToken = await sim.authorize(theirs.klarnaSessionId);
    const numbersBefore = (await db().select({ n: count() }).from(orderNumbers).get())!.n;
    const sessionBefore = await findCheckoutSession(mine.id);

    const response = await callback(mine, foreignToken);

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: "This authorization belongs to another checkout." });
    expect(await findCheckoutSession(mine.id)).toEqual(sessionBefore);
    expect(await findCheckoutSession(mine.id)).toMatchObject({ authorizationToken: null, orderNumber: null, providerReference: null });
    expect((await db().select({ n: count() }).from(orderNumbers).get())!.n).toBe(numbersBefore);
    expect((await sim.session(mine.klarnaSessionId)).order_id).toBeNull();
    expect((await sim.session(theirs.klarnaSessionId)).order_id).toBeNull();
  });
});

describe("the confirmation page", () => {
  const render = async (klarnaOrderId: string) =>
    renderToStaticMarkup(await ConfirmationPage({ searchParams: Promise.resolve({ klarna_order_id: klarnaOrderId }) }));

  it("reloads of a settled order add no event and do not read Klarna again within 10 s", async () => {
    const { klarnaOrderId } = await placedKlarnaOrder(sim, SOCKS);
    expect(await render(klarnaOrderId)).toContain("Your order is confirmed");
    const events = await eventCount(klarnaOrderId);
    // Were Klarna read again, this fault would fail the read and the page would show no receipt.
    await sim.addFault({ kind: "order_management", mode: "fail", status: 503, count: 1 });

    for (let reload = 0; reload < 5; reload++) expect(await render(klarnaOrderId)).toContain("Your order is confirmed");

    expect(await eventCount(klarnaOrderId)).toBe(events);
    await sim.clearFaults();
  });

  it("a later reload of a settled order reads Klarna again and still adds no event", async () => {
    const { klarnaOrderId } = await placedKlarnaOrder(sim, SOCKS);
    await render(klarnaOrderId);
    const events = await eventCount(klarnaOrderId);
    const later = Date.now() + 11_000;
    const clock = vi.spyOn(Date, "now").mockImplementation(() => later);
    try {
      expect(await render(klarnaOrderId)).toContain("Your order is confirmed");
    } finally {
      clock.mockRestore();
    }
    expect(await eventCount(klarnaOrderId)).toBe(events);
  });
});

describe("the scheduled reconcile", () => {
  it("settles an order left pending over a minute, which Klarna will no longer push, and leaves a newer one alone", async () => {
    const placed = await placedThenCrashed();
    await sim.addFault({ kind: "acknowledge", mode: "fail", status: 503, count: 2 });
    await finalize({ provider: "klarna-payments", reference: placed.klarnaOrderId }, "push");
    expect(await findOrderByKlarnaId(placed.klarnaOrderId)).toMatchObject({ status: "pending" });

    expect((await settlePendingOrders(new Date())).map((result) => result.providerReference)).not.toContain(placed.klarnaOrderId);
    const results = await settlePendingOrders(new Date(Date.now() + 61_000));

    expect(results).toContainEqual(expect.objectContaining({ providerReference: placed.klarnaOrderId, outcome: "acknowledged" }));
    expect(await findOrderByKlarnaId(placed.klarnaOrderId)).toMatchObject({ status: "acknowledged" });
    expect((await sim.order(placed.klarnaOrderId)).acknowledged).toBe(true);
  });

  it("settles a Kustom order with Kustom's client", async () => {
    // Orders carry their provider; a Kustom order must not be read from Klarna Payments' Order Management.
    const placed = await placedThenCrashed();
    await sim.addFault({ kind: "acknowledge", mode: "fail", status: 503, count: 2 });
    await finalize({ provider: "klarna-payments", reference: placed.klarnaOrderId }, "push");
    await db().update(orders).set({ provider: "kustom" }).where(eq(orders.klarnaOrderId, placed.klarnaOrderId));

    const [result] = (await settlePendingOrders(new Date(Date.now() + 61_000))).filter(
      (each) => each.providerReference === placed.klarnaOrderId,
    );

    // The simulator's Kustom API has no such order: the scheduler asked Kustom, not Klarna Payments.
    expect(result).toMatchObject({ outcome: "failed", message: "The provider has no order with this id." });
  });

  it("runs one pass at a time and logs a failing pass without throwing", async () => {
    let release!: () => void;
    let passes = 0;
    const logged: unknown[] = [];
    const scheduler = startReconcileScheduler(
      60_000,
      () => {
        passes++;
        return passes === 1 ? new Promise<void>((resolve) => (release = resolve)) : Promise.reject(new Error("database locked"));
      },
      (_message, error) => logged.push(error),
    );
    try {
      const first = scheduler.runOnce();
      const overlapping = scheduler.runOnce();
      expect(passes).toBe(1);
      release();
      await Promise.all([first, overlapping]);
      await scheduler.runOnce();
      expect(passes).toBe(2);
      expect(logged).toEqual([new Error("database locked")]);
    } finally {
      scheduler.stop();
    }
  });
});
