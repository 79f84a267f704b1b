import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { count, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as authorizationCallback } from "@/app/api/klarna/authorization/route";
import { POST as push } from "@/app/api/klarna/push/route";
import { db } from "@/db";
import { orderEvents, orders } from "@/db/schema";
import { cartItemsOf } from "@/lib/cart/cart-store";
import { finalize, type FinalizeResult } from "@/lib/orders/finalize";
import {
  closedUrl,
  mapWithLimit,
  startSimulator,
  temporaryDirectory,
  type ServerProcess,
} from "./support/child-servers";
import {
  authorizationUrl,
  placedKlarnaOrder,
  pushUrl,
  stockBySlug,
  type CartLineWanted,
  type PlacedKlarnaOrder,
} from "./support/klarna-orders";
import { simulatorControl, type SimulatorControl } from "./support/simulator-control";

const ORDERS = 100;
const PUSHES_PER_ORDER = 5;

// Products with enough stock for 100 carts; the digital e-book takes stock too. Stock is checked before the race.
const FIRST_LINE = ["freeze-dried-chili", "nordic-trails-ebook", "hiking-wool-socks"];
const SECOND_LINE = ["titanium-mug-450", "lumen-400-headlamp", "insulated-bottle-750", "kungsleden-trail-map"];

function linesOfCart(index: number): CartLineWanted[] {
  return [
    { slug: FIRST_LINE[index % FIRST_LINE.length]!, quantity: 1 + (index % 2) },
    { slug: SECOND_LINE[index % SECOND_LINE.length]!, quantity: 1 },
  ];
}

/** A seeded generator (mulberry32), so the same jitter comes back run after run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const ACKNOWLEDGE_PATH = /\/ordermanagement\/v1\/orders\/([^/]+)\/acknowledge$/;

let simulator: ServerProcess;
let sim: SimulatorControl;
let removeTemporary: () => void;
/** Acknowledge calls the store made to Klarna, per Klarna order id, seen on the wire. */
const acknowledgeCalls = new Map<string, number>();

beforeAll(async () => {
  const temporary = temporaryDirectory("finalize-concurrency-");
  removeTemporary = temporary.remove;
  simulator = await startSimulator({ dbPath: path.join(temporary.directory, "simulator.db") });
  sim = simulatorControl(simulator.url);
  // Read once by env() on first use, so set before any store code runs. Klarna's own callbacks are not wanted
  // here (the test fires them itself, concurrently): they are dropped, and the store URL refuses connections anyway.
  process.env.KLARNA_API_URL = simulator.url;
  process.env.STORE_URL = await closedUrl();
  // 700 calls reach one simulator at once (and CI runs this file once per driver): the point is exactly-once, not
  // latency, so a slow answer must not turn into a timeout here.
  process.env.KLARNA_TIMEOUT_MS = "30000";
  await sim.addFault({ kind: "authorization_callback", mode: "drop" });

  // The Klarna client takes `fetch` when it is first built, so wrapping it now counts every acknowledge it sends.
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
    const request = new Request(input, init);
    const match = ACKNOWLEDGE_PATH.exec(new URL(request.url).pathname);
    if (match && request.method === "POST") {
      const id = decodeURIComponent(match[1]!);
      acknowledgeCalls.set(id, (acknowledgeCalls.get(id) ?? 0) + 1);
    }
    return realFetch(input, init);
  });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await simulator?.stop();
  removeTemporary?.();
});

