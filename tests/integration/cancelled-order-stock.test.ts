import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { products } from "@/db/schema";
import { klarna } from "@/lib/klarna";
import { finalize } from "@/lib/orders/finalize";
import { findOrderByKlarnaId } from "@/lib/orders/order-store";
import { MARKETS } from "@/lib/pricing/markets";
import { placedKlarnaOrder, stockBySlug } from "./support/klarna-orders";
import { simulatedKlarnaForFile } from "./support/simulated-klarna";
import type { SimulatorControl } from "./support/simulator-control";

const klarnaSimulator = simulatedKlarnaForFile("cancelled-order-stock");
let sim: SimulatorControl;
beforeAll(() => {
  sim = klarnaSimulator().sim;
});

async function stockOf(slug: string): Promise<number> {
  return (await stockBySlug([slug])).get(slug)!;
}

describe("stock of an order that will not ship", () => {
  it("comes back, once, when Klarna cancels an acknowledged order after a rejected fraud review", async () => {
    const before = await stockOf("hiking-wool-socks");
    // Klarna's sample shopper whose fraud review ends in a rejection one minute after the purchase (US and GB only).
    const placed = await placedKlarnaOrder(sim, [{ slug: "hiking-wool-socks", quantity: 3 }], {
      market: MARKETS.US,
      email: "customer+pend-reject-01@email.us",
    });
    expect((await finalize({ provider: "klarna-payments", reference: placed.klarnaOrderId }, "confirmation")).order).toMatchObject({ status: "acknowledged", fraudStatus: "PENDING" });
    expect(await stockOf("hiking-wool-socks")).toBe(before - 3);

    await sim.advanceClock("2m");
    const pushes = await Promise.all(Array.from({ length: 3 }, () => finalize({ provider: "klarna-payments", reference: placed.klarnaOrderId }, "push")));
    expect(pushes.map((result) => result.purchase.providerStatus)).toEqual(["CANCELLED", "CANCELLED", "CANCELLED"]);
    expect(await findOrderByKlarnaId(placed.klarnaOrderId)).toMatchObject({ status: "cancelled", fraudStatus: "REJECTED" });
    expect(await stockOf("hiking-wool-socks")).toBe(before);
  });

  it("comes back, once, when Klarna had cancelled the order before the store first heard of it", async () => {
    const before = await stockOf("titanium-mug-450");
    const placed = await placedKlarnaOrder(sim, [{ slug: "titanium-mug-450", quantity: 2 }]);
    await klarna().orders.cancel(placed.klarnaOrderId, { idempotencyKey: `test-cancel-${placed.klarnaOrderId}` });

    const results = await Promise.all(Array.from({ length: 5 }, () => finalize({ provider: "klarna-payments", reference: placed.klarnaOrderId }, "push")));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await findOrderByKlarnaId(placed.klarnaOrderId)).toMatchObject({ status: "cancelled", cancelReason: "Cancelled at Klarna" });
    expect(await stockOf("titanium-mug-450")).toBe(before);
    expect((await sim.order(placed.klarnaOrderId)).status).toBe("CANCELLED");
  });

  it("is neither taken nor given back when the store cannot fulfil the order", async () => {
    const placed = await placedKlarnaOrder(sim, [{ slug: "packable-sun-hat", quantity: 2 }]);
    // Sold elsewhere between the purchase and the store hearing of it: one left of the two ordered.
    await db().update(products).set({ stock: 1 }).where(eq(products.slug, "packable-sun-hat"));

    const result = await finalize({ provider: "klarna-payments", reference: placed.klarnaOrderId }, "push");
    expect(result.settlement).toBe("cancelled");
    expect(result.order).toMatchObject({ status: "cancelled", unfulfillableReason: expect.stringMatching(/Not enough stock/) });
    expect(await stockOf("packable-sun-hat")).toBe(1);
    expect((await sim.order(placed.klarnaOrderId)).status).toBe("CANCELLED");
  });
});
