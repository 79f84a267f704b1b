import { afterEach, describe, expect, it } from "vitest";
import type { SimulatorOptions } from "../config";
import { asRecord, createSession, startMerchant, startSimulator, type MerchantReply } from "./helpers";

describe("calls to the merchant", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  });

  async function setup(reply: () => MerchantReply, options: SimulatorOptions = {}) {
    const merchant = await startMerchant(reply);
    const t = await startSimulator(options);
    merchant.attachClock(() => t.sim.clock.now());
    cleanups.push(() => merchant.close(), () => t.close());
    return { merchant, t };
  }

  describe("authorization callback", () => {
    it("is sent at once with the token and session id", async () => {
      const { merchant, t } = await setup(() => ({ status: 204 }));
      const { sessionId } = await createSession(t, {
        merchant_urls: { authorization: `${merchant.url}/api/klarna/authorization?session={session.id}` },
      });
      const approved = await t.api("POST", `/_sim/sessions/${sessionId}/authorize`, { email: "customer@email.se" });
      await t.sim.idle();
      expect(merchant.requests).toHaveLength(1);
      expect(merchant.requests[0]).toMatchObject({
        method: "POST",
        path: `/api/klarna/authorization?session=${sessionId}`,
        json: { authorization_token: asRecord(approved.body).authorization_token, session_id: sessionId },
      });
    });

    it("is retried twice, 1 s then 2 s after the previous attempt, when the merchant fails", async () => {
      let calls = 0;
      const { merchant, t } = await setup(() => {
        calls += 1;
        return { status: calls <= 2 ? 503 : 200 };
      });
      const { sessionId } = await createSession(t, { merchant_urls: { authorization: `${merchant.url}/auth` } });
      const authorizedAt = t.sim.clock.now();
      await t.api("POST", `/_sim/sessions/${sessionId}/authorize`, { email: "customer@email.se" });
      await t.sim.clock.advance("10s");
      expect(merchant.requests.map((request) => (request.virtualAt ?? 0) - authorizedAt)).toEqual([0, 1000, 3000]);
      const helper = asRecord((await t.api("GET", `/_sim/sessions/${sessionId}`)).body);
      const attempts = helper.callbacks as { kind: string; attempt: number; status: number }[];
      expect(attempts.map((attempt) => [attempt.kind, attempt.attempt, attempt.status])).toEqual([
        ["authorization_callback", 1, 503],
        ["authorization_callback", 2, 503],
        ["authorization_callback", 3, 200],
      ]);
    });

    it("gives up after 3 attempts, counting a 2 s timeout as a failure", async () => {
      const { merchant, t } = await setup(() => ({ status: 200, delayMs: 400 }), { timeouts: { authorizationMs: 100 } });
      const { sessionId } = await createSession(t, { merchant_urls: { authorization: `${merchant.url}/auth` } });
      await t.api("POST", `/_sim/sessions/${sessionId}/authorize`, { email: "customer@email.se" });
      await t.sim.clock.advance("1m");
      expect(merchant.requests).toHaveLength(3);
      const attempts = asRecord((await t.api("GET", `/_sim/sessions/${sessionId}`)).body).callbacks as { error: string }[];
      expect(attempts.map((attempt) => attempt.error)).toEqual([
        "timeout after 100 ms",
        "timeout after 100 ms",
        "timeout after 100 ms",
      ]);
    });

    it("is not sent with the drop fault", async () => {
      const { merchant, t } = await setup(() => ({ status: 200 }));
      await t.api("POST", "/_sim/faults", { kind: "authorization_callback", mode: "drop" });
      const { sessionId } = await createSession(t, { merchant_urls: { authorization: `${merchant.url}/auth` } });
      expect((await t.api("POST", `/_sim/sessions/${sessionId}/authorize`, { email: "customer@email.se" })).status).toBe(200);
      await t.sim.clock.advance("1m");
      expect(merchant.requests).toHaveLength(0);
    });
  });

  it("never calls a validation URL for a Klarna Payments session: Payments has none (payments-v1 merchant_urls)", async () => {
    const { merchant, t } = await setup(() => ({ status: 303, headers: { Location: "/cart?error=out-of-stock" } }));
    const { sessionId } = await createSession(t, {
      merchant_urls: { validation: `${merchant.url}/api/klarna/validation` },
      options: { require_validate_callback_success: true },
    });
    const response = await t.api("POST", `/_sim/sessions/${sessionId}/authorize`, { email: "customer@email.se" });
    expect(response.status).toBe(200);
    expect(asRecord(response.body).approved).toBe(true);
    await t.sim.idle();
    expect(merchant.requests).toEqual([]);
    const session = asRecord((await t.api("GET", `/payments/v1/sessions/${sessionId}`)).body);
    expect(session.merchant_urls).toEqual({});
    expect(session.options).toEqual({});
  });
});
