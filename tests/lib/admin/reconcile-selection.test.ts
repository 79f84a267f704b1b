import { describe, expect, it } from "vitest";
import { reconcileReasons } from "@/lib/admin/reconcile";
import type { StatusInputs } from "@/lib/admin/order-status";

const NOW = new Date("2026-03-01T12:00:00.000Z");
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
const hoursAhead = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000).toISOString();

const order = (change: Partial<StatusInputs>): StatusInputs & { id: number } => ({
  id: 1,
  status: "acknowledged",
  providerStatus: "AUTHORIZED",
  orderAmount: 10_000,
  capturedAmount: 0,
  refundedAmount: 0,
  authorizationExpiresAt: hoursAhead(24 * 20),
  createdAt: minutesAgo(60 * 24),
  ...change,
});

describe("reconcile selection", () => {
  it("picks an order not acknowledged 10 minutes after it was placed, not before", () => {
    expect(reconcileReasons(order({ status: "pending", createdAt: minutesAgo(10) }), NOW)).toEqual(["unacknowledged"]);
    expect(reconcileReasons(order({ status: "pending", createdAt: minutesAgo(9) }), NOW)).toEqual([]);
    expect(reconcileReasons(order({ status: "acknowledged", createdAt: minutesAgo(600) }), NOW)).toEqual([]);
  });

  it("picks an open authorization ending within 48 hours", () => {
    expect(reconcileReasons(order({ authorizationExpiresAt: hoursAhead(47) }), NOW)).toEqual(["expiring"]);
    expect(reconcileReasons(order({ authorizationExpiresAt: hoursAhead(49) }), NOW)).toEqual([]);
    expect(
      reconcileReasons(order({ providerStatus: "PART_CAPTURED", capturedAmount: 4_000, authorizationExpiresAt: hoursAhead(5) }), NOW),
    ).toEqual(["expiring"]);
  });

  it("estimates the expiry as 28 days after the order while Klarna's is unknown", () => {
    const estimated = order({ providerStatus: null, authorizationExpiresAt: null, createdAt: new Date(NOW.getTime() - 27 * 86_400_000).toISOString() });
    expect(reconcileReasons(estimated, NOW)).toEqual(["expiring"]);
    expect(reconcileReasons({ ...estimated, createdAt: minutesAgo(60) }, NOW)).toEqual([]);
  });

  it("leaves out orders with nothing left to capture: captured, released, cancelled or expired at Klarna", () => {
    const soon = hoursAhead(2);
    expect(reconcileReasons(order({ authorizationExpiresAt: soon, providerStatus: "CAPTURED", capturedAmount: 10_000 }), NOW)).toEqual([]);
    expect(reconcileReasons(order({ authorizationExpiresAt: soon, providerStatus: "CAPTURED", capturedAmount: 4_000 }), NOW)).toEqual([]);
    expect(reconcileReasons(order({ authorizationExpiresAt: soon, status: "cancelled" }), NOW)).toEqual([]);
    expect(reconcileReasons(order({ authorizationExpiresAt: soon, providerStatus: "EXPIRED" }), NOW)).toEqual([]);
  });

  it("gives both reasons when both apply", () => {
    expect(
      reconcileReasons(order({ status: "pending", createdAt: minutesAgo(30), authorizationExpiresAt: hoursAhead(1) }), NOW),
    ).toEqual(["unacknowledged", "expiring"]);
  });
});
