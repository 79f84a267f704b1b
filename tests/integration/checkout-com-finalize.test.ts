import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as webhook } from "@/app/api/checkout-com/webhooks/route";
import { db } from "@/db";
import { orders, products } from "@/db/schema";
import { deriveOrderStatus } from "@/lib/admin/order-status";
import { reconcileOrder } from "@/lib/admin/reconcile";
import { finalize } from "@/lib/orders/finalize";
import { checkoutCom } from "@/lib/payments/checkout-com";
import { loadCheckoutComOrder } from "@/lib/payments/checkout-com/admin";
import { confirmCheckoutComPayment } from "@/lib/payments/checkout-com/confirmation";
import { confirmUndecidedCheckoutComPayments } from "@/lib/payments/checkout-com/reconcile";
import { checkoutSessions } from "@/db/schema";
import { cartWith, sessionFor } from "../lib/validation/support";
import type { CheckoutComClient } from "@/lib/payments/checkout-com/client";
import type { Simulator } from "@/simulator/create-simulator";
import { CHECKOUT_COM_SKU, signedCheckoutComEvent, startCheckoutComSimulator, type CheckoutComSimulator } from "./support/checkout-com";
import { mapWithLimit } from "./support/child-servers";

// The store's webhook route, confirmation and reconcile on Checkout.com payments, with the real finalize and an
// in-memory store database, against the simulator in-process.

let cko: CheckoutComSimulator;
let sim: Simulator;
let simUrl: string;
let client: CheckoutComClient;

beforeAll(async () => {
  cko = await startCheckoutComSimulator();
  ({ sim, url: simUrl, client } = cko);
});
afterAll(async () => sim.close());

const payment = (index: number, decide = true) => cko.payment(`test-${index}`, { decide });
const decided = () => cko.decided();

let events = 0;
const signed = (type: string, paymentId: string, id = `evt_${String(++events).padStart(26, "0")}`) => signedCheckoutComEvent(type, paymentId, id);

const stock = async () => (await db().select({ stock: products.stock }).from(products).where(eq(products.sku, CHECKOUT_COM_SKU)).get())!.stock;

