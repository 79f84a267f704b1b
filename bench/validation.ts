// Kustom Checkout's validation callback (POST /api/kustom/validation) on the production store, side by side with the
// bare GET /api/health in the same run: 50 connections for 10 s, each
// request a whole 20-line order (all 16 products in the SE market, a 10 % code split over the 25/12/6 % VAT rates
// into 3 discount lines, and shipping), rotating over 100 checkouts that each keep validating successfully.
// Run: npx next build (once), then npx tsx --conditions=react-server bench/validation.ts [seconds] [--driver=better-sqlite3|libsql] [--latency=MS]. Prints
// latency percentiles, requests/s, non-2xx answers, the database round trips of a first and a repeated validation
// and the ratio to GET /api/health on the same server; the target is
// p99 < 50 ms, as Kustom waits 3 s at most and the store should answer far sooner.
import { count, eq, isNull } from "drizzle-orm";
import { db } from "@/db";
import { couponClaims, coupons, orderEvents, products } from "@/db/schema";
import type { CheckoutSession } from "@/lib/checkout/session-store";
import { env } from "@/lib/env";
import { openKustomCheckout } from "@/lib/payments/kustom/open-checkout";
import { kustomMerchantUrls } from "@/lib/payments/kustom/merchant-urls";
import { MARKETS } from "@/lib/pricing/markets";
import { mapWithLimit } from "../tests/integration/support/child-servers";
import { cartWith, klarnaOrderOf } from "../tests/lib/validation/support";
import { runAutocannon, type AutocannonResult } from "./support/autocannon";
import { loadHealth, printAgainstBaseline, withStoreCpu } from "./support/baseline";
import { fewestRoundTrips, printRoundTrips, ROUND_TRIP_CEILING } from "./support/round-trips";
import { benchDriver, benchNumber, machineLoad, pointStoreCodeAt, startBenchServers } from "./support/servers";

const CONNECTIONS = 50;
const DURATION_S = benchNumber(10);
const CHECKOUTS = 100;
const LINES_PER_ORDER = 20;
const TARGET_P99_MS = 50;
/** A percent code with no use limit, so every checkout's repeated validations stay valid. */
const CODE = "BENCH-UNLIMITED-10";

interface Target {
  path: string;
  body: string;
}

async function prepareCheckouts(): Promise<{ sessions: CheckoutSession[]; targets: Target[] }> {
  // Enough of everything (the tent is sold out in the seed) that no validation is refused for stock.
  await db().update(products).set({ stock: 100_000 });
  await db().insert(coupons).values({ code: CODE, description: "Bench: 10 % off, unlimited", kind: "percent", value: 10 });
  // One-off products only: subscription products go through Klarna Payments alone, one interval per order.
  const slugs = (await db().select({ slug: products.slug }).from(products).where(isNull(products.subscriptionInterval))).map((row) => row.slug);

  const sessions = await mapWithLimit(Array.from({ length: CHECKOUTS }), 10, async () => {
    const cartId = await cartWith(slugs.map((slug) => ({ slug, quantity: 1 })), CODE);
    const opened = await openKustomCheckout(cartId, MARKETS.SE);
    if (opened.status !== "ready") throw new Error(`A bench checkout is ${opened.status}`);
    return opened.session;
  });
  const lines = sessions[0]!.order.order_lines;
  const discounts = lines.filter((line) => line.type === "discount").map((line) => line.tax_rate);
  if (lines.length !== LINES_PER_ORDER || discounts.join() !== "2500,1200,600") {
    throw new Error(`Expected ${LINES_PER_ORDER} lines with discounts at 25/12/6 %, got ${lines.length} (${discounts.join()})`);
  }

  const targets = sessions.map((session) => {
    const template = kustomMerchantUrls(env().STORE_URL, session.callbackToken).validation!;
    const url = new URL(template.replace("{checkout.order.id}", encodeURIComponent(session.klarnaSessionId)));
    // Kustom sends the whole checkout order, named by its order_id.
    const { session_id: orderId, ...order } = klarnaOrderOf(session);
    return { path: url.pathname + url.search, body: JSON.stringify({ order_id: orderId, ...order }) };
  });
  return { sessions, targets };
}

/** One validation per checkout outside the measurement: loads the route's code and gives each its order number. */
async function validateEachOnce(storeUrl: string, targets: readonly Target[]): Promise<void> {
  await mapWithLimit(targets, 10, async (target) => {
    const response = await fetch(storeUrl + target.path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: target.body,
      redirect: "manual",
    });
    if (response.status !== 200) {
      throw new Error(`A bench validation answered ${response.status} ${response.headers.get("location") ?? (await response.text())}`);
    }
  });
}

