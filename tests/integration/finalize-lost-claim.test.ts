import { describe, expect, it, vi } from "vitest";
import { finalize } from "@/lib/orders/finalize";
import { POST as push } from "@/app/api/klarna/push/route";
import { placedKlarnaOrder, pushUrl } from "./support/klarna-orders";
import { simulatedKlarnaForFile } from "./support/simulated-klarna";

// Another caller settles the order between this caller's read and its claim: the claim is lost, and finalize must
// say the order is settled (what happened), not that someone is still settling it.
const race = vi.hoisted(() => ({ other: null as null | "settles" | "holds" }));
vi.mock("@/lib/orders/order-store", async (importOriginal) => {
  const store = await importOriginal<typeof import("@/lib/orders/order-store")>();
  return {
    ...store,
    claimSettlement: async (orderId: number) => {
      if (race.other === null) return store.claimSettlement(orderId);
      // The other caller claims first, and acknowledges (or is still acknowledging) the order.
      expect(await store.claimSettlement(orderId)).toBe(true);
      if (race.other === "settles") await store.markAcknowledged(orderId);
      return store.claimSettlement(orderId);
    },
  };
});

const klarnaForFile = simulatedKlarnaForFile("finalize-lost-claim");

describe("finalize when another caller settles the order first", () => {
  async function finalizeAgainst(other: "settles" | "holds") {
    const { klarnaOrderId } = await placedKlarnaOrder(klarnaForFile().sim, [{ slug: "titanium-mug-450", quantity: 1 }]);
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
    const { klarnaOrderId, session } = await placedKlarnaOrder(klarnaForFile().sim, [{ slug: "titanium-mug-450", quantity: 1 }]);
    race.other = "holds";
    try {
      const response = await push(new Request(pushUrl(session, klarnaOrderId), { method: "POST" }));
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ error: "The order is being settled right now. Push again." });
    } finally {
      race.other = null;
    }
    // Once nobody holds it, the next push settles the order.
    const again = await push(new Request(pushUrl(session, klarnaOrderId), { method: "POST" }));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: "acknowledged" });
  });
});
