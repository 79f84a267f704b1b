import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { POST as kustomPush } from "@/app/api/kustom/push/route";
import { POST as kustomValidation } from "@/app/api/kustom/validation/route";
import { finalize } from "@/lib/orders/finalize";
import { findOrderByKlarnaId } from "@/lib/orders/order-store";
import { kustomMerchantUrls } from "@/lib/payments/kustom/merchant-urls";
import { openKustomCheckout } from "@/lib/payments/kustom/open-checkout";
import { MARKETS } from "@/lib/pricing/markets";
import { cartWith, stockBySlug } from "./support/klarna-orders";
import { startRouteServer } from "./support/route-server";
import { startSimulator, temporaryDirectory, type ServerProcess } from "./support/child-servers";
import { simulatorControl, type SimulatorControl } from "./support/simulator-control";

// Kustom Checkout end to end against the simulator's Checkout v3 and Kustom's Order Management: the simulator calls
// the store's validation and push routes (served in this process), as Kustom would call the running store.

let simulator: ServerProcess;
let sim: SimulatorControl;
let store: Awaited<ReturnType<typeof startRouteServer>>;
let removeTemporary: () => void;

beforeAll(async () => {
  const temporary = temporaryDirectory("kustom-checkout-");
  removeTemporary = temporary.remove;
  simulator = await startSimulator({ dbPath: path.join(temporary.directory, "simulator.db") });
  sim = simulatorControl(simulator.url);
  store = await startRouteServer({ "/api/kustom/validation": kustomValidation, "/api/kustom/push": kustomPush });
  // Read once by env() on first use, so set before any store code runs.
  process.env.KLARNA_API_URL = simulator.url;
  process.env.KUSTOM_API_URL = `${simulator.url}/kustom`;
  process.env.STORE_URL = store.url;
}, 60_000);

afterAll(async () => {
  await store?.close();
  await simulator?.stop();
  removeTemporary?.();
});

const completion = z.object({ result: z.string(), order_id: z.string().optional(), location: z.string().optional(), error_type: z.string().optional(), error_text: z.string().optional() });

/** Presses Buy in the hosted checkout as a sample customer, through the simulator's test helper. */
async function buy(kustomOrderId: string, shopper: Record<string, string>) {
  const response = await fetch(`${simulator.url}/_sim/kustom/orders/${encodeURIComponent(kustomOrderId)}/complete`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ given_name: "Alice", family_name: "Test", street_address: "Storgatan 1", postal_code: "11122", city: "Stockholm", ...shopper }),
  });
  return { status: response.status, body: completion.parse(await response.json()) };
}

async function kustomOrder(id: string) {
  const response = await fetch(`${simulator.url}/_sim/kustom/orders/${encodeURIComponent(id)}`);
  return z
    .object({ status: z.string(), order_amount: z.number(), acknowledged: z.boolean(), order_status: z.string().nullable() })
    .parse(await response.json());
}

async function openFor(lines: Parameters<typeof cartWith>[0], market = MARKETS.SE) {
  const cartId = await cartWith(lines);
  const opened = await openKustomCheckout(cartId, market);
  if (opened.status !== "ready") throw new Error(`checkout is ${opened.status}`);
  return { cartId, ...opened };
}

