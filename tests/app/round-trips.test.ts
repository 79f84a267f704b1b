import { describe, expect, it, vi } from "vitest";
import { POST as authorizationCallback } from "@/app/api/klarna/authorization/route";
import { POST as push } from "@/app/api/klarna/push/route";
import { POST as validation } from "@/app/api/kustom/validation/route";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { countingRoundTrips } from "@/db/round-trips";
import { orders, products } from "@/db/schema";
import type { CheckoutSession } from "@/lib/checkout/session-store";
import { kustomMerchantUrls } from "@/lib/payments/kustom/merchant-urls";
import { authorizationUrl, cartWith as klarnaCartWith, openSession, placedKlarnaOrder, pushUrl } from "../integration/support/klarna-orders";
import { simulatedKlarnaForFile } from "../integration/support/simulated-klarna";
import { cartWith, couponRow, insertCoupon, kustomOrderOf, kustomSessionFor, uniqueCode } from "../lib/validation/support";

// env() is read once, on first use: the store's public URL must be set before anything touches it.
const STORE_URL = vi.hoisted(() => {
  const url = "https://shop.trailhead.test";
  process.env.STORE_URL = url;
  return url;
});

/**
 * Database round trips per request (db/round-trips.ts): a network database (Turso) charges a round trip for each
 * statement, batch, BEGIN and COMMIT. Exact counts, not timings, the same on both drivers. Issue 28's ceilings are
 * 6 for a first delivery, 3 for a duplicate, 3 for a validation; where the store does not meet one yet, the test
 * holds it to what it makes today, so that no change adds a round trip unnoticed (lower these as they come down).
 */
const CEILING = {
  // Issue 28: 6, met (was 22): the checkout by its token with the order made from it (one read, which also answers
  // a duplicate); the products and block list (one batch); the order's creation (one write batch: the order with its
  // settlement claim, stock, cart, session and event row); after Klarna's acknowledgement the marking, its event row
  // and the confirmation email's outbox row, written claimed (one write batch); and in the background the email's
  // send record (it lands once the send has given up here, hence the settling time).
  pushFirst: 5,
  // Issue 28: 3, met: the one read of the checkout and its settled order.
  pushDuplicate: 1,
  // A first push whose order the store will not ship: as a first push, with the cancellation at Klarna, the marking,
  // its event row and the cancellation email's outbox row in the one write batch after it.
  pushShortOfStock: 5,
  // Klarna Payments' authorization callback places the order at Klarna first. Issue 28: 6, met (was 12, then 10, then
  // 8): the session by its token (handed on to place order and finalize, not read again); the merchant's rules
  // (lib/validation: the cart, its code and the block list, one batch); the order number's allocation, its write on
  // the session and the placement's claim (one write batch, before Klarna is called); then finalize's, as for a push
  // but without its read, since the rules' products and block list are handed on: the order's creation with the placed
  // order's record on the session (one write batch: what stops a second placement, durable with the order), the
  // acknowledgement's batch, and in the background the email's send record. Finalize is handed Klarna's answer to the
  // placement instead of reading the order back from Klarna (the calls to Klarna are counted below).
  authorizationFirst: 6,
  // Issue 28: 3, met (was 5): the session; finalize re-reads the order at Klarna, the rules (one batch) and the
  // creation's batch, which finds the order and writes only the authorization's expiry the first callback could not
  // know (create order does not report it).
  authorizationRepeated: 3,
  // Issue 28: once the order is settled with its expiry known, a further repeat is the session with its order's
  // settlement and expiry (one read, app/api/klarna/authorization/route.ts), answered as placed.
  authorizationSettled: 1,
  // Issue 28: 3, met: the session with the cart's lines, its code and the block list, found by the callback token in
  // one statement (lib/validation/validate-order.ts validationReadByCallbackToken); the claim of the code's use in one write batch (the first validation of a checkout with a code); the
  // event row. A repeated one finds its claim: 2.
  validationFirst: 3,
  validationRepeated: 2,
};

const klarnaSimulator = simulatedKlarnaForFile("round-trips");

/**
 * The store's calls to Klarna's APIs (Payments, Order Management) while `calls` is being filled: the store's Klarna
 * client takes the global fetch when it is first made, so the wrapper goes in before any test runs.
 */
let klarnaCalls: string[] | null = null;
const originalFetch = globalThis.fetch;
globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (klarnaCalls && /^\/(payments|ordermanagement)\//.test(url.pathname)) {
    const path = url.pathname.replace(/\/(sessions|authorizations|orders)\/[^/]+/, "/$1/{id}");
    klarnaCalls.push(`${(init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase()} ${path}`);
  }
  return originalFetch(input, init);
}) as typeof fetch;
async function withKlarnaCalls<T>(work: () => Promise<T>): Promise<T & { klarnaCalls: string[] }> {
  const calls: string[] = [];
  klarnaCalls = calls;
  try {
    return { ...(await work()), klarnaCalls: calls };
  } finally {
    klarnaCalls = null;
  }
}
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 300));

