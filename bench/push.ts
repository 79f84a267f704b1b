// Klarna's push (POST /api/klarna/push) on the production store: 50 connections for 10 s, many duplicate pushes
// of each of 200 orders, the first ones creating and acknowledging the orders, the rest finding them done.
// Run: npx next build (once), then npx tsx --conditions=react-server bench/push.ts [seconds]. Prints requests/s, latency percentiles,
// non-2xx answers, and checks that every order ended acknowledged with its stock taken once.
import { eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { orderEvents, orders } from "@/db/schema";
import { mapWithLimit } from "../tests/integration/support/child-servers";
import { placedKlarnaOrder, pushUrl, stockBySlug, type PlacedKlarnaOrder } from "../tests/integration/support/klarna-orders";
import { runAutocannon } from "./support/autocannon";
import { percentile, pointStoreCodeAt, startBenchServers } from "./support/servers";

const CONNECTIONS = 50;
const DURATION_S = Number(process.argv[2] ?? 10);
const ORDERS = 200;
/** Consecutive requests for the same order, so duplicates of one push arrive at the same time, as Klarna's can. */
const DUPLICATES_IN_A_ROW = 5;
const PRODUCT = "nordic-trails-ebook";

async function main() {
  const servers = await startBenchServers();
  try {
    pointStoreCodeAt(servers);
    // The bench places the orders at Klarna itself; the store must first hear of them from the pushes.
    await servers.sim.addFault({ kind: "authorization_callback", mode: "drop" });
    const stockBefore = (await stockBySlug([PRODUCT])).get(PRODUCT)!;

    const started = performance.now();
    const placed: PlacedKlarnaOrder[] = await mapWithLimit(Array.from({ length: ORDERS + 1 }), 10, () =>
      placedKlarnaOrder(servers.sim, [{ slug: PRODUCT, quantity: 1 }]),
    );
    const [warmUp, ...benched] = placed;
    console.log(`Set up ${placed.length} Klarna orders in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // One push outside the measurement, so loading the route's code is not counted.
    const first = await fetch(pushUrl(warmUp!.session, warmUp!.klarnaOrderId), { method: "POST" });
    if (!first.ok) throw new Error(`The warm-up push answered ${first.status}: ${await first.text()}`);

    const paths = benched.map((order) => {
      const url = new URL(pushUrl(order.session, order.klarnaOrderId));
      return url.pathname + url.search;
    });
    let sent = 0;
    const result = await runAutocannon({
      url: servers.store.url,
      connections: CONNECTIONS,
      duration: DURATION_S,
      requests: [
        {
          method: "POST",
          setupRequest: (request) => ({ ...request, path: paths[Math.floor(sent++ / DUPLICATES_IN_A_ROW) % paths.length] }),
        },
      ],
    });

    const ids = benched.map((order) => order.klarnaOrderId);
    const stored = await db().select({ status: orders.status }).from(orders).where(inArray(orders.klarnaOrderId, ids));
    const acknowledgedAtKlarna = (await mapWithLimit(ids, 10, (id) => servers.sim.order(id))).filter((order) => order.acknowledged);
    const stockTaken = stockBefore - (await stockBySlug([PRODUCT])).get(PRODUCT)!;
    const events = await db().select().from(orderEvents).where(eq(orderEvents.source, "push"));
    const latencies = (action: string, outcome: string) =>
      events.filter((event) => event.action === action && event.outcome === outcome).map((event) => event.latencyMs);
    const created = latencies("finalize", "created");
    const existing = latencies("finalize", "existing");
    const acknowledged = latencies("acknowledge", "acknowledged");
    const statuses = Object.entries(result.statusCodeStats)
      .map(([status, { count }]) => `${status}: ${count}`)
      .join(", ");

    console.log(`\nPOST /api/klarna/push — ${CONNECTIONS} connections, ${result.duration} s, ${ORDERS} orders, ~${(result.requests.total / ORDERS).toFixed(0)} pushes each`);
    console.log(`requests/s   ${result.requests.average.toFixed(0)} (total ${result.requests.total})`);
    console.log(
      `latency      p50 ${result.latency.p50} ms · p97.5 ${result.latency.p97_5} ms · p99 ${result.latency.p99} ms · max ${result.latency.max} ms`,
    );
    console.log(`answers      ${statuses} · non-2xx ${result.non2xx} · errors ${result.errors} · timeouts ${result.timeouts}`);
    console.log(
      `inside       finalize p50: first push ${percentile(created, 50)} ms, duplicate ${percentile(existing, 50)} ms; acknowledge p50 ${percentile(acknowledged, 50)} ms (store's order events)`,
    );
    console.log(
      `correctness  ${stored.length}/${ORDERS} store orders, ${stored.filter((order) => order.status === "acknowledged").length} acknowledged; ` +
        `${acknowledgedAtKlarna.length}/${ORDERS} acknowledged at Klarna; stock taken ${stockTaken} for ${ORDERS + 1} orders`,
    );
  } finally {
    await servers.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
