import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { asRecord, placeOrder, startMerchant, startSimulator, type TestSimulator } from "./helpers";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Klarna's push schedule: +2, +5, +15, +30, +60 minutes, then every 4 hours to 48 hours. */
const EXPECTED_OFFSETS = [2 * MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, 60 * MINUTE].concat(
  Array.from({ length: 12 }, (_, index) => (index + 1) * 4 * HOUR),
);

describe("push", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  });

  async function setup(reply = () => ({ status: 500 })) {
    const merchant = await startMerchant(reply);
    const t = await startSimulator();
    merchant.attachClock(() => t.sim.clock.now());
    cleanups.push(() => merchant.close(), () => t.close());
    const pushUrl = `${merchant.url}/api/klarna/push?order={order.id}&checkout={checkout.order.id}`;
    const placed = await placeOrder(t, { merchantUrls: { push: pushUrl } });
    const created = Date.parse(String(asRecord((await t.api("GET", `/_sim/orders/${placed.orderId}`)).body).created_at));
    const pushes = () => merchant.requests.filter((request) => request.path.startsWith("/api/klarna/push"));
    return { merchant, t, created, pushes, ...placed };
  }

  it("retries at +2, +5, +15, +30, +60 min and every 4 h to 48 h while the merchant fails, then stops", async () => {
    const { t, created, pushes, orderId } = await setup();
    expect(pushes()).toHaveLength(0);
    const answer = await t.api("POST", "/_sim/clock", { advance: "72h" });
    expect(answer.status).toBe(200);
    expect(pushes().map((request) => (request.virtualAt ?? 0) - created)).toEqual(EXPECTED_OFFSETS);
    for (const request of pushes()) {
      expect(request.method).toBe("POST");
      expect(request.path).toBe(`/api/klarna/push?order=${orderId}&checkout=${orderId}`);
      expect(request.body).toBe("");
    }
    const fired = asRecord(answer.body).fired as { kind: string; status: number }[];
    expect(fired.filter((job) => job.kind === "push").map((job) => job.status)).toEqual(EXPECTED_OFFSETS.map(() => 500));

    const helper = asRecord((await t.api("GET", `/_sim/orders/${orderId}`)).body);
    const callbacks = helper.callbacks as { kind: string; status: number; latency_ms: number; at: string }[];
    expect(callbacks.filter((callback) => callback.kind === "push")).toHaveLength(17);
    expect(callbacks[0]).toMatchObject({ kind: "push", status: 500 });
    expect(helper.scheduled).toEqual([]);
  });

  it("keeps pushing after a 200 until the order is acknowledged, and never after", async () => {
    const { t, created, pushes, base } = await (async () => {
      const context = await setup(() => ({ status: 200 }));
      return { ...context, base: `/ordermanagement/v1/orders/${context.orderId}` };
    })();
    await t.sim.clock.advance("16m");
    expect(pushes().map((request) => (request.virtualAt ?? 0) - created)).toEqual(EXPECTED_OFFSETS.slice(0, 3));
    expect((await t.api("POST", `${base}/acknowledge`)).status).toBe(204);
    await t.sim.clock.advance("48h");
    expect(pushes()).toHaveLength(3);
  });

  it("does not send a push that falls due after the merchant acknowledged in its push handler", async () => {
    const context = await setup();
    const { t, merchant, pushes, orderId } = context;
    // The store's push handler reads the order and acknowledges it, the way finalize() does.
    merchant.setReply(() => {
      void t.api("POST", `/ordermanagement/v1/orders/${orderId}/acknowledge`);
      return { status: 200, delayMs: 200 };
    });
    await t.sim.clock.advance("48h");
    expect(pushes()).toHaveLength(1);
  });

  it("sends each push twice with the duplicate fault, and drops them with the drop fault", async () => {
    const { t, pushes } = await setup(() => ({ status: 200 }));
    await t.api("POST", "/_sim/faults", { kind: "push", mode: "duplicate", count: 1 });
    await t.sim.clock.advance("2m");
    expect(pushes()).toHaveLength(2);
    await t.api("POST", "/_sim/faults", { kind: "push", mode: "drop", count: 1 });
    await t.sim.clock.advance("3m");
    expect(pushes()).toHaveLength(2);
    await t.sim.clock.advance("10m");
    expect(pushes()).toHaveLength(3);
  });

  it("pushes before the create-order response with the reorder fault", async () => {
    const merchant = await startMerchant(() => ({ status: 200 }));
    const t: TestSimulator = await startSimulator();
    cleanups.push(() => merchant.close(), () => t.close());
    await t.api("POST", "/_sim/faults", { kind: "push", mode: "reorder", count: 1 });
    const { orderId } = await placeOrder(t, { merchantUrls: { push: `${merchant.url}/push/{order.id}` } });
    expect(merchant.requests.map((request) => request.path)).toEqual([`/push/${orderId}`]);
  });

  it("delays pushes with the slow fault, in real time", async () => {
    const { t, pushes } = await setup(() => ({ status: 200 }));
    await t.api("POST", "/_sim/faults", { kind: "push", mode: "slow", delay_ms: 300, count: 1 });
    const started = Date.now();
    await t.sim.clock.advance("2m");
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(pushes()).toHaveLength(1);
  });

  it("keeps the schedule across a restart: pending pushes are rows in the database", async () => {
    const directory = mkdtempSync(path.join(tmpdir(), "klarna-sim-"));
    const dbPath = path.join(directory, "simulator.db");
    const merchant = await startMerchant(() => ({ status: 503 }));
    cleanups.push(
      () => merchant.close(),
      async () => rmSync(directory, { recursive: true, force: true }),
    );
    const first = await startSimulator({ dbPath });
    const { orderId } = await placeOrder(first, { merchantUrls: { push: `${merchant.url}/push` } });
    await first.sim.clock.advance("6m");
    expect(merchant.requests).toHaveLength(2);
    await first.close();

    const second = await startSimulator({ dbPath });
    cleanups.push(() => second.close());
    expect(asRecord((await second.api("GET", `/ordermanagement/v1/orders/${orderId}`)).body).order_id).toBe(orderId);
    const clock = asRecord((await second.api("GET", "/_sim/clock")).body);
    expect(clock.pending_callbacks).toBe(15);
    await second.sim.clock.advance("48h");
    expect(merchant.requests).toHaveLength(17);
  });
});
