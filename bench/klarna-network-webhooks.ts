// Klarna payment requests' webhooks (POST /api/klarna/webhooks) on the production store with
// PAYMENT_PROVIDER=klarna-network: 100 payment requests started with the store's own code and finished at the simulator
// with its webhooks dropped, so the store first hears of them from the bench; then 50 connections for 10 s of the
// events Klarna made for them, signed as Klarna signs them (Klarna-Signature: hex HMAC-SHA256 of the raw body with the
// key named by Klarna-Signing-Key-Id; reference/klarna-network/notes.md §6, simulator/klarna-network/webhooks.ts).
// Each event is sent again under fresh event ids to keep the load going, and 30 % of the requests repeat one already
// sent (Klarna delivers at least once); then GET /api/health on the same server, as the bare route.
// Run: npx next build (once), then npx tsx --conditions=react-server bench/klarna-network-webhooks.ts [seconds]
// [--driver=better-sqlite3|libsql] [--latency=MS]. Prints requests/s, p50/p99 against the bare route, the database
// round trips of a first delivery and a duplicate, and checks that every payment request became exactly one store
// order (the bench exits non-zero when one did not).
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { orders } from "@/db/schema";
import { startPayment } from "@/lib/payments/klarna-network/checkout";
import { MARKETS } from "@/lib/pricing/markets";
import { sign } from "../simulator/klarna-network/webhooks";
import { mapWithLimit } from "../tests/integration/support/child-servers";
import { cartWith } from "../tests/integration/support/klarna-orders";
import { runAutocannon } from "./support/autocannon";
import { loadHealth, printAgainstBaseline, withStoreCpu } from "./support/baseline";
import { printRoundTrips, ROUND_TRIP_CEILING, roundTripsOf } from "./support/round-trips";
import { benchDriver, benchNumber, machineLoad, pointStoreCodeAt, startBenchServers } from "./support/servers";

const CONNECTIONS = 50;
const DURATION_S = benchNumber(10);
const PURCHASES = 100;
const DUPLICATE_SHARE = 0.3;
const PRODUCT = "nordic-trails-ebook";
/** The simulator's preset signing key, which the store's default KLARNA_NETWORK_SIGNING_KEYS names (lib/env.ts). */
const KEY_ID = "krn:partner:global:notification:signing-key:00000000-0000-4000-8000-000000000001";
const SIGNING_SECRET = "simulator-test-signing-key-0001";
const API_KEY = "klarna_test_api_simulator_0000000000";
const WEBHOOK_PATH = "/api/klarna/webhooks";

interface KlarnaEvent {
  metadata: { event_id: string } & Record<string, unknown>;
  [field: string]: unknown;
}

interface Signed {
  body: string;
  headers: Record<string, string>;
}

const signed = (event: KlarnaEvent): Signed => {
  const body = JSON.stringify(event);
  return { body, headers: { "content-type": "application/json", "klarna-signature": sign(body, SIGNING_SECRET), "klarna-signing-key-id": KEY_ID } };
};

