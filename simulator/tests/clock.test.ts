import { afterEach, describe, expect, it } from "vitest";
import { parseDuration } from "../kernel/clock";
import { START, asRecord, placeOrder, startMerchant, startSimulator } from "./helpers";

describe("virtual clock", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  });

  it("parses the durations the control API accepts", () => {
    expect(parseDuration("90s")).toBe(90_000);
    expect(parseDuration("15m")).toBe(900_000);
    expect(parseDuration("48h")).toBe(172_800_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("2d")).toBe(172_800_000);
    expect(parseDuration("soon")).toBeUndefined();
    expect(parseDuration("15")).toBeUndefined();
  });

  it("moves only through the control API in manual mode and reports what fired", async () => {
    const t = await startSimulator();
    cleanups.push(() => t.close());
    const before = asRecord((await t.api("GET", "/_sim/clock")).body);
    expect(before).toMatchObject({ mode: "manual", now: new Date(START).toISOString(), pending_callbacks: 0, next_due: null });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(t.sim.clock.now()).toBe(START);

    const advanced = asRecord((await t.api("POST", "/_sim/clock", { advance_seconds: 90 })).body);
    expect(advanced).toMatchObject({ now: new Date(START + 90_000).toISOString(), advanced_ms: 90_000, fired: [] });
    expect((await t.api("POST", "/_sim/clock", { advance: "later" })).status).toBe(400);
    expect((await t.api("POST", "/_sim/clock", {})).status).toBe(400);
  });

  it("advances from the dashboard's form and sends the browser back", async () => {
    const t = await startSimulator();
    cleanups.push(() => t.close());
    const response = await fetch(`${t.url}/_sim/clock`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "advance=15m",
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
    expect(t.sim.clock.now()).toBe(START + 15 * 60_000);
    const dashboard = await fetch(`${t.url}/`);
    expect(dashboard.headers.get("content-type")).toContain("text/html");
    expect(await dashboard.text()).toContain("2025-03-01 10:15:00");
  });

  it("fires due callbacks by itself in realtime mode, at the configured speed", async () => {
    const merchant = await startMerchant(() => ({ status: 500 }));
    // 1200 virtual seconds per real second: the +2 min push is due after 100 ms.
    const t = await startSimulator({ clock: "realtime", speed: 1200, tickMs: 20 });
    cleanups.push(() => merchant.close(), () => t.close());
    await placeOrder(t, { merchantUrls: { push: `${merchant.url}/push` } });
    const deadline = Date.now() + 3_000;
    while (merchant.requests.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(merchant.requests.length).toBeGreaterThanOrEqual(2);
  });

  it("reset wipes sessions, orders and faults", async () => {
    const t = await startSimulator();
    cleanups.push(() => t.close());
    const { orderId } = await placeOrder(t, { merchantUrls: { push: "http://localhost:1/push" } });
    await t.api("POST", "/_sim/faults", { kind: "order_management", mode: "fail" });
    expect((await t.api("POST", "/_sim/reset")).status).toBe(200);
    expect((await t.api("GET", `/ordermanagement/v1/orders/${orderId}`)).status).toBe(404);
    expect(asRecord((await t.api("GET", "/_sim/clock")).body).pending_callbacks).toBe(0);
  });
});
