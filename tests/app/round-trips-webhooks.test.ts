import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as checkoutComWebhook } from "@/app/api/checkout-com/webhooks/route";
import { POST as networkWebhook } from "@/app/api/klarna/webhooks/route";
import { POST as kustomPushRoute } from "@/app/api/kustom/push/route";
import { db } from "@/db";
import { orders } from "@/db/schema";
import { countingRoundTrips } from "@/db/round-trips";
import { startPayment } from "@/lib/payments/klarna-network/checkout";
import { openKustomCheckout } from "@/lib/payments/kustom/open-checkout";
import { MARKETS } from "@/lib/pricing/markets";
import type { Simulator } from "@/simulator/create-simulator";
import { sign } from "@/simulator/klarna-network/webhooks";
import { startCheckoutComSimulator, signedCheckoutComEvent, type CheckoutComSimulator } from "../integration/support/checkout-com";
import { closedUrl } from "../integration/support/child-servers";
import { cartWith } from "../integration/support/klarna-orders";

/**
 * Database round trips per webhook and push (db/round-trips.ts), the inbox's part of issue 28: Checkout.com's and
 * payment requests' signed webhooks (lib/payments/webhook-inbox.ts) and Kustom's push. Exact counts, the same on both
 * drivers. `finalize` (lib/orders/finalize.ts) is counted apart: its round trips, and those of the background work it
 * starts (the event rows' group commit, the confirmation email's outbox), are its own, and the rest are the inbox's
 * and the provider module's. Each ceiling is what the code makes today, so a change that adds a round trip fails here.
 */
const OWN = {
  // Issue 28: the inbox's own part at most 3 for a first delivery, met. The event's record (one upsert that also
  // answers a redelivery) with the payment's facts (its order, back-office actions waiting: one batch), then finalize
  // (handed the payment the webhook read, so Checkout.com is not read again), then the payment's state and actions
  // with the events' mark (one batch). A later event on an existing order: tests/integration/checkout-com-webhook-reads.test.ts.
  checkoutComFirst: 2,
  // The record, whose returned row says the event was applied.
  duplicate: 1,
  // The record with the checkout of its payment request (one batch), the token kept and the checkout re-read (one
  // conditional update, before Klarna's confirm), then finalize (which reuses the checkout session read); the
  // transaction's record and the event's mark go in finalize's acknowledgement batch (`settleWith`), so none after.
  networkFirst: 2,
  // The order for this callback token with its checkout session (one read, a repeat's answer), then finalize.
  kustomPushFirst: 1,
};
/**
 * The whole request, finalize included. Issue 28: 6 for a first delivery. Finalize's share as for a Klarna push, 4:
 * its reads in one batch (the rules' products and block list, with the checkout session when the caller does not hold
 * it and the renewal's order number when the session gives none), the order's creation in one write batch (with the
 * order number's allocation when the purchase brings none), the settlement's write batch, and in the background the
 * confirmation email's send record.
 */
const TOTAL = { checkoutComFirst: 6, networkFirst: 6, kustomPushFirst: 5, duplicate: 1, networkLater: 2 };

/** Lets background work (an event row's group commit, the email outbox) finish, so that it is always counted. */
const settle = vi.hoisted(() => () => new Promise<void>((resolve) => setTimeout(resolve, 300)));

/** Finalize's round trips, counted in a scope of their own (so not in the request's): see `counted`. */
const finalizeTrips = vi.hoisted(() => ({ count: 0 }));
vi.mock("@/lib/orders/finalize", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/orders/finalize")>();
  const { countingRoundTrips } = await import("@/db/round-trips");
  return {
    ...original,
    finalize: async (...args: Parameters<typeof original.finalize>) => {
      const { result, roundTrips } = await countingRoundTrips(() => original.finalize(...args), settle);
      finalizeTrips.count += roundTrips;
      return result;
    },
  };
});

/** A request's own round trips (finalize's not among them) and finalize's, each with its background work. */
async function counted(work: () => Promise<Response>): Promise<{ result: Response; own: number; finalize: number }> {
  finalizeTrips.count = 0;
  const { result, roundTrips } = await countingRoundTrips(work, settle);
  return { result, own: roundTrips, finalize: finalizeTrips.count };
}

