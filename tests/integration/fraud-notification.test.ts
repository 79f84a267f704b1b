import { beforeAll, describe, expect, it } from "vitest";
import { POST as notification } from "@/app/api/klarna/notification/route";
import { merchantUrls } from "@/lib/checkout/merchant-urls";
import { openCheckout } from "@/lib/payments/klarna-payments/open-checkout";
import { env } from "@/lib/env";
import { finalize } from "@/lib/orders/finalize";
import { findOrderByKlarnaId } from "@/lib/orders/order-store";
import { MARKETS } from "@/lib/pricing/markets";
import { cartWith, placeAtKlarna } from "./support/klarna-orders";
import { simulatedKlarnaForFile } from "./support/simulated-klarna";
import type { SimulatorControl } from "./support/simulator-control";

const klarnaSimulator = simulatedKlarnaForFile("fraud-notification");
let sim: SimulatorControl;
beforeAll(() => {
  sim = klarnaSimulator().sim;
});

async function pendingGbOrder(email: string) {
  const cartId = await cartWith([{ slug: "titanium-mug-450", quantity: 1 }]);
  const opened = await openCheckout(cartId, MARKETS.GB);
  if (opened.status !== "ready") throw new Error(`checkout is ${opened.status}`);
  const token = await sim.authorize(opened.session.klarnaSessionId, email);
  const klarnaOrderId = await placeAtKlarna(opened.session, token);
  await finalize({ provider: "klarna-payments", reference: klarnaOrderId }, "confirmation");
  return { session: opened.session, klarnaOrderId };
}

function notify(session: { callbackToken: string }, klarnaOrderId: string, body: unknown) {
  const url = merchantUrls(env().STORE_URL, session.callbackToken).notification.replace("{order.id}", klarnaOrderId);
  return notification(new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));
}

describe("Klarna's fraud notification", () => {
  it("records an accepted review and keeps the order acknowledged", async () => {
    const { session, klarnaOrderId } = await pendingGbOrder("customer+pend-accept-05@email.gb");
    expect(await findOrderByKlarnaId(klarnaOrderId)).toMatchObject({ status: "acknowledged", fraudStatus: "PENDING" });

    await sim.advanceClock("6m");
    const response = await notify(session, klarnaOrderId, { order_id: klarnaOrderId, event_type: "FRAUD_RISK_ACCEPTED" });
    expect(response.status).toBe(200);
    expect(await findOrderByKlarnaId(klarnaOrderId)).toMatchObject({ status: "acknowledged", fraudStatus: "ACCEPTED" });
  });

  it("marks an acknowledged order cancelled when Klarna rejects it, so it is never shipped", async () => {
    const { session, klarnaOrderId } = await pendingGbOrder("customer+pend-reject-10@email.gb");
    await sim.advanceClock("11m");
    const response = await notify(session, klarnaOrderId, { order_id: klarnaOrderId, event_type: "FRAUD_RISK_REJECTED" });
    expect(response.status).toBe(200);
    expect(await findOrderByKlarnaId(klarnaOrderId)).toMatchObject({
      status: "cancelled",
      fraudStatus: "REJECTED",
      cancelReason: "Klarna rejected the order as a fraud risk",
    });
  });

  it("refuses a notification without a valid token or with a body that is not Klarna's, and writes nothing", async () => {
    const { session, klarnaOrderId } = await pendingGbOrder("customer+pend-accept-05@email.gb");
    const forged = await notify({ callbackToken: "x".repeat(32) }, klarnaOrderId, { order_id: klarnaOrderId, event_type: "FRAUD_RISK_ACCEPTED" });
    expect(forged.status).toBe(401);
    const malformed = await notify(session, klarnaOrderId, { order_id: klarnaOrderId, event_type: "SOMETHING_ELSE" });
    expect(malformed.status).toBe(400);
    expect(await findOrderByKlarnaId(klarnaOrderId)).toMatchObject({ fraudStatus: "PENDING" });
  });
});