describe("database round trips per callback", () => {
  it("Klarna's push: at most 6 for the first delivery, at most 3 for a duplicate", async () => {
    const order = await placedKlarnaOrder(klarnaSimulator().sim, [{ slug: "hiking-wool-socks", quantity: 1 }]);
    const url = pushUrl(order.session, order.klarnaOrderId);
    // The confirmation email is sent in the background: time for it to finish, so that it is always counted.
    const first = await countingRoundTrips(() => push(new Request(url, { method: "POST" })), settle);
    expect(first.result.status).toBe(200);
    const duplicate = await countingRoundTrips(() => push(new Request(url, { method: "POST" })), settle);
    expect(duplicate.result.status).toBe(200);
    console.log(`push round trips: first ${first.roundTrips}, duplicate ${duplicate.roundTrips}`);
    expect(first.roundTrips).toBeLessThanOrEqual(CEILING.pushFirst);
    expect(duplicate.roundTrips).toBeLessThanOrEqual(CEILING.pushDuplicate);
  });

  it("Klarna's push of an order short of stock: created unfulfillable and cancelled at Klarna in as few as a first push", async () => {
    const order = await placedKlarnaOrder(klarnaSimulator().sim, [{ slug: "packable-sun-hat", quantity: 2 }]);
    await db().update(products).set({ stock: 1 }).where(eq(products.slug, "packable-sun-hat"));
    const first = await countingRoundTrips(() => push(new Request(pushUrl(order.session, order.klarnaOrderId), { method: "POST" })), settle);
    expect(first.result.status).toBe(200);
    expect(await first.result.json()).toMatchObject({ status: "cancelled" });
    console.log(`push round trips, short of stock: ${first.roundTrips}`);
    expect(first.roundTrips).toBeLessThanOrEqual(CEILING.pushShortOfStock);
  });

  it("Klarna's authorization callback: the order placed, created and acknowledged", async () => {
    const session = await openSession(await klarnaCartWith([{ slug: "hiking-wool-socks", quantity: 1 }]));
    const authorizationToken = await klarnaSimulator().sim.authorize(session.klarnaSessionId);
    const body = JSON.stringify({ authorization_token: authorizationToken, session_id: session.klarnaSessionId });
    const request = () => new Request(authorizationUrl(session), { method: "POST", headers: { "Content-Type": "application/json" }, body });
    const first = await withKlarnaCalls(() => countingRoundTrips(() => authorizationCallback(request()), settle));
    expect(first.result.status).toBe(200);
    const repeated = await withKlarnaCalls(() => countingRoundTrips(() => authorizationCallback(request()), settle));
    expect(repeated.result.status).toBe(200);
    console.log(`authorization callback round trips: first ${first.roundTrips}, repeated ${repeated.roundTrips}`);
    console.log(`authorization callback calls to Klarna: first ${first.klarnaCalls.join(", ")}; repeated ${repeated.klarnaCalls.join(", ")}`);
    expect(first.roundTrips).toBeLessThanOrEqual(CEILING.authorizationFirst);
    expect(repeated.roundTrips).toBeLessThanOrEqual(CEILING.authorizationRepeated);
    // Calls to Klarna, exact (issue 28: each is HTTP to the vendor). The first was 4: finalize also read the order just
    // placed back from Order Management (GET /ordermanagement/v1/orders/{id}); the placement's answer now stands for it
    // (lib/payments/klarna-payments/placement-purchase.ts). The session read stays: the foreign-token check and the
    // authorized addresses for the merchant's rules (place-order.ts). A repeated callback finds the order placed
    // earlier and reads it (the store did not place it in this call), finding it acknowledged.
    expect(first.klarnaCalls).toEqual([
      "GET /payments/v1/sessions/{id}",
      "POST /payments/v1/authorizations/{id}/order",
      "POST /ordermanagement/v1/orders/{id}/acknowledge",
    ]);
    expect(repeated.klarnaCalls).toEqual(["GET /ordermanagement/v1/orders/{id}"]);
    // Create order reports no expiry: the order's row gets it from the first later read of the order (here the
    // repeated callback's), in the creation batch that finds the order, without a round trip of its own.
    const [row] = await db().select({ expiresAt: orders.authorizationExpiresAt, fraudStatus: orders.fraudStatus, providerStatus: orders.providerStatus }).from(orders).where(eq(orders.checkoutSessionId, session.id));
    expect(row).toMatchObject({ fraudStatus: "ACCEPTED", providerStatus: "AUTHORIZED" });
    expect(row!.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    // A further repeat, the order settled with its expiry known: nothing left to do, answered from the store alone.
    const settled = await withKlarnaCalls(() => countingRoundTrips(() => authorizationCallback(request()), settle));
    expect(await settled.result.json()).toEqual({ status: "placed" });
    expect(settled.roundTrips).toBe(CEILING.authorizationSettled);
    expect(settled.klarnaCalls).toEqual([]);
  });

  it("Kustom's validation: at most 3, the first call (which claims the code's use) and a repeated one", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("RT"), maxUses: 1 });
    const session = await kustomSessionFor(await cartWith([{ slug: "titanium-mug-450", quantity: 2 }], code));
    const call = () => validation(validationRequest(session));
    const first = await countingRoundTrips(call);
    expect(first.result.status).toBe(200);
    const repeated = await countingRoundTrips(call);
    expect(repeated.result.status).toBe(200);
    // The first claimed the code's one use; the repeat found its claim.
    expect((await couponRow(code)).uses).toBe(1);
    console.log(`validation round trips: first ${first.roundTrips}, repeated ${repeated.roundTrips}`);
    expect(first.roundTrips).toBeLessThanOrEqual(CEILING.validationFirst);
    expect(repeated.roundTrips).toBeLessThanOrEqual(CEILING.validationRepeated);
  });
});

function validationRequest(session: CheckoutSession): Request {
  const template = kustomMerchantUrls(STORE_URL, session.callbackToken).validation!;
  const url = template.replace("{checkout.order.id}", encodeURIComponent(session.klarnaSessionId));
  return new Request(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(kustomOrderOf(session)) });
}