// The simulator's preset Klarna signing key, which the store's defaults name (lib/env.ts).
const KLARNA_KEY_ID = "krn:partner:global:notification:signing-key:00000000-0000-4000-8000-000000000001";
const KLARNA_SIGNING_SECRET = "simulator-test-signing-key-0001";

let checkoutCom: CheckoutComSimulator;
let sim: Simulator;
let simUrl: string;

beforeAll(async () => {
  // Klarna's and Kustom's calls to the store go to a closed port: this file calls the store's routes itself.
  const storeUrl = await closedUrl();
  checkoutCom = await startCheckoutComSimulator((url) => ({
    KLARNA_NETWORK_API_URL: `${url}/klarna-network`,
    KLARNA_NETWORK_ROLE: "merchant",
    KLARNA_API_URL: url,
    KUSTOM_API_URL: `${url}/kustom`,
    STORE_URL: storeUrl,
  }));
  ({ sim, url: simUrl } = checkoutCom);
});
afterAll(async () => sim.close());

async function simControl(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${simUrl}${path}`, {
    method,
    headers: { Authorization: "Basic klarna_test_api_simulator_0000000000", ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text.slice(0, 200)}`);
  return (text === "" ? {} : JSON.parse(text)) as Record<string, unknown>;
}

/** A Klarna payment at the simulator's Checkout.com, approved, which the store has not heard of yet. */
const checkoutComPayment = () => checkoutCom.payment(`rt-${Math.random().toString(36).slice(2)}`);

function checkoutComEvent(type: string, paymentId: string, id: string): () => Request {
  return () => signedCheckoutComEvent(type, paymentId, id);
}

/** A payment request completed at the simulator with its webhooks dropped: its events, as Klarna made them. */
async function completedPaymentRequest(): Promise<{ events: { metadata: { event_id: string; event_type: string } }[] }> {
  await simControl("POST", "/_sim/klarna-network/faults", { kind: "webhook", mode: "drop" });
  try {
    const outcome = await startPayment({ cartId: await cartWith([{ slug: "nordic-trails-ebook", quantity: 1 }]), market: MARKETS.SE, remember: false });
    if (outcome.status !== "redirect") throw new Error(`startPayment: ${outcome.status}`);
    const uuid = outcome.url.split("/").at(-1) ?? "";
    const requests = (await simControl("GET", "/_sim/klarna-network/requests")).payment_requests as { payment_request_id: string }[];
    const id = requests.find((request) => request.payment_request_id.endsWith(uuid))?.payment_request_id;
    if (!id) throw new Error(`No payment request for ${outcome.url}`);
    await simControl("POST", `/_sim/klarna-network/requests/${encodeURIComponent(id)}/complete`, { email: "customer@email.se" });
    const detail = (await simControl("GET", `/_sim/klarna-network/requests/${encodeURIComponent(id)}`)) as {
      deliveries: { event: { metadata: { event_id: string; event_type: string } } }[];
    };
    return { events: detail.deliveries.map((delivery) => delivery.event) };
  } finally {
    await simControl("DELETE", "/_sim/klarna-network/faults");
  }
}

function networkEvent(event: unknown): () => Request {
  const body = JSON.stringify(event);
  const headers = { "content-type": "application/json", "klarna-signature": sign(body, KLARNA_SIGNING_SECRET), "klarna-signing-key-id": KLARNA_KEY_ID };
  return () => new Request("http://store.test/api/klarna/webhooks", { method: "POST", headers, body });
}

/** Holds one request's counts to its ceilings: its own part, and the whole with finalize's. */
function expectAtMost(label: string, first: Awaited<ReturnType<typeof counted>>, duplicate: Awaited<ReturnType<typeof counted>>, own: number, total: number) {
  console.log(
    `${label} round trips: first ${first.own + first.finalize} (own ${first.own}, finalize ${first.finalize}), ` +
      `duplicate ${duplicate.own + duplicate.finalize} (own ${duplicate.own}, finalize ${duplicate.finalize})`,
  );
  expect(first.own).toBeLessThanOrEqual(own);
  expect(first.own + first.finalize).toBeLessThanOrEqual(total);
  // A duplicate is answered from its record: finalize is not called.
  expect(duplicate.finalize).toBe(0);
  expect(duplicate.own).toBeLessThanOrEqual(OWN.duplicate);
  expect(duplicate.own).toBeLessThanOrEqual(TOTAL.duplicate);
}

