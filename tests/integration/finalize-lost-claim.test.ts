import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { orders } from "@/db/schema";
import { configureBackgroundDrain, drainSettled, emailsOfOrder } from "@/lib/email/outbox";
import { finalize } from "@/lib/orders/finalize";
import { findOrderById, orderEventsOf } from "@/lib/orders/order-store";
import { POST as push } from "@/app/api/klarna/push/route";
import { placedKlarnaOrder, pushUrl } from "./support/klarna-orders";
import { simulatedKlarnaForFile } from "./support/simulated-klarna";

// Another caller settles the order between this caller's read and its claim: the claim is lost, and finalize must
// say the order is settled (what happened), not that someone is still settling it. The caller that creates an order
// holds the claim from its creation (db/units.ts insertOrderOnce), so the race is met by a caller that finds the
// order pending: here, one whose creator could not acknowledge it (Klarna answered 503 twice) and let the claim go.
const race = vi.hoisted(() => ({
  other: null as null | "settles" | "holds",
  /** What another caller does after this caller's claim, while it settles the order at the provider. */
  meanwhile: null as null | "cancels" | "acknowledges",
}));
vi.mock("@/lib/orders/order-store", async (importOriginal) => {
  const store = await importOriginal<typeof import("@/lib/orders/order-store")>();
  return {
    ...store,
    claimSettlement: async (orderId: number) => {
      if (race.other === null) return store.claimSettlement(orderId);
      // The other caller claims first, and acknowledges (or is still acknowledging) the order.
      expect(await store.claimSettlement(orderId)).toEqual(expect.any(String));
      if (race.other === "settles") await store.markAcknowledged(orderId);
      return store.claimSettlement(orderId);
    },
    markAcknowledgedWithEvent: async (...args: Parameters<typeof store.markAcknowledgedWithEvent>) => {
      // The back office cancels the order while this caller acknowledges it at the provider.
      if (race.meanwhile === "cancels") expect(await store.markCancelled(args[0].id, "test: cancelled by the merchant")).not.toBeNull();
      return store.markAcknowledgedWithEvent(...args);
    },
    markCancelledWithEvent: async (...args: Parameters<typeof store.markCancelledWithEvent>) => {
      if (race.meanwhile === "acknowledges") expect(await store.markAcknowledged(args[0].id)).not.toBeNull();
      return store.markCancelledWithEvent(...args);
    },
  };
});

const klarnaForFile = simulatedKlarnaForFile("finalize-lost-claim");
// The emails a settle batch hands off go to a fake mail server.
configureBackgroundDrain({ send: async () => {} });

describe("finalize when another caller settles the order first", () => {
  async function createdUnsettled() {
    const placed = await placedKlarnaOrder(klarnaForFile().sim, [{ slug: "titanium-mug-450", quantity: 1 }]);
    await klarnaForFile().sim.addFault({ kind: "acknowledge", mode: "fail", status: 503, count: 2 });
    const first = await finalize({ provider: "klarna-payments", reference: placed.klarnaOrderId }, "push");
    expect(first).toMatchObject({ created: true, settlement: "failed" });
    return placed;
  }

  async function finalizeAgainst(other: "settles" | "holds") {
    const { klarnaOrderId } = await createdUnsettled();
    race.other = other;
    try {
      return await finalize({ provider: "klarna-payments", reference: klarnaOrderId }, "push");
    } finally {
      race.other = null;
    }
  }

  it("reports already_settled with the acknowledged order", async () => {
    const result = await finalizeAgainst("settles");
    expect(result.settlement).toBe("already_settled");
    expect(result.order.status).toBe("acknowledged");
  });

  it("reports in_progress while the other caller still holds the claim", async () => {
    const result = await finalizeAgainst("holds");
    expect(result.settlement).toBe("in_progress");
    expect(result.order.status).toBe("pending");
  });

  it("answers Klarna's push with 503 while another caller holds the claim, so Klarna pushes again", async () => {
    const { klarnaOrderId, session } = await createdUnsettled();
    race.other = "holds";
    try {
      const response = await push(new Request(pushUrl(session, klarnaOrderId), { method: "POST" }));
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ error: "The order is being settled right now. Push again." });
    } finally {
      race.other = null;
    }
  });
});

// Another caller changes the order's status after this caller's claim, while it settles the order at the provider: the
// settle batch's guarded marking changes nothing, so it writes no event row and queues no email for the shopper, and
// finalize says the order was settled by someone else, with the order as it now is.
describe("finalize when the order is settled by another between its claim and its marking", () => {
  async function finalizeWhileAnother(meanwhile: "cancels" | "acknowledges") {
    const { klarnaOrderId } = await createdUnsettledOrder();
    const created = (await findOrderById((await orderIdOf(klarnaOrderId))!))!;
    expect(created).toMatchObject({ status: "pending", email: expect.stringContaining("@") });
    // The store will not ship this one: finalize cancels it at the provider instead of acknowledging it.
    if (meanwhile === "acknowledges") await db().update(orders).set({ unfulfillableReason: "test: will not ship" }).where(eq(orders.id, created.id));
    race.meanwhile = meanwhile;
    try {
      const result = await finalize({ provider: "klarna-payments", reference: klarnaOrderId }, "push");
      await drainSettled();
      const events = await orderEventsOf(klarnaOrderId);
      return {
        result,
        settled: events.filter((event) => event.source === "push" && (event.action === "acknowledge" || event.action === "cancel")),
        emails: (await emailsOfOrder(created.id)).map((email) => email.kind),
      };
    } finally {
      race.meanwhile = null;
    }
  }

  async function createdUnsettledOrder() {
    const placed = await placedKlarnaOrder(klarnaForFile().sim, [{ slug: "titanium-mug-450", quantity: 1 }]);
    await klarnaForFile().sim.addFault({ kind: "acknowledge", mode: "fail", status: 503, count: 2 });
    expect(await finalize({ provider: "klarna-payments", reference: placed.klarnaOrderId }, "push")).toMatchObject({ settlement: "failed" });
    return placed;
  }

  async function orderIdOf(klarnaOrderId: string): Promise<number | undefined> {
    const [row] = await db().select({ id: orders.id }).from(orders).where(eq(orders.klarnaOrderId, klarnaOrderId));
    return row?.id;
  }

  it("acknowledging an order the back office cancelled meanwhile: no acknowledgement in its history, no confirmation email", async () => {
    const { result, settled, emails } = await finalizeWhileAnother("cancels");
    expect(result.settlement).toBe("already_settled");
    expect(result.order).toMatchObject({ status: "cancelled", cancelReason: "test: cancelled by the merchant" });
    // Only the first attempt's failure: no "acknowledged" row.
    expect(settled.map((event) => event.outcome)).toEqual(["failed"]);
    expect(emails).toEqual([]);
  });

  it("cancelling an order acknowledged meanwhile: no cancellation in its history, no cancellation email", async () => {
    const { result, settled, emails } = await finalizeWhileAnother("acknowledges");
    expect(result.settlement).toBe("already_settled");
    expect(result.order.status).toBe("acknowledged");
    expect(settled.map((event) => event.outcome)).toEqual(["failed"]);
    expect(emails).toEqual([]);
  });
});
