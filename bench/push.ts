// Klarna's push (POST /api/klarna/push) on the production store: 50 connections for 10 s, many duplicate pushes
// of each of 200 orders, the first ones creating and acknowledging the orders, the rest finding them done; both it
// and the bare route are first warmed under load (3 s each, the pushes on 100 orders of their own).
// Run: npx next build (once), then npx tsx --conditions=react-server bench/push.ts [seconds] [--driver=better-sqlite3|libsql] [--latency=MS]. Prints
// requests/s, latency percentiles, non-2xx answers, GET /api/health on the same server, and checks that every order
// ended acknowledged with its stock taken once, the database round trips of a first and a duplicate push and of the
// product and checkout pages, and the checkout page's time to first byte. --latency=5 (with --driver=libsql) adds 5 ms
// to every libSQL round trip, as Turso in the same region would.
import { and, eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { orderEvents, orders } from "@/db/schema";
import { mapWithLimit } from "../tests/integration/support/child-servers";
import { cartWith, placedKlarnaOrder, pushUrl, stockBySlug, type PlacedKlarnaOrder } from "../tests/integration/support/klarna-orders";
import { postInRows } from "./support/autocannon";
import { checkoutTtfb, fewestRoundTrips, pageRoundTrips, printRoundTrips, ROUND_TRIP_CEILING } from "./support/round-trips";
import { loadHealth, printAgainstBaseline, withStoreCpu } from "./support/baseline";
import { benchDriver, benchNumber, percentile, pointStoreCodeAt, startBenchServers } from "./support/servers";

const CONNECTIONS = 50;
const DURATION_S = benchNumber(10);
const ORDERS = 200;
/** Orders of their own for the warm-up, so the measured orders are still new to the store when measured. */
const WARM_UP_ORDERS = 100;
const WARM_UP_S = 3;
/** Consecutive requests for the same order, so duplicates of one push arrive at the same time, as Klarna's can. */
const DUPLICATES_IN_A_ROW = 5;
const PRODUCT = "nordic-trails-ebook";

async function main() {
  const servers = await startBenchServers(benchDriver());
  try {
    pointStoreCodeAt(servers);
    // The bench places the orders at Klarna itself; the store must first hear of them from the pushes.
    await servers.sim.addFault({ kind: "authorization_callback", mode: "drop" });
    const stockBefore = (await stockBySlug([PRODUCT])).get(PRODUCT)!;

    const started = performance.now();
    const placed: PlacedKlarnaOrder[] = await mapWithLimit(Array.from({ length: WARM_UP_ORDERS + ORDERS }), 10, () =>
      placedKlarnaOrder(servers.sim, [{ slug: PRODUCT, quantity: 1 }]),
    );
    const warmUp = placed.slice(0, WARM_UP_ORDERS);
    const benched = placed.slice(WARM_UP_ORDERS);
    console.log(`Set up ${placed.length} Klarna orders in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // Round trips of one push alone, its first delivery and a duplicate, on three of the warm-up's orders (the fewest).
    const warmUpPushes = warmUp.slice(0, 3).map((order) => () => fetch(pushUrl(order.session, order.klarnaOrderId), { method: "POST" }));
    const first = await fewestRoundTrips(servers.store.url, warmUpPushes);
    if (first.status !== 200) throw new Error(`The warm-up push answered ${first.status}`);
    const duplicate = await fewestRoundTrips(servers.store.url, warmUpPushes);
    // And of the pages a shopper loads before paying, for carts of its own.
    const carts = await Promise.all([1, 2, 3].map(() => cartWith([{ slug: PRODUCT, quantity: 1 }])));
    const pages = await pageRoundTrips(servers.store.url, PRODUCT, carts);
    // Both routes are warmed under load before either is measured, so neither figure pays for loading code and for
    // the JIT compiling Next.js's request path: pushes (first ones and repeats) for the warm-up's own orders, then
    // the bare route. Without it the push, measured first, paid for both.
    await pushes(servers.store.url, warmUp, WARM_UP_S);
    await loadHealth(servers.store.url, CONNECTIONS, WARM_UP_S);

    // The orders the measured load pushed at least once (on a busy machine it may not reach all of them).
    const reached = new Set<string>();
    const result = await withStoreCpu(servers.store.pid, () => pushes(servers.store.url, benched, DURATION_S, reached));
    const baseline = await withStoreCpu(servers.store.pid, () => loadHealth(servers.store.url, CONNECTIONS, DURATION_S));
    printAgainstBaseline("POST /api/klarna/push", baseline, result, servers.store.pid);

    const ttfb = await checkoutTtfb(servers.store.url, await cartWith([{ slug: PRODUCT, quantity: 1 }]));

    const ids = benched.map((order) => order.klarnaOrderId);
    // Every order the store knows of, the warm-up's included (its load may not reach all of its orders): the stock
    // taken must be exactly one per store order.
    const storeOrdersOfBench = await db()
      .select({ id: orders.id })
      .from(orders)
      .where(inArray(orders.klarnaOrderId, placed.map((order) => order.klarnaOrderId)));
    const stored = await db().select({ id: orders.klarnaOrderId, status: orders.status }).from(orders).where(inArray(orders.klarnaOrderId, ids));
    const acknowledgedAtKlarna = (await mapWithLimit(ids, 10, (id) => servers.sim.order(id))).filter((order) => order.acknowledged);
    const stockTaken = stockBefore - (await stockBySlug([PRODUCT])).get(PRODUCT)!;
    const events = await db()
      .select()
      .from(orderEvents)
      .where(and(eq(orderEvents.source, "push"), inArray(orderEvents.providerReference, ids)));
    const latencies = (action: string, outcome: string) =>
      events.filter((event) => event.action === action && event.outcome === outcome).map((event) => event.latencyMs);
    const created = latencies("finalize", "created");
    const existing = latencies("finalize", "existing");
    const acknowledged = latencies("acknowledge", "acknowledged");
    // Every order the load reached is stored once and acknowledged, in the store and at Klarna; no other is stored.
    const correct =
      stored.length === reached.size &&
      stored.every((order) => order.id !== null && reached.has(order.id) && order.status === "acknowledged") &&
      acknowledgedAtKlarna.length === reached.size &&
      stockTaken === storeOrdersOfBench.length;
    const statuses = Object.entries(result.statusCodeStats)
      .map(([status, { count }]) => `${status}: ${count}`)
      .join(", ");

    console.log(
      `\nPOST /api/klarna/push (${servers.driver}) — ${CONNECTIONS} connections, ${result.duration} s, ${ORDERS} orders, ~${(result.requests.total / ORDERS).toFixed(0)} pushes each`,
    );
    console.log(`requests/s   ${result.requests.average.toFixed(0)} (total ${result.requests.total})`);
    console.log(
      `latency      p50 ${result.latency.p50} ms · p97.5 ${result.latency.p97_5} ms · p99 ${result.latency.p99} ms · max ${result.latency.max} ms`,
    );
    console.log(`answers      ${statuses} · non-2xx ${result.non2xx} · errors ${result.errors} · timeouts ${result.timeouts}`);
    console.log(
      `inside       finalize p50: first push ${percentile(created, 50)} ms, duplicate ${existing.length > 0 ? `${percentile(existing, 50)} ms` : "not logged (a settled order's duplicate leaves no event)"}; acknowledge p50 ${percentile(acknowledged, 50)} ms (store's order events)`,
    );
    console.log(
      `correctness  ${reached.size}/${ORDERS} orders pushed: ${stored.length} store orders, ${stored.filter((order) => order.status === "acknowledged").length} acknowledged; ` +
        `${acknowledgedAtKlarna.length}/${ORDERS} acknowledged at Klarna; stock taken ${stockTaken} for the ${storeOrdersOfBench.length} store orders ` +
        `of all ${placed.length} placed (${ORDERS} measured, ${storeOrdersOfBench.length - stored.length} of the ${WARM_UP_ORDERS} warm-up's): ` +
        `${stockTaken === storeOrdersOfBench.length ? "exact" : "NOT exact"} — ${correct ? "correct" : "NOT correct"}`,
    );
    if (!correct) process.exitCode = 1;
    printRoundTrips([
      { label: "first push", roundTrips: first.roundTrips, ceiling: ROUND_TRIP_CEILING.firstDelivery },
      { label: "duplicate", roundTrips: duplicate.roundTrips, ceiling: ROUND_TRIP_CEILING.duplicate },
      { label: "product page", roundTrips: pages.product.roundTrips, ceiling: ROUND_TRIP_CEILING.page },
      { label: "checkout page (opens it)", roundTrips: pages.checkoutFirst.roundTrips, ceiling: ROUND_TRIP_CEILING.page },
      { label: "reloaded", roundTrips: pages.checkoutAgain.roundTrips, ceiling: ROUND_TRIP_CEILING.page },
    ]);
    console.log(`checkout TTFB p50 ${ttfb.p50.toFixed(1)} ms · p90 ${ttfb.p90.toFixed(1)} ms; whole document p50 ${ttfb.documentP50.toFixed(1)} ms · p90 ${ttfb.documentP90.toFixed(1)} ms (${ttfb.count} reloads one at a time, ${servers.driver}${servers.latencyMs ? `, +${servers.latencyMs} ms per round trip` : ""})`);
  } finally {
    await servers.stop();
  }
}

/** 50 connections of pushes for `orders`, each order's pushes five in a row, cycling through the orders. */
function pushes(storeUrl: string, orders: readonly PlacedKlarnaOrder[], duration: number, reached?: Set<string>) {
  return postInRows({
    url: storeUrl,
    connections: CONNECTIONS,
    duration,
    items: orders,
    inARow: DUPLICATES_IN_A_ROW,
    request: (order) => {
      const url = new URL(pushUrl(order.session, order.klarnaOrderId));
      return { path: url.pathname + url.search };
    },
    reached: (order) => reached?.add(order.klarnaOrderId),
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
