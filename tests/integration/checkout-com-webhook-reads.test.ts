import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as webhook } from "@/app/api/checkout-com/webhooks/route";
import { db } from "@/db";
import { orders } from "@/db/schema";
import { countingRoundTrips } from "@/db/round-trips";
import { checkoutCom } from "@/lib/payments/checkout-com";
import { capturePayment } from "@/lib/payments/checkout-com/back-office";
import { checkoutComSimulatorForFile, signedCheckoutComEvent } from "./support/checkout-com";

/**
 * How often one Checkout.com webhook reads Checkout.com (issue 28: every call is HTTP to the vendor, on the same
 * cores as the store in the benches), with its database round trips. The webhook reads the payment itself (never the
 * body: delivery is at least once and in no order, reference/checkout-com/notes.md §10) and hands what it read to finalize, which does not read it again; the
 * payment's actions are read only while the back office waits for an action's outcome. Exact calls and round-trip ceilings, so a change that
 * adds a read fails here.
 */

const checkoutComSimulator = checkoutComSimulatorForFile();

/** The store's calls to Checkout.com while `work` runs (the SDK calls the global fetch), and its round trips. */
async function observed(work: () => Promise<Response>): Promise<{ body: unknown; calls: string[]; roundTrips: number }> {
  const calls: string[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.includes("/checkout-com/")) calls.push(`${(init?.method ?? "GET").toUpperCase()} ${new URL(url).pathname.replace(/^\/checkout-com/, "").replace(/pay_\w+/, "{id}")}`);
    return original(input, init);
  }) as typeof fetch;
  try {
    const { result, roundTrips } = await countingRoundTrips(work, () => new Promise((resolve) => setTimeout(resolve, 300)));
    return { body: await result.json(), calls, roundTrips };
  } finally {
    globalThis.fetch = original;
  }
}

let events = 0;
const event = (type: string, paymentId: string) => () => webhook(signedCheckoutComEvent(type, paymentId, `evt_${`rd${++events}`.padEnd(26, "0")}`));

describe("Checkout.com webhook: reads of Checkout.com per event", () => {
  it("a first approval reads the payment and its actions once; a later event on its order reads the payment only", async () => {
    const paymentId = await checkoutComSimulator().payment(`reads-${Math.random().toString(36).slice(2)}`);
    const first = await observed(event("payment_approved", paymentId));
    expect(first.body).toEqual({ received: true, outcome: "applied" });
    // Before: GET /payments/{id} twice (the webhook's read and finalize's) and the actions.
    expect(first.calls.sort()).toEqual(["GET /payments/{id}", "GET /payments/{id}/actions"]);
    expect(first.roundTrips).toBeLessThanOrEqual(6);
    expect(await db().select({ id: orders.id }).from(orders).where(eq(orders.providerReference, paymentId))).toHaveLength(1);

    const later = await observed(event("payment_pending", paymentId));
    expect(later.body).toEqual({ received: true, outcome: "applied" });
    // Before: 3 calls, and a read of the order before finalize (now read with the event's record).
    expect(later.calls).toEqual(["GET /payments/{id}"]);
    // The event's record with the payment's facts (its order among them), then the payment's state with the events'
    // mark. Finalize, handed the settled order read with the record, reads and writes nothing when nothing changed.
    // Before: 5 (the order was read on its own before finalize), then 4 (finalize's rules' read and creation batch).
    expect(later.roundTrips).toBe(2);
  });

  it("while a back-office action waits for its outcome, the event reads the actions and settles it", async () => {
    const paymentId = await checkoutComSimulator().payment(`reads-${Math.random().toString(36).slice(2)}`);
    await webhook(signedCheckoutComEvent("payment_approved", paymentId, `evt_${`rd${++events}`.padEnd(26, "0")}`));
    const { client, store } = checkoutCom();
    const captured = await capturePayment({ client, store, formatMoney: String }, paymentId, { amount: 34_900, final: true, idempotencyKey: `cap-${paymentId}` });
    expect(captured.ok).toBe(true);
    expect((await store.actionsOf(paymentId)).map((action) => action.outcome)).toEqual(["requested"]);
    await checkoutComSimulator().decided();
    const later = await observed(event("payment_captured", paymentId));
    expect(later.body).toEqual({ received: true, outcome: "applied" });
    expect(later.calls.sort()).toEqual(["GET /payments/{id}", "GET /payments/{id}/actions"]);
    expect((await store.actionsOf(paymentId)).map((action) => action.outcome)).toEqual(["approved"]);
  });
});
