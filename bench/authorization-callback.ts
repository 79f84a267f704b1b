// Klarna Payments' authorization callback (POST /api/klarna/authorization) on the production store: 50 connections
// for 10 s over 200 sessions opened and authorized at the simulator but not yet placed, each session's callback sent
// three times in a row (the first places the order at Klarna, creates and acknowledges it; the others arrive while it
// is placing or once it is placed, as Klarna's retries can); then GET /api/health on the same server with the same
// load, as the bare route. Both are first warmed under load (3 s each, the callbacks on 100 sessions of their own).
// Run: npx next build (once), then npx tsx --conditions=react-server bench/authorization-callback.ts [seconds]
// [--driver=better-sqlite3|libsql] [--latency=MS]. Prints requests/s, p50/p99, status codes, the ratio to the bare
// route, the store's CPU per request, the database round trips of a first and a repeated callback, and a correctness
// line: every session the load reached became exactly one store order, placed once at Klarna (the one order Klarna
// holds for the session is the store's) and acknowledged in the store and at Klarna; no other session became one.
// The bench exits non-zero when that does not hold.
import { inArray } from "drizzle-orm";
import { db } from "@/db";
import { checkoutSessions, orders } from "@/db/schema";
import type { CheckoutSession } from "@/lib/checkout/session-store";
import { mapWithLimit } from "../tests/integration/support/child-servers";
import { authorizationUrl, cartWith, openSession } from "../tests/integration/support/klarna-orders";
import type { SimulatorControl } from "../tests/integration/support/simulator-control";
import { postInRows } from "./support/autocannon";
import { loadHealth, printAgainstBaseline, withStoreCpu } from "./support/baseline";
import { fewestRoundTrips, printRoundTrips, ROUND_TRIP_CEILING } from "./support/round-trips";
import { benchDriver, benchNumber, machineLoad, pointStoreCodeAt, startBenchServers } from "./support/servers";

const CONNECTIONS = 50;
const DURATION_S = benchNumber(10);
const SESSIONS = 200;
/** Sessions of their own for the warm-up, so the measured sessions are still unplaced when measured. */
const WARM_UP_SESSIONS = 100;
const WARM_UP_S = 3;
/** Consecutive callbacks for the same session: the first places the order, the others are Klarna's retries. */
const CALLBACKS_IN_A_ROW = 3;
const PRODUCT = "nordic-trails-ebook";

interface AuthorizedSession {
  session: CheckoutSession;
  authorizationToken: string;
}

