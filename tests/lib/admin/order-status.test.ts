import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { orders } from "@/db/schema";
import { listOrders, parseListQuery } from "@/lib/admin/order-list";
import { deriveOrderStatus, derivedStatusSql, type StatusInputs } from "@/lib/admin/order-status";

const NOW = new Date("2026-03-01T12:00:00.000Z");

const base: StatusInputs = {
  status: "acknowledged",
  providerStatus: "AUTHORIZED",
  orderAmount: 10_000,
  capturedAmount: 0,
  refundedAmount: 0,
  authorizationExpiresAt: "2026-03-20T12:00:00.000Z",
  createdAt: "2026-02-20T12:00:00.000Z",
};

const CASES: [string, Partial<StatusInputs>, string][] = [
  ["placed while the store has not acknowledged it", { status: "pending" }, "placed"],
  ["acknowledged with nothing captured", {}, "acknowledged"],
  ["part-captured", { providerStatus: "PART_CAPTURED", capturedAmount: 4_000 }, "part-captured"],
  ["captured in full", { providerStatus: "CAPTURED", capturedAmount: 10_000 }, "captured"],
  ["captured after the rest was released", { providerStatus: "CAPTURED", capturedAmount: 4_000 }, "captured"],
  ["captured, by amount, before Klarna's state was read", { providerStatus: null, capturedAmount: 10_000 }, "captured"],
  ["captured, partly refunded", { providerStatus: "CAPTURED", capturedAmount: 10_000, refundedAmount: 2_000 }, "captured"],
  ["refunded when all that was captured is refunded", { providerStatus: "CAPTURED", capturedAmount: 4_000, refundedAmount: 4_000 }, "refunded"],
  ["cancelled in the store", { status: "cancelled" }, "cancelled"],
  ["cancelled at Klarna", { providerStatus: "CANCELLED" }, "cancelled"],
  ["expired at Klarna", { providerStatus: "EXPIRED" }, "expired"],
  ["expired when the authorization has ended with nothing captured", { authorizationExpiresAt: "2026-03-01T11:00:00.000Z" }, "expired"],
  [
    "expired when Klarna's expiry is unknown and the default 28 days have passed",
    { providerStatus: null, authorizationExpiresAt: null, createdAt: "2026-01-30T12:00:00.000Z" },
    "expired",
  ],
  [
    "not expired within the default 28 days",
    { providerStatus: null, authorizationExpiresAt: null, createdAt: "2026-02-02T12:00:01.000Z" },
    "acknowledged",
  ],
];

let sequence = 0;
async function insert(row: StatusInputs) {
  sequence += 1;
  const [inserted] = await db()
    .insert(orders)
    .values({
      providerReference: `status-test-${sequence}`,
      klarnaOrderId: `status-test-${sequence}`,
      orderNumber: `ORD-STATUS-${String(sequence).padStart(3, "0")}`,
      accessToken: `token-${sequence}`,
      market: "SE",
      currency: "SEK",
      locale: "en-SE",
      email: `shopper${sequence}@example.com`,
      orderAmount: row.orderAmount,
      orderTaxAmount: 0,
      lines: [],
      status: row.status,
      providerStatus: row.providerStatus,
      capturedAmount: row.capturedAmount,
      refundedAmount: row.refundedAmount,
      authorizationExpiresAt: row.authorizationExpiresAt,
      createdAt: row.createdAt,
    })
    .returning({ id: orders.id });
  return inserted!.id;
}

describe("order status", () => {
  for (const [name, change, expected] of CASES) {
    it(`is ${name}, the same in code and in SQL`, async () => {
      const row = { ...base, ...change };
      expect(deriveOrderStatus(row, NOW)).toBe(expected);
      const id = await insert(row);
      const [fromSql] = await db().select({ status: derivedStatusSql(NOW) }).from(orders).where(eq(orders.id, id));
      expect(fromSql?.status).toBe(expected);
    });
  }
});

describe("order list", () => {
  it("filters by derived status, searches by order number or e-mail, and counts per status", async () => {
    const captured = await listOrders(parseListQuery({ status: "captured" }), NOW);
    expect(captured.rows.length).toBe(captured.counts.captured);
    expect(captured.rows.every((row) => row.status === "captured")).toBe(true);
    expect(captured.counts.all).toBeGreaterThanOrEqual(CASES.length);

    const byNumber = await listOrders(parseListQuery({ q: "ord-status-003" }), NOW);
    expect(byNumber.rows.map((row) => row.orderNumber)).toEqual(["ORD-STATUS-003"]);
    const byEmail = await listOrders(parseListQuery({ q: "SHOPPER4@example" }), NOW);
    expect(byEmail.rows.map((row) => row.email)).toEqual(["shopper4@example.com"]);
    // LIKE wildcards in the search are literal characters.
    expect((await listOrders(parseListQuery({ q: "%" }), NOW)).total).toBe(0);
  });

  it("reads filters from the URL leniently and pages 20 at a time", async () => {
    expect(parseListQuery({ status: "nonsense", market: "XX", page: "-3", q: "  ORD  " })).toEqual({
      status: null,
      market: null,
      q: "ORD",
      page: 1,
    });
    for (let i = 0; i < 25; i += 1) await insert({ ...base, createdAt: "2026-02-21T00:00:00.000Z" });
    const second = await listOrders(parseListQuery({ page: "2" }), NOW);
    expect(second.page).toBe(2);
    expect(second.rows).toHaveLength(Math.min(20, second.total - 20));
    const beyond = await listOrders(parseListQuery({ page: "999" }), NOW);
    expect(beyond.page).toBe(beyond.pageCount);
  });
});