describe("Kustom Checkout", () => {
  it("creates a checkout order from the cart with the order number, the session and Kustom's merchant URLs", async () => {
    const { session, snippet } = await openFor([{ slug: "hiking-wool-socks", quantity: 2 }]);
    expect(session.provider).toBe("kustom");
    expect(session.orderNumber).toMatch(/^ORD-\d{4}-\d{6}$/);
    expect(snippet).toContain("<script");
    const order = await kustomOrder(session.klarnaSessionId);
    expect(order).toMatchObject({ status: "checkout_incomplete", order_amount: session.order.order_amount });
  });

  it("turns a purchase into one acknowledged order from the confirmation page, and the push then finds it settled", async () => {
    const before = (await stockBySlug(["hiking-wool-socks"])).get("hiking-wool-socks")!;
    const { session } = await openFor([{ slug: "hiking-wool-socks", quantity: 2 }]);
    const bought = await buy(session.klarnaSessionId, { email: "customer@email.se" });
    expect(bought).toMatchObject({ status: 200, body: { result: "complete" } });

    const [first, again] = await Promise.all([
      finalize({ provider: "kustom", reference: session.klarnaSessionId }, "confirmation"),
      finalize({ provider: "kustom", reference: session.klarnaSessionId }, "confirmation"),
    ]);
    expect([first.created, again.created].filter(Boolean)).toHaveLength(1);
    const order = await findOrderByKlarnaId(session.klarnaSessionId);
    expect(order).toMatchObject({ status: "acknowledged", orderNumber: session.orderNumber, checkoutSessionId: session.id });
    expect((await stockBySlug(["hiking-wool-socks"])).get("hiking-wool-socks")).toBe(before - 2);
    expect(await kustomOrder(session.klarnaSessionId)).toMatchObject({ status: "checkout_complete", acknowledged: true });

    // Kustom stops pushing once acknowledged (notes.md §7): a day later no push has reached the store.
    await sim.advanceClock("24h");
    const detail = await sim.order(session.klarnaSessionId).catch(() => null);
    expect(detail?.callbacks.filter((call) => call.kind === "push") ?? []).toHaveLength(0);
  });

  it("creates and acknowledges the order from the push when the confirmation page never loaded", async () => {
    const { session } = await openFor([{ slug: "hiking-wool-socks", quantity: 1 }]);
    expect((await buy(session.klarnaSessionId, { email: "customer@email.se" })).status).toBe(200);
    expect(await findOrderByKlarnaId(session.klarnaSessionId)).toBeNull();

    const fired = await sim.advanceClock("3m");
    expect(fired.some((job) => job.kind === "push" && job.order_id === session.klarnaSessionId && job.outcome === "sent")).toBe(true);
    expect(await findOrderByKlarnaId(session.klarnaSessionId)).toMatchObject({ status: "acknowledged" });
    expect(await kustomOrder(session.klarnaSessionId)).toMatchObject({ acknowledged: true });
  });

  it("denies a blocked shopper with 303 to the rejection page, and nothing is ordered", async () => {
    const { session } = await openFor([{ slug: "hiking-wool-socks", quantity: 1 }]);
    const bought = await buy(session.klarnaSessionId, { email: "blocked@email.se" });
    expect(bought.body.result).toBe("validation_redirect");
    expect(bought.body.location).toBe(`${store.url}/checkout/rejected?reason=blocked`);
    expect(await kustomOrder(session.klarnaSessionId)).toMatchObject({ status: "checkout_incomplete", order_status: null });
  });

  it("keeps the shopper in the checkout with a message for a postcode the carrier does not serve", async () => {
    const { session } = await openFor([{ slug: "hiking-wool-socks", quantity: 1 }], MARKETS.GB);
    const bought = await buy(session.klarnaSessionId, { email: "customer@email.gb", postal_code: "HS1 2AB", city: "Stornoway" });
    expect(bought.body).toMatchObject({ result: "validation_error", error_type: "unsupported_shipping_address" });
    expect(bought.body.error_text).toMatch(/cannot deliver to this postcode/);
  });

  it("updates the open checkout when the cart changes, so the old amount is never charged", async () => {
    const { cartId, session } = await openFor([{ slug: "hiking-wool-socks", quantity: 1 }]);
    const { addCartItem } = await import("@/lib/cart/cart-store");
    const { db } = await import("@/db");
    const { products } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    const [socks] = await db().select({ id: products.id }).from(products).where(eq(products.slug, "hiking-wool-socks"));
    await addCartItem(cartId, socks!.id, 1, 99);

    const reopened = await openKustomCheckout(cartId, MARKETS.SE);
    if (reopened.status !== "ready") throw new Error("not ready");
    expect(reopened.session.klarnaSessionId).toBe(session.klarnaSessionId);
    expect(reopened.session.order.order_amount).toBeGreaterThan(session.order.order_amount);
    expect((await kustomOrder(session.klarnaSessionId)).order_amount).toBe(reopened.session.order.order_amount);
  });

  it("refuses a purchase whose cart changed after the checkout was last updated", async () => {
    const { cartId, session } = await openFor([{ slug: "hiking-wool-socks", quantity: 1 }]);
    const { addCartItem } = await import("@/lib/cart/cart-store");
    const { db } = await import("@/db");
    const { products } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    const [socks] = await db().select({ id: products.id }).from(products).where(eq(products.slug, "hiking-wool-socks"));
    await addCartItem(cartId, socks!.id, 2, 99);

    const bought = await buy(session.klarnaSessionId, { email: "customer@email.se" });
    expect(bought.body.result).toBe("validation_redirect");
    expect(bought.body.location).toContain("reason=cart_changed");
  });

  it("opens a new checkout once the last one completed, since a completed checkout is read-only", async () => {
    const { cartId, session } = await openFor([{ slug: "hiking-wool-socks", quantity: 1 }]);
    const reopenedBefore = await openKustomCheckout(cartId, MARKETS.SE);
    expect(reopenedBefore.status === "ready" && reopenedBefore.session.id).toBe(session.id);
    expect((await buy(session.klarnaSessionId, { email: "customer@email.se" })).status).toBe(200);
    await finalize({ provider: "kustom", reference: session.klarnaSessionId }, "confirmation");
    // The store order emptied the cart; a new cart opens a new checkout.
    const next = await openFor([{ slug: "hiking-wool-socks", quantity: 1 }]);
    expect(next.session.klarnaSessionId).not.toBe(session.klarnaSessionId);
  });

  describe("bad input on Kustom's callbacks gets a clear 4xx and changes nothing", () => {
    const validationUrl = (token: string, id = "0000000000") =>
      kustomMerchantUrls(store.url, token).validation!.replace("{checkout.order.id}", id);

    it("validation: no token 400, a forged token 401, another checkout's order 404, not JSON 415, too large 413", async () => {
      const { session } = await openFor([{ slug: "hiking-wool-socks", quantity: 1 }]);
      const body = JSON.stringify({ order_id: session.klarnaSessionId, ...session.order });
      const post = (url: string, init: { body?: string; type?: string } = {}) =>
        fetch(url, { method: "POST", headers: { "Content-Type": init.type ?? "application/json" }, body: init.body ?? body });

      expect((await post(`${store.url}/api/kustom/validation`)).status).toBe(400);
      expect((await post(validationUrl("forged-token-0123456789abcdef"))).status).toBe(401);
      const otherOrder = JSON.stringify({ ...JSON.parse(body), order_id: "11111111-2222-3333-4444-555555555555" });
      expect((await post(validationUrl(session.callbackToken), { body: otherOrder })).status).toBe(404);
      expect((await post(validationUrl(session.callbackToken), { type: "text/plain" })).status).toBe(415);
      expect((await post(validationUrl(session.callbackToken), { body: "x".repeat(2 * 1024 * 1024) })).status).toBe(413);
      expect((await post(validationUrl(session.callbackToken), { body: "{" })).status).toBe(400);
      expect(await kustomOrder(session.klarnaSessionId)).toMatchObject({ status: "checkout_incomplete" });
    });

    it("push: a malformed id 400, a forged token 401, a Klarna Payments session's token 401, an unknown order 404", async () => {
      const { session } = await openFor([{ slug: "hiking-wool-socks", quantity: 1 }]);
      const push = (id: string, token: string) =>
        fetch(`${store.url}/api/kustom/push?kustom_order_id=${encodeURIComponent(id)}&token=${encodeURIComponent(token)}`, { method: "POST" });
      expect((await push("../../etc", session.callbackToken)).status).toBe(400);
      expect((await push(session.klarnaSessionId, "forged-token-0123456789abcdef")).status).toBe(401);
      expect((await push("11111111-2222-3333-4444-555555555555", session.callbackToken)).status).toBe(404);
      expect(await findOrderByKlarnaId(session.klarnaSessionId)).toBeNull();
    });
  });
});
