import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as push } from "@/app/api/klarna/push/route";
import { finalize } from "@/lib/orders/finalize";
import { placedKlarnaOrder, pushUrl } from "./support/klarna-orders";
import { simulatedKlarnaForFile } from "./support/simulated-klarna";

// Duplicates of one push arrive together. In one process they share one finalize: one read of the order at Klarna,
// one acknowledge, and every duplicate answered 200 once it is settled (not 503 "being settled").
const klarnaForFile = simulatedKlarnaForFile("finalize-joined");

/** Klarna Order Management calls the store makes, by method and path; `null` while nobody is listening. */
let recorded: { klarnaOrderId: string; calls: string[] } | null = null;

// The Klarna client takes `fetch` when it is first built, so it is wrapped before any store code runs.
beforeAll(() => {
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
    if (recorded) {
      const request = new Request(input, init);
      const { pathname } = new URL(request.url);
      const id = recorded.klarnaOrderId;
      if (pathname.includes(`/ordermanagement/v1/orders/${id}`)) recorded.calls.push(`${request.method} ${pathname.replace(id, "{id}")}`);
    }
    return realFetch(input, init);
  });
});

afterAll(() => vi.restoreAllMocks());

/** The Order Management calls for one order made while `run` runs. */
async function callsDuring(klarnaOrderId: string, run: () => Promise<unknown>): Promise<string[]> {
  recorded = { klarnaOrderId, calls: [] };
  try {
    await run();
    return recorded.calls;
  } finally {
    recorded = null;
  }
}

describe("finalize shares one call among duplicates in the same process", () => {
  it("answers ten simultaneous pushes of a new order with 200 each, after one read and one acknowledge at Klarna", async () => {
    const { klarnaOrderId, session } = await placedKlarnaOrder(klarnaForFile().sim, [{ slug: "titanium-mug-450", quantity: 1 }]);
    let statuses: number[] = [];
    const calls = await callsDuring(klarnaOrderId, async () => {
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => push(new Request(pushUrl(session, klarnaOrderId), { method: "POST" }))),
      );
      statuses = responses.map((response) => response.status);
      for (const response of responses) expect(await response.json()).toMatchObject({ status: "acknowledged" });
    });
    expect(statuses).toEqual(Array.from({ length: 10 }, () => 200));
    expect(calls).toEqual(["GET /ordermanagement/v1/orders/{id}", "POST /ordermanagement/v1/orders/{id}/acknowledge"]);
  });

  it("tells a joined caller that it created and settled nothing itself", async () => {
    const { klarnaOrderId } = await placedKlarnaOrder(klarnaForFile().sim, [{ slug: "titanium-mug-450", quantity: 1 }]);
    const ref = { provider: "klarna-payments" as const, reference: klarnaOrderId };
    const [first, second] = await Promise.all([finalize(ref, "confirmation"), finalize(ref, "confirmation")]);
    expect(first).toMatchObject({ created: true, settlement: "acknowledged" });
    expect(second).toMatchObject({ created: false, settlement: "already_settled" });
    expect(second.order.id).toBe(first.order.id);
  });

  it("does not join callers of different checkouts, nor notifications and reconcile, which must read Klarna afresh", async () => {
    const { klarnaOrderId, session } = await placedKlarnaOrder(klarnaForFile().sim, [{ slug: "titanium-mug-450", quantity: 1 }]);
    const ref = { provider: "klarna-payments" as const, reference: klarnaOrderId };
    const calls = await callsDuring(klarnaOrderId, () =>
      Promise.allSettled([
        finalize(ref, "push", { expectedSessionId: session.id }),
        finalize(ref, "push", { expectedSessionId: "another-checkout" }),
        finalize(ref, "reconcile"),
        finalize(ref, "notification"),
      ]),
    );
    expect(calls.filter((call) => call === "GET /ordermanagement/v1/orders/{id}")).toHaveLength(4);
    expect(calls.filter((call) => call.endsWith("/acknowledge"))).toHaveLength(1);
  });
});