async function main() {
  const servers = await startBenchServers(benchDriver(), {
    storeEnv: (simulatorUrl) => ({ PAYMENT_PROVIDER: "klarna-network", KLARNA_NETWORK_API_URL: `${simulatorUrl}/klarna-network`, KLARNA_NETWORK_ROLE: "merchant" }),
  });
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${servers.simulator.url}/_sim/klarna-network${path}`, {
      method,
      headers: { Authorization: `Basic ${API_KEY}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`/_sim/klarna-network${path} answered ${response.status}: ${text.slice(0, 200)}`);
    return (text === "" ? {} : JSON.parse(text)) as Record<string, unknown>;
  };
  try {
    pointStoreCodeAt(servers);
    process.env.KLARNA_NETWORK_API_URL = `${servers.simulator.url}/klarna-network`;
    process.env.KLARNA_NETWORK_ROLE = "merchant";
    // The store hears of the purchases from the bench's deliveries only.
    await control("POST", "/faults", { kind: "webhook", mode: "drop" });

    const started = performance.now();
    const purchases = await mapWithLimit(Array.from({ length: PURCHASES }), 10, async () => {
      const outcome = await startPayment({ cartId: await cartWith([{ slug: PRODUCT, quantity: 1 }]), market: MARKETS.SE, remember: false });
      if (outcome.status !== "redirect") throw new Error(`startPayment: ${outcome.status}`);
      const uuid = outcome.url.split("/").at(-1) ?? "";
      const requests = (await control("GET", "/requests")).payment_requests as { payment_request_id: string }[];
      const id = requests.find((request) => request.payment_request_id.endsWith(uuid))?.payment_request_id;
      if (!id) throw new Error(`No payment request for ${outcome.url}`);
      await control("POST", `/requests/${encodeURIComponent(id)}/complete`, { email: "customer@email.se" });
      const detail = (await control("GET", `/requests/${encodeURIComponent(id)}`)) as { deliveries: { event: KlarnaEvent }[] };
      return { paymentRequestId: id, events: detail.deliveries.map((delivery) => delivery.event) };
    });
    await control("DELETE", "/faults");
    const events = purchases.flatMap((purchase) => purchase.events.map((event) => ({ event, paymentRequestId: purchase.paymentRequestId })));
    console.log(`Set up ${PURCHASES} payment requests (${events.length} events) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const url = `${servers.store.url}${WEBHOOK_PATH}`;
    // Round trips of one event alone, its first delivery and a duplicate: the first purchase's last event.
    const probe = signed(purchases[0]!.events.at(-1)!);
    /** The payment requests the bench delivered an event of (on a busy machine the load may not reach all). */
    const reached = new Set([purchases[0]!.paymentRequestId]);
    const deliver = () => fetch(url, { method: "POST", headers: probe.headers, body: probe.body });
    // The confirmation the first delivery makes has the simulator send the store more events at once (the new
    // transaction's, the request's next state): dropped while the probe is counted, or their requests would be
    // counted as this one's (before: 54 for 30 of its own).
    await control("POST", "/faults", { kind: "webhook", mode: "drop" });
    const first = await roundTripsOf(servers.store.url, deliver);
    if (first.status !== 200) throw new Error(`The first webhook answered ${first.status}`);
    const duplicate = await roundTripsOf(servers.store.url, deliver);
    await control("DELETE", "/faults");

    const sent: Signed[] = [];
    let next = 0;
    const nextEvent = (): Signed => {
      if (sent.length > 0 && Math.random() < DUPLICATE_SHARE) return sent[Math.floor(Math.random() * sent.length)]!;
      // Klarna's events in order, then the same again under fresh event ids, so that every request past the
      // duplicates is a delivery the store has not seen.
      const { event, paymentRequestId } = events[next % events.length]!;
      reached.add(paymentRequestId);
      const round = Math.floor(next / events.length);
      next += 1;
      const delivery = signed(round === 0 ? event : { ...event, metadata: { ...event.metadata, event_id: randomUUID() } });
      sent.push(delivery);
      return delivery;
    };
    const load = (duration: number) =>
      runAutocannon({
        url: servers.store.url,
        connections: CONNECTIONS,
        duration,
        requests: [{ method: "POST", setupRequest: (request) => ({ ...request, path: WEBHOOK_PATH, ...nextEvent() }) }],
      });
    const webhooks = await withStoreCpu(servers.store.pid, () => load(DURATION_S));
    const health = await withStoreCpu(servers.store.pid, () => loadHealth(servers.store.url, CONNECTIONS, DURATION_S));
    printAgainstBaseline("POST /api/klarna/webhooks", health, webhooks, servers.store.pid);

    // Every payment request the bench delivered an event of became one store order, and no other did: a
    // klarna-network order belongs to the checkout that made the request.
    const reachedCheckouts = new Set(await checkoutsOf([...reached]));
    const stored = await db()
      .select({ checkout: orders.checkoutSessionId })
      .from(orders)
      .where(and(eq(orders.provider, "klarna-network"), inArray(orders.checkoutSessionId, await checkoutsOf(purchases.map((p) => p.paymentRequestId)))));
    const unique = new Set(stored.map((row) => row.checkout));
    const unreachedOrders = [...unique].filter((checkout) => checkout !== null && !reachedCheckouts.has(checkout));
    const correct = unique.size === reached.size && stored.length === unique.size && unreachedOrders.length === 0;
    const statuses = Object.entries(webhooks.statusCodeStats).map(([status, { count }]) => `${status}: ${count}`).join(", ");
    console.log(`\nPOST ${WEBHOOK_PATH} (${servers.driver}) — ${CONNECTIONS} connections, ${webhooks.duration} s, ${sent.length} deliveries made, ~${(DUPLICATE_SHARE * 100).toFixed(0)} % repeats`);
    console.log(`answers      ${statuses} · non-2xx ${webhooks.non2xx} · errors ${webhooks.errors} · timeouts ${webhooks.timeouts}`);
    console.log(
      `correctness  ${reached.size}/${PURCHASES} payment requests delivered an event: ${unique.size} became store orders ` +
        `(${unreachedOrders.length} of them never delivered one), ${stored.length} rows, exactly one each: ` +
        `${stored.length === unique.size} — ${correct ? "correct" : "NOT correct"}`,
    );
    if (!correct) process.exitCode = 1;
    printRoundTrips([
      { label: "first delivery", roundTrips: first.roundTrips, ceiling: ROUND_TRIP_CEILING.firstDelivery },
      { label: "duplicate", roundTrips: duplicate.roundTrips, ceiling: ROUND_TRIP_CEILING.duplicate },
    ]);
    console.log(`machine      ${machineLoad()}`);
  } finally {
    await servers.stop();
  }
}

/** The store's checkouts of these payment requests. */
async function checkoutsOf(paymentRequestIds: readonly string[]): Promise<string[]> {
  const { checkoutOfRequest } = await import("@/lib/payments/klarna-network/storage");
  const ids = await Promise.all(paymentRequestIds.map((id) => checkoutOfRequest(id)));
  return ids.filter((id): id is string => id !== null);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
