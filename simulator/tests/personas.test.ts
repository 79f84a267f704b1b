import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { personaFor } from "../personas";
import { asRecord, createSession, placeOrder, startMerchant, startSimulator, usOrder, type TestSimulator } from "./helpers";

describe("sample customers (personas)", () => {
  it("follow Klarna's sample data e-mail patterns", () => {
    expect(personaFor("customer@email.se", "SE")).toEqual({ kind: "approved" });
    expect(personaFor("customer+denied@email.us", "US")).toEqual({ kind: "denied" });
    expect(personaFor("customer+denied+auth_id_scan@email.es", "ES")).toEqual({ kind: "denied" });
    expect(personaFor("customer+reject_reason_high_risk@email.us", "US")).toEqual({ kind: "denied" });
    expect(personaFor("customer+pend-accept-05@email.us", "US")).toEqual({ kind: "pending", decision: "accept", delayMinutes: 5 });
    expect(personaFor("customer+pend-reject-12@email.gb", "GB")).toEqual({ kind: "pending", decision: "reject", delayMinutes: 12 });
    // Pending decisions exist on the playground for US and UK purchases only.
    expect(personaFor("customer+pend-accept-05@email.se", "SE")).toEqual({ kind: "approved" });
  });

  describe("through the API", () => {
    let t: TestSimulator;
    let merchant: Awaited<ReturnType<typeof startMerchant>>;
    beforeAll(async () => {
      merchant = await startMerchant(() => ({ status: 200 }));
      t = await startSimulator();
      merchant.attachClock(() => t.sim.clock.now());
    });
    afterAll(async () => {
      await t.close();
      await merchant.close();
    });

    it("declines customer+denied with a Klarna-like refusal and no token", async () => {
      const { sessionId } = await createSession(t);
      const response = await t.api("POST", `/_sim/sessions/${sessionId}/authorize`, { email: "customer+denied@email.se" });
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ approved: false, show_form: false, reason: "denied" });
      expect(asRecord((await t.api("GET", `/payments/v1/sessions/${sessionId}`)).body).authorization_token).toBeUndefined();
    });

    it("rejects a malformed e-mail", async () => {
      const { sessionId } = await createSession(t);
      expect((await t.api("POST", `/_sim/sessions/${sessionId}/authorize`, { email: "not-an-email" })).status).toBe(400);
    });

    it("places a PENDING order for a pend-accept persona and accepts it after the delay, notifying the merchant", async () => {
      const { orderId, body } = await placeOrder(t, {
        order: usOrder(),
        email: "customer+pend-accept-05@email.us",
        merchantUrls: { notification: `${merchant.url}/notification` },
      });
      expect(body.fraud_status).toBe("PENDING");
      expect(body.authorized_payment_method).toEqual({ type: "invoice", number_of_days: 30 });
      const base = `/ordermanagement/v1/orders/${orderId}`;
      const capture = await t.api("POST", `${base}/captures`, { captured_amount: 100 });
      expect(capture.status).toBe(403);
      expect(asRecord(capture.body).error_code).toBe("CAPTURE_NOT_ALLOWED");

      const created = t.sim.clock.now();
      await t.sim.clock.advance("4m");
      expect(merchant.requests).toHaveLength(0);
      await t.sim.clock.advance("1m");
      expect(merchant.requests).toHaveLength(1);
      expect(merchant.requests[0]).toMatchObject({
        path: "/notification",
        json: { order_id: orderId, event_type: "FRAUD_RISK_ACCEPTED" },
        virtualAt: created + 5 * 60_000,
      });
      expect(asRecord((await t.api("GET", base)).body)).toMatchObject({ fraud_status: "ACCEPTED", status: "AUTHORIZED" });
      expect((await t.api("POST", `${base}/captures`, { captured_amount: 100 })).status).toBe(201);
    });

    it("cancels a pend-reject order when the decision comes", async () => {
      merchant.requests.length = 0;
      const { orderId } = await placeOrder(t, {
        order: usOrder(),
        email: "customer+pend-reject-01@email.us",
        merchantUrls: { notification: `${merchant.url}/notification` },
      });
      await t.sim.clock.advance("1m");
      expect(merchant.requests[0]?.json).toEqual({ order_id: orderId, event_type: "FRAUD_RISK_REJECTED" });
      const order = asRecord((await t.api("GET", `/ordermanagement/v1/orders/${orderId}`)).body);
      expect(order).toMatchObject({ fraud_status: "REJECTED", status: "CANCELLED" });
    });
  });
});