describe("finalize under concurrency", () => {
  it(
    `places ${ORDERS} orders and, for each, fires the confirmation page, the authorization callback and ${PUSHES_PER_ORDER} pushes concurrently: exactly ${ORDERS} store orders, each acknowledged, stock decreased exactly once each`,
    async () => {
      const carts = Array.from({ length: ORDERS }, (_, index) => linesOfCart(index));
      const ordered = new Map<string, number>();
      for (const line of carts.flat()) ordered.set(line.slug, (ordered.get(line.slug) ?? 0) + line.quantity);
      const stockBefore = await stockBySlug([...ordered.keys()]);
      for (const [slug, quantity] of ordered) {
        // Otherwise some orders would be cancelled for a shortage and the test would prove something else.
        expect(stockBefore.get(slug), `stock of ${slug} for ${quantity} ordered`).toBeGreaterThanOrEqual(quantity);
      }

      const placed: PlacedKlarnaOrder[] = await mapWithLimit(carts, 10, (lines) => placedKlarnaOrder(sim, lines));
      expect(new Set(placed.map((order) => order.klarnaOrderId)).size).toBe(ORDERS);
      expect((await db().select({ n: count() }).from(orders).get())?.n).toBe(0);

      // Every caller for every order at once: 700 calls in flight. Each starts after a jitter of up to 25 ms, as real
      // arrivals would; started in one go, the confirmation (which reads from Klarna first thing) would win every race.
      const random = seededRandom(20_260_522);
      type Call =
        | { index: number; kind: "confirmation"; run: () => Promise<FinalizeResult> }
        | { index: number; kind: "authorization" | "push"; run: () => Promise<Response> };
      const calls: Call[] = placed.flatMap(({ session, authorizationToken, klarnaOrderId }, index): Call[] => [
        { index, kind: "confirmation", run: () => finalize({ provider: "klarna-payments", reference: klarnaOrderId }, "confirmation") },
        {
          index,
          kind: "authorization",
          run: () =>
            authorizationCallback(
              new Request(authorizationUrl(session), {
                method: "POST",
                headers: { "Content-Type": "application/json" },
                body: JSON.stringify({ authorization_token: authorizationToken, session_id: session.klarnaSessionId }),
              }),
            ),
        },
        ...Array.from({ length: PUSHES_PER_ORDER }, (): Call => ({
          index,
          kind: "push",
          run: () => push(new Request(pushUrl(session, klarnaOrderId), { method: "POST" })),
        })),
      ]);
      // When each call was in flight, per order, to show below that the callers really met.
      const flights = new Map<number, { started: number; ended: number }[]>();
      const results = await Promise.all(
        calls.map(async (call) => {
          await sleep(random() * 25);
          const started = performance.now();
          const result =
            call.kind === "confirmation"
              ? { index: call.index, kind: call.kind, finalized: await call.run() }
              : { index: call.index, kind: call.kind, response: await call.run() };
          flights.set(call.index, [...(flights.get(call.index) ?? []), { started, ended: performance.now() }]);
          return result;
        }),
      );

      for (const result of results) {
        const { klarnaOrderId } = placed[result.index]!;
        if (result.kind === "confirmation") {
          expect(result.finalized.order.klarnaOrderId).toBe(klarnaOrderId);
          expect(result.finalized.settlement).not.toBe("failed");
          continue;
        }
        // Klarna calls again when a callback or push does not answer 2xx. A push that meets another caller mid-settlement
        // asks for exactly that (503), since only a settled order may stop the pushes; nothing else may fail.
        const { kind, response } = result;
        const text = await response.clone().text();
        if (kind === "push" && response.status === 503) {
          expect(JSON.parse(text)).toEqual({ error: "The order is being settled right now. Push again." });
          continue;
        }
        expect(response.status, `${kind} for ${klarnaOrderId}: ${text}`).toBe(200);
        const body: unknown = await response.json();
        // The callback re-checks the cart before placing; when another path has just created the order and emptied
        // the cart it reports that instead of "placed". Klarna only looks at the 2xx.
        if (kind === "authorization") expect(body).toMatchObject({ status: expect.stringMatching(/^(placed|refused|rejected)$/) });
        else expect(body).toMatchObject({ status: expect.stringMatching(/^(acknowledged|pending)$/) });
      }

      const ids = placed.map((order) => order.klarnaOrderId);
      const stored = await db().select().from(orders);
      expect(stored).toHaveLength(ORDERS);
      expect(new Set(stored.map((order) => order.klarnaOrderId))).toEqual(new Set(ids));
      expect(stored.filter((order) => order.status !== "acknowledged")).toEqual([]);
      expect(new Set(stored.map((order) => order.orderNumber)).size).toBe(ORDERS);

      const stockAfter = await stockBySlug([...ordered.keys()]);
      for (const [slug, quantity] of ordered) {
        expect(stockBefore.get(slug)! - stockAfter.get(slug)!, `stock taken for ${slug}`).toBe(quantity);
      }
      for (const { cartId } of placed) expect(await cartItemsOf(cartId)).toEqual([]);

      // The store claims before acknowledging, so Klarna hears exactly one acknowledge per order.
      expect(Object.fromEntries(ids.map((id) => [id, acknowledgeCalls.get(id) ?? 0]))).toEqual(
        Object.fromEntries(ids.map((id) => [id, 1])),
      );
      const events = await db().select().from(orderEvents).where(inArray(orderEvents.providerReference, ids));
      for (const id of ids) {
        const mine = events.filter((event) => event.providerReference === id);
        expect(mine.filter((event) => event.outcome === "created"), `created events of ${id}`).toHaveLength(1);
        expect(mine.filter((event) => event.outcome === "acknowledged"), `acknowledged events of ${id}`).toHaveLength(1);
        expect(mine.filter((event) => event.outcome === "failed"), `failed events of ${id}`).toEqual([]);
      }
      // The race was real: for most orders there was a moment when all seven callers were in flight together. (Which
      // path creates the order depends on timing: on a loaded machine one path can win all 100, so that is not asserted.)
      const allInFlightTogether = [...flights.values()].filter(
        (spans) => spans.length === 2 + PUSHES_PER_ORDER && Math.max(...spans.map((span) => span.started)) < Math.min(...spans.map((span) => span.ended)),
      );
      expect(allInFlightTogether.length, "orders whose seven callers were all in flight at once").toBeGreaterThanOrEqual(ORDERS / 2);

      const atKlarna = await mapWithLimit(ids, 10, (id) => sim.order(id));
      expect(atKlarna.filter((order) => !order.acknowledged).map((order) => order.order_id)).toEqual([]);
      // Klarna stops pushing once an order is acknowledged: none is left scheduled, and two days later none was sent.
      expect(atKlarna.filter((order) => order.scheduled.some((job) => job.kind === "push")).map((order) => order.order_id)).toEqual([]);
      const fired = await sim.advanceClock("48h");
      expect(fired.filter((job) => job.kind === "push" && job.outcome !== "skipped")).toEqual([]);
    },
    60_000,
  );
});