function load(storeUrl: string, targets: readonly Target[], duration: number, connections = CONNECTIONS): Promise<AutocannonResult> {
  let next = 0;
  return runAutocannon({
    url: storeUrl,
    connections,
    duration,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          const target = targets[next++ % targets.length]!;
          return { ...request, method: "POST", path: target.path, headers: { "content-type": "application/json" }, body: target.body };
        },
      },
    ],
  });
}

async function main() {
  const servers = await startBenchServers(benchDriver());
  try {
    pointStoreCodeAt(servers);
    const started = performance.now();
    const { targets } = await prepareCheckouts();
    const bytes = Buffer.byteLength(targets[0]!.body);
    console.log(`Set up ${CHECKOUTS} checkouts of ${LINES_PER_ORDER} lines (${bytes} bytes each) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // Round trips of one validation alone: a checkout's first one (it gives the order number and claims the code)
    // and a repeat of it.
    // (The fewest of three checkouts each.)
    const validate = (target: Target) => () =>
      fetch(servers.store.url + target.path, { method: "POST", headers: { "Content-Type": "application/json" }, body: target.body, redirect: "manual" });
    const firstTrips = await fewestRoundTrips(servers.store.url, targets.slice(0, 3).map(validate));
    const repeatTrips = await fewestRoundTrips(servers.store.url, targets.slice(0, 3).map(validate));
    if (firstTrips.status !== 200 || repeatTrips.status !== 200) throw new Error(`A bench validation answered ${firstTrips.status}, then ${repeatTrips.status}`);
    await validateEachOnce(servers.store.url, targets);
    // One connection first: the time one validation takes, without waiting behind others.
    const alone = await load(servers.store.url, targets, 3, 1);
    await load(servers.store.url, targets, 2);
    // The bare route is warmed under load too, so neither figure pays for the JIT compiling its code.
    await loadHealth(servers.store.url, CONNECTIONS, 2);
    const result = await withStoreCpu(servers.store.pid, () => load(servers.store.url, targets, DURATION_S));
    const baseline = await withStoreCpu(servers.store.pid, () => loadHealth(servers.store.url, CONNECTIONS, DURATION_S));

    const codes = Object.entries(result.statusCodeStats)
      .map(([status, { count: n }]) => `${status}: ${n}`)
      .join(", ");
    printAgainstBaseline("POST /api/kustom/validation", baseline, result, servers.store.pid);
    console.log(`\nPOST /api/kustom/validation (${servers.driver}) — ${LINES_PER_ORDER}-line orders, ${CONNECTIONS} connections, ${result.duration} s`);
    console.log(`latency     p50 ${result.latency.p50} ms · p97.5 ${result.latency.p97_5} ms · p99 ${result.latency.p99} ms · max ${result.latency.max} ms`);
    console.log(`requests/s  ${result.requests.average.toFixed(0)} (total ${result.requests.total})`);
    console.log(`non-2xx     ${result.non2xx} · errors ${result.errors} · timeouts ${result.timeouts} · status codes ${codes}`);
    console.log(`target      p99 < ${TARGET_P99_MS} ms: ${result.latency.p99 < TARGET_P99_MS ? "met" : "NOT met"}`);
    // With 50 requests always in flight, a request waits behind the others: latency ≈ connections / throughput.
    console.log(
      `baseline    1 connection: p50 ${alone.latency.p50} ms · p99 ${alone.latency.p99} ms · ${alone.requests.average.toFixed(0)} requests/s` +
        ` · machine ${machineLoad()}`,
    );

    // Every validation counted the code once per checkout, however often it was repeated, and logged an event.
    const [coupon] = await db().select({ uses: coupons.uses }).from(coupons).where(eq(coupons.code, CODE));
    const claims = (await db().select({ n: count() }).from(couponClaims).where(eq(couponClaims.couponCode, CODE)).get())!.n;
    const events = (await db().select({ n: count() }).from(orderEvents).where(eq(orderEvents.source, "validation")).get())!.n;
    printRoundTrips([
      { label: "first validation", roundTrips: firstTrips.roundTrips, ceiling: ROUND_TRIP_CEILING.validation },
      { label: "repeated", roundTrips: repeatTrips.roundTrips, ceiling: ROUND_TRIP_CEILING.validation },
    ]);
    console.log(`check       code uses ${coupon!.uses} and claims ${claims} for ${CHECKOUTS} checkouts · ${events} validation events logged`);
    if (coupon!.uses !== CHECKOUTS || claims !== CHECKOUTS) process.exitCode = 1;
  } finally {
    await servers.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