describe("database round trips per webhook", () => {
  it("Checkout.com's webhook: the first delivery of an approval, and a duplicate", async () => {
    const paymentId = await checkoutComPayment();
    const event = checkoutComEvent("payment_approved", paymentId, `evt_${"rt".padEnd(26, "0")}`);
    const first = await counted(() => checkoutComWebhook(event()));
    expect(await first.result.json()).toEqual({ received: true, outcome: "applied" });
    const duplicate = await counted(() => checkoutComWebhook(event()));
    expect(await duplicate.result.json()).toEqual({ received: true, outcome: "duplicate" });
    expect(await db().select({ id: orders.id }).from(orders).where(eq(orders.providerReference, paymentId))).toHaveLength(1);
    expectAtMost("checkout-com webhook", first, duplicate, OWN.checkoutComFirst, TOTAL.checkoutComFirst);
  });

  it("a payment request's webhook: the first delivery of its last event, and a duplicate", async () => {
    const { events } = await completedPaymentRequest();
    const event = networkEvent(events.at(-1)!);
    const first = await counted(() => networkWebhook(event()));
    expect(await first.result.json()).toEqual({ outcome: "applied" });
    const duplicate = await counted(() => networkWebhook(event()));
    expect(await duplicate.result.json()).toEqual({ outcome: "duplicate" });
    expect(first.finalize).toBeGreaterThan(0);
    expectAtMost("payment-request webhook", first, duplicate, OWN.networkFirst, TOTAL.networkFirst);

    // A later event on the settled order (the same event under a new id, as a later state change would come): the
    // record with the checkout and its transaction's order (one batch), finalize handed that settled order (nothing
    // read or written when nothing changed: FinalizeOptions.order), and the transaction's record with the mark.
    const original = events.at(-1)! as { metadata: Record<string, unknown> };
    const later = await counted(() => networkWebhook(networkEvent({ ...original, metadata: { ...original.metadata, event_id: randomUUID() } })()));
    expect(await later.result.json()).toEqual({ outcome: "applied" });
    console.log(`payment-request webhook round trips, a later event: ${later.own + later.finalize} (own ${later.own}, finalize ${later.finalize})`);
    expect(later.finalize).toBe(0);
    expect(later.own + later.finalize).toBe(TOTAL.networkLater);
  });

  it("Kustom's push: the first delivery, and a duplicate", async () => {
    const opened = await openKustomCheckout(await cartWith([{ slug: "hiking-wool-socks", quantity: 1 }]), MARKETS.SE);
    if (opened.status !== "ready") throw new Error(`checkout is ${opened.status}`);
    const { session } = opened;
    const bought = await simControl("POST", `/_sim/kustom/orders/${encodeURIComponent(session.klarnaSessionId)}/complete`, {
      given_name: "Alice",
      family_name: "Test",
      street_address: "Storgatan 1",
      postal_code: "11122",
      city: "Stockholm",
      email: "customer@email.se",
    });
    expect(bought).toMatchObject({ result: "complete" });
    const url = `http://store.test/api/kustom/push?kustom_order_id=${encodeURIComponent(session.klarnaSessionId)}&token=${encodeURIComponent(session.callbackToken)}`;
    const first = await counted(() => kustomPushRoute(new Request(url, { method: "POST" })));
    expect(await first.result.json()).toMatchObject({ status: "acknowledged" });
    const duplicate = await counted(() => kustomPushRoute(new Request(url, { method: "POST" })));
    expect(await duplicate.result.json()).toMatchObject({ status: "acknowledged" });
    expectAtMost("kustom push", first, duplicate, OWN.kustomPushFirst, TOTAL.kustomPushFirst);
  });
});