describe("Checkout.com webhooks with the store's finalize", () => {
  it("refuses a forged webhook with 401 and makes no order", async () => {
    const id = await payment(0);
    const request = signed("payment_approved", id);
    const forged = new Request(request.url, { method: "POST", headers: { "Cko-Signature": "0".repeat(64) }, body: await request.text() });
    expect((await webhook(forged)).status).toBe(401);
    expect(await db().select().from(orders).where(eq(orders.providerReference, id))).toEqual([]);
  });

  it("keeps a webhook that arrives before its order and applies it once the order exists", async () => {
    const id = await payment(1);
    const early = await webhook(signed("payment_pending", id));
    expect(await early.json()).toEqual({ received: true, outcome: "kept" });
    expect(await checkoutCom().store.unappliedEvents(id)).toHaveLength(1);
    // The approval makes the order, through the same finalize, and applies what was kept.
    expect(await (await webhook(signed("payment_approved", id))).json()).toEqual({ received: true, outcome: "applied" });
    expect(await checkoutCom().store.unappliedEvents(id)).toEqual([]);
    const [order] = await db().select().from(orders).where(eq(orders.providerReference, id));
    expect(order).toMatchObject({ status: "acknowledged", paymentMethod: "Pay later", orderAmount: 34_900 });
  });

  it("makes each order exactly once while webhooks, duplicates, the confirmation page and reconcile race", { timeout: 60_000 }, async () => {
    const ids = await mapWithLimit(Array.from({ length: 20 }), 5, (_, index) => payment(100 + index));
    const before = await stock();
    const duplicate = (id: string) => `evt_dup${id.slice(4, 27)}`;
    await Promise.all(
      ids.flatMap((id) => [
        webhook(signed("payment_approved", id)),
        webhook(signed("payment_approved", id, duplicate(id))),
        webhook(signed("payment_approved", id, duplicate(id))),
        webhook(signed("payment_capture_pending", id)),
        finalize({ provider: "checkout-com", reference: id }, "confirmation"),
        reconcileOrder(id, "checkout-com"),
      ]),
    );
    const rows = await db().select().from(orders).where(inArray(orders.providerReference, ids));
    expect(rows).toHaveLength(ids.length);
    expect(new Set(rows.map((row) => row.providerReference)).size).toBe(ids.length);
    expect(rows.every((row) => row.status === "acknowledged")).toBe(true);
    expect(before - (await stock())).toBe(ids.length);
  });

  it("the confirmation page says Pending until Checkout.com decides, then shows the order (GET /payments/{id}, no webhook)", async () => {
    const id = await payment(2, false);
    expect(await confirmCheckoutComPayment(id, true)).toEqual({ state: "pending" });
    expect(await db().select().from(orders).where(eq(orders.providerReference, id))).toEqual([]);
    await decided();
    const confirmed = await confirmCheckoutComPayment(id, true);
    expect(confirmed).toMatchObject({ state: "order", order: { providerReference: id, status: "acknowledged", orderAmount: 34_900 } });
    // Between reads, the store's order answers.
    expect(await confirmCheckoutComPayment(id, false)).toMatchObject({ state: "order" });
  });

  it("a declined payment is told as declined and makes no order, by webhook or by reading it", async () => {
    await fetch(`${simUrl}/_sim/checkout-com/faults`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ target: "payment", mode: "decline", count: 2 }),
    });
    const read = await payment(3);
    expect(await confirmCheckoutComPayment(read, true)).toEqual({ state: "declined" });
    const told = await payment(4);
    expect(await (await webhook(signed("payment_declined", told))).json()).toEqual({ received: true, outcome: "applied" });
    // The webhook recorded the decline: the page knows it without reading Checkout.com again.
    expect(await confirmCheckoutComPayment(told, false)).toEqual({ state: "declined" });
    expect(await db().select().from(orders).where(inArray(orders.providerReference, [read, told]))).toEqual([]);
  });

  it("reconcile confirms a Pending payment whose webhook never came, once Checkout.com approved it", async () => {
    const id = await payment(5, false);
    const session = await sessionFor(await cartWith([{ slug: "titanium-mug-450", quantity: 1 }]));
    const placedAt = new Date(Date.now() - 5 * 60_000).toISOString();
    await db().update(checkoutSessions).set({ provider: "checkout-com", providerReference: id, createdAt: placedAt }).where(eq(checkoutSessions.id, session.id));
    // Still Pending: nothing to make yet.
    expect(await confirmUndecidedCheckoutComPayments(new Date())).toBe(0);
    await decided();
    expect(await confirmUndecidedCheckoutComPayments(new Date())).toBe(1);
    expect(await db().select({ status: orders.status }).from(orders).where(eq(orders.providerReference, id))).toEqual([{ status: "acknowledged" }]);
    // Its order exists now: the next pass does not look at it again.
    expect(await confirmUndecidedCheckoutComPayments(new Date())).toBe(0);
  });

  it("captures and refunds reported by webhooks reach the order row the back office's list and reconcile read", async () => {
    const id = await payment(7);
    expect(await (await webhook(signed("payment_approved", id))).json()).toEqual({ received: true, outcome: "applied" });
    const row = async () => (await db().select().from(orders).where(eq(orders.providerReference, id)))[0]!;
    expect(await row()).toMatchObject({ status: "acknowledged", capturedAmount: 0 });
    expect(deriveOrderStatus(await row())).toBe("acknowledged");

    // Captured outside this store's back office (Checkout.com's dashboard, another instance): only the webhook tells.
    await client.capture(id, { amount: 34_900, capture_type: "Final" }, `cap-${id}`);
    await decided();
    expect(await (await webhook(signed("payment_captured", id))).json()).toEqual({ received: true, outcome: "applied" });
    expect(await row()).toMatchObject({ capturedAmount: 34_900, refundedAmount: 0, providerStatus: "Captured" });
    expect(deriveOrderStatus(await row())).toBe("captured");

    await client.refund(id, { amount: 34_900 }, `ref-${id}`);
    await decided();
    expect(await (await webhook(signed("payment_refunded", id))).json()).toEqual({ received: true, outcome: "applied" });
    expect(await row()).toMatchObject({ capturedAmount: 34_900, refundedAmount: 34_900 });
    expect(deriveOrderStatus(await row())).toBe("refunded");
  });

  it("a void made outside the store, told by a later webhook, cancels the settled order and puts its stock back", async () => {
    const id = await payment(8);
    expect(await (await webhook(signed("payment_approved", id))).json()).toEqual({ received: true, outcome: "applied" });
    const row = async () => (await db().select().from(orders).where(eq(orders.providerReference, id)))[0]!;
    expect(await row()).toMatchObject({ status: "acknowledged" });
    const before = await stock();
    // Voided in Checkout.com's dashboard: the webhook's record reads the settled order, and finalize, handed it, keeps
    // it in step with the payment it read (FinalizeOptions.order) without reading it again.
    await client.void(id, {}, `void-${id}`);
    await decided();
    expect(await (await webhook(signed("payment_voided", id))).json()).toEqual({ received: true, outcome: "applied" });
    expect(await row()).toMatchObject({ status: "cancelled", providerStatus: "Voided" });
    expect(await stock()).toBe(before + 1);
  });

  it("the back office's order page writes what it reads live on the order row: Captured, then Refunded, then the list agrees", async () => {
    const id = await payment(8);
    expect(await (await webhook(signed("payment_approved", id))).json()).toEqual({ received: true, outcome: "applied" });
    const row = async () => (await db().select().from(orders).where(eq(orders.providerReference, id)))[0]!;
    const format = (amount: number) => String(amount);
    // Captured and refunded with no webhook afterwards: the merchant opening the order is what reads it.
    await client.capture(id, { amount: 34_900, capture_type: "Final" }, `cap-${id}`);
    await decided();
    const captured = await loadCheckoutComOrder(await row(), format);
    expect(captured.payment?.balances.total_captured).toBe(34_900);
    expect(await row()).toMatchObject({ capturedAmount: 34_900, refundedAmount: 0, providerStatus: "Captured" });
    expect(deriveOrderStatus(await row())).toBe("captured");
    await client.refund(id, { amount: 34_900 }, `ref-${id}`);
    await decided();
    await loadCheckoutComOrder(await row(), format);
    expect(await row()).toMatchObject({ capturedAmount: 34_900, refundedAmount: 34_900 });
    expect(deriveOrderStatus(await row())).toBe("refunded");
  });
});
