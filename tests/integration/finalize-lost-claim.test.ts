import { describe, expect, it, vi } from "vitest";
import { finalize } from "@/lib/orders/finalize";
import { POST as push } from "@/app/api/klarna/push/route";
import { placedKlarnaOrder, pushUrl } from "./support/klarna-orders";
import { simulatedKlarnaForFile } from "./support/simulated-klarna";

// Another caller settles the order between this caller's read and its claim: the claim is lost, and finalize must
// say the order is settled (what happened), not that someone is still settling it. The caller that creates an order
// holds the claim from its creation (db/units.ts insertOrderOnce), so the race is met by a caller that finds the
// order pending: here, one whose creator could not acknowledge it (Klarna answered 503 twice) and let the claim go.
const race = vi.hoisted(() => ({ other: null as null | "settles" | "holds" }));
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
  };
});

const klarnaForFile = simulatedKlarnaForFile("finalize-lost-claim");

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