async function main() {
  const servers = await startBenchServers(benchDriver());
  try {
    pointStoreCodeAt(servers);
    // The bench sends the callbacks itself; the simulator's own would place the orders before the load.
    await servers.sim.addFault({ kind: "authorization_callback", mode: "drop" });

    const started = performance.now();
    const authorized = await mapWithLimit(Array.from({ length: WARM_UP_SESSIONS + SESSIONS }), 10, () => authorizedSession(servers.sim));
    const warmUp = authorized.slice(0, WARM_UP_SESSIONS);
    const benched = authorized.slice(WARM_UP_SESSIONS);
    console.log(`Opened and authorized ${authorized.length} Klarna sessions in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // Round trips of one callback alone, its first call and a repeat, on three of the warm-up's sessions (the fewest).
    const warmUpCallbacks = warmUp.slice(0, 3).map((one) => () => fetch(authorizationUrl(one.session), callbackInit(one)));
    const first = await fewestRoundTrips(servers.store.url, warmUpCallbacks);
    if (first.status !== 200) throw new Error(`The warm-up callback answered ${first.status}`);
    const repeated = await fewestRoundTrips(servers.store.url, warmUpCallbacks);

    await callbacks(servers.store.url, warmUp, WARM_UP_S);
    await loadHealth(servers.store.url, CONNECTIONS, WARM_UP_S);

    // The sessions the measured load sent a callback for at least once (on a busy machine it may not reach all).
    const reached = new Set<string>();
    const result = await withStoreCpu(servers.store.pid, () => callbacks(servers.store.url, benched, DURATION_S, reached));
    const baseline = await withStoreCpu(servers.store.pid, () => loadHealth(servers.store.url, CONNECTIONS, DURATION_S));
    printAgainstBaseline("POST /api/klarna/authorization", baseline, result, servers.store.pid);

    // A callback still running when the load stopped (a timed-out one included) finishes first.
    await quiet(servers.store.url);
    const byCallbacks = await outcome(servers.sim, benched, reached);
    // Klarna answers a 200 with no retry, so an order whose finalize failed under the load (Klarna's read or
    // acknowledgement timed out; the placed order is recorded on its session) is finished as it would be in
    // production: by Klarna's pushes, which the simulator's clock sends (the first 2 minutes after the order).
    let afterPushes = byCallbacks;
    let pushesSent = 0;
    if (byCallbacks.problems.length > 0) {
      pushesSent = (await servers.sim.advanceClock("3m")).filter((job) => job.kind === "push" && job.outcome === "sent").length;
      await quiet(servers.store.url);
      afterPushes = await outcome(servers.sim, benched, reached);
    }
    const { problems, stored, atKlarna } = afterPushes;
    const correct = problems.length === 0 && reached.size > 0;
    const statuses = Object.entries(result.statusCodeStats)
      .map(([status, { count }]) => `${status}: ${count}`)
      .join(", ");

    console.log(
      `\nPOST /api/klarna/authorization (${servers.driver}${servers.latencyMs ? `, +${servers.latencyMs} ms per round trip` : ""}) — ${CONNECTIONS} connections, ${result.duration} s, ${SESSIONS} sessions, ~${(result.requests.total / Math.max(1, reached.size)).toFixed(1)} callbacks each reached`,
    );
    console.log(`requests/s   ${result.requests.average.toFixed(0)} (total ${result.requests.total})`);
    console.log(`latency      p50 ${result.latency.p50} ms · p97.5 ${result.latency.p97_5} ms · p99 ${result.latency.p99} ms · max ${result.latency.max} ms`);
    console.log(`answers      ${statuses} · non-2xx ${result.non2xx} · errors ${result.errors} · timeouts ${result.timeouts}`);
    const acknowledgedStored = stored.filter((order) => order.status === "acknowledged").length;
    console.log(
      `correctness  ${reached.size}/${SESSIONS} sessions sent a callback: ${stored.length} store orders, ${acknowledgedStored} acknowledged; ` +
        `${atKlarna.filter((one) => one.orderId).length} placed at Klarna, ${atKlarna.filter((one) => one.acknowledged).length} acknowledged there; ` +
        `${reached.size - byCallbacks.unsettled} settled by the callbacks alone${pushesSent > 0 || byCallbacks.problems.length > 0 ? `, the rest after ${pushesSent} pushes of Klarna's` : ""} — ` +
        `${correct ? "correct" : `NOT correct: ${problems.slice(0, 5).join("; ")}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ""}`}`,
    );
    if (!correct) process.exitCode = 1;
    printRoundTrips([
      { label: "first callback", roundTrips: first.roundTrips, ceiling: ROUND_TRIP_CEILING.firstDelivery },
      { label: "repeated", roundTrips: repeated.roundTrips, ceiling: ROUND_TRIP_CEILING.duplicate },
    ]);
    console.log(`machine      ${machineLoad()}`);
  } finally {
    await servers.stop();
  }
}

/**
 * Every measured session as the store and Klarna hold it: the store's orders made from it, the order recorded on the
 * session, Klarna's order for it and whether Klarna has its acknowledgement. Each reached session must have exactly
 * one store order, acknowledged, which is the one order Klarna placed for it and the one the session records; a
 * session the load never reached must have none, at Klarna or in the store.
 */
async function outcome(sim: SimulatorControl, benched: readonly AuthorizedSession[], reached: ReadonlySet<string>) {
  const ids = benched.map((one) => one.session.id);
  const stored = await db()
    .select({ sessionId: orders.checkoutSessionId, klarnaOrderId: orders.klarnaOrderId, status: orders.status })
    .from(orders)
    .where(inArray(orders.checkoutSessionId, ids));
  const recorded = new Map(
    (
      await db()
        .select({ id: checkoutSessions.id, providerReference: checkoutSessions.providerReference })
        .from(checkoutSessions)
        .where(inArray(checkoutSessions.id, ids))
    ).map((row) => [row.id, row.providerReference]),
  );
  const atKlarna = await mapWithLimit(benched, 10, async (one) => {
    const session = await sim.session(one.session.klarnaSessionId);
    const order = session.order_id ? await sim.order(session.order_id) : null;
    return { id: one.session.id, orderId: session.order_id, acknowledged: order?.acknowledged ?? false };
  });
  const problems: string[] = [];
  const unsettled = new Set<string>();
  const problem = (id: string, text: string) => {
    unsettled.add(id);
    problems.push(`session ${id}${text}`);
  };
  for (const { id, orderId, acknowledged } of atKlarna) {
    const mine = stored.filter((order) => order.sessionId === id);
    if (!reached.has(id)) {
      if (mine.length > 0 || orderId) problem(id, ` was sent no callback but has ${mine.length} store orders, Klarna order ${orderId}`);
      continue;
    }
    if (mine.length !== 1) problem(id, `: ${mine.length} store orders`);
    else if (mine[0]!.klarnaOrderId !== orderId) problem(id, `: store order ${mine[0]!.klarnaOrderId}, Klarna's ${orderId}`);
    else if (mine[0]!.status !== "acknowledged") problem(id, `: store order ${mine[0]!.status}`);
    if (!acknowledged) problem(id, `: not acknowledged at Klarna`);
    if (recorded.get(id) !== orderId) problem(id, `: the session records ${recorded.get(id)}, Klarna placed ${orderId}`);
  }
  return { problems, stored, atKlarna, unsettled: unsettled.size };
}

/** Waits until the store has made no database round trip for a second (at most 60 s): nothing is left running. */
async function quiet(storeUrl: string): Promise<void> {
  let last = -1;
  for (let waited = 0; waited < 60_000; waited += 1000) {
    const now = ((await (await fetch(`${storeUrl}/api/bench/round-trips`)).json()) as { roundTrips: number }).roundTrips;
    if (now === last) return;
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** A cart, its Klarna Payments session opened as the checkout page opens it, and the shopper's approval. */
async function authorizedSession(sim: SimulatorControl): Promise<AuthorizedSession> {
  const session = await openSession(await cartWith([{ slug: PRODUCT, quantity: 1 }]));
  return { session, authorizationToken: await sim.authorize(session.klarnaSessionId) };
}

/** Klarna's callback body (reference/klarna/payments-v1.openapi.json, merchant_urls.authorization). */
function callbackBody({ session, authorizationToken }: AuthorizedSession): string {
  return JSON.stringify({ authorization_token: authorizationToken, session_id: session.klarnaSessionId });
}

function callbackInit(one: AuthorizedSession): RequestInit {
  return { method: "POST", headers: { "Content-Type": "application/json" }, body: callbackBody(one) };
}

/** 50 connections of callbacks for `sessions`, each session's three in a row, cycling through the sessions. */
function callbacks(storeUrl: string, sessions: readonly AuthorizedSession[], duration: number, reached?: Set<string>) {
  return postInRows({
    url: storeUrl,
    connections: CONNECTIONS,
    duration,
    items: sessions,
    inARow: CALLBACKS_IN_A_ROW,
    request: (one) => {
      const url = new URL(authorizationUrl(one.session));
      return { path: url.pathname + url.search, body: callbackBody(one) };
    },
    reached: (one) => reached?.add(one.session.id),
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
