import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { couponClaims, orders, products } from "@/db/schema";
import { kustomMerchantUrls } from "@/lib/payments/kustom/merchant-urls";
import { cartWith, couponRow, insertCoupon, kustomOrderOf, kustomSessionFor, uniqueCode } from "../lib/validation/support";
import {
  hasProductionBuild,
  mapWithLimit,
  startSimulator,
  startStore,
  temporaryDirectory,
  type ServerProcess,
} from "./support/child-servers";
import { authorizationUrl, placedKlarnaOrder, pushUrl, stockBySlug, type CartLineWanted, type PlacedKlarnaOrder } from "./support/klarna-orders";
import { simulatorControl, type SimulatorControl } from "./support/simulator-control";

/**
 * Two store instances (`next start`) on one libSQL database, as a deployment's instances share one Turso database:
 * every entry point of every order raced over both. `npm test` runs 100 orders; `npm run test:two-instances` 500.
 */
const ORDERS = Number(process.env.TWO_INSTANCE_ORDERS ?? 100);
const PUSHES_PER_ORDER = 3;
/** Orders raced at once; each brings all its calls (confirmation, authorization, pushes) at the same moment. */
const ORDERS_IN_FLIGHT = 20;
const SHOPPERS = 20;

const LINES: CartLineWanted[][] = [
  [{ slug: "nordic-trails-ebook", quantity: 1 }],
  [{ slug: "nordic-trails-ebook", quantity: 1 }, { slug: "kungsleden-trail-map", quantity: 1 }],
];

const ACKNOWLEDGE_PATH = /^\/ordermanagement\/v1\/orders\/([^/]+)\/acknowledge$/;

let simulator: ServerProcess;
let sim: SimulatorControl;
let counter: Server;
const stores: ServerProcess[] = [];
let removeTemporary: () => void = () => undefined;
/** POST …/acknowledge calls both stores made, per Klarna order, seen on the wire between them and Klarna. */
const acknowledgeCalls = new Map<string, number>();

/** Stands between the stores and the simulator and counts the acknowledge calls, passing everything through. */
async function countingProxy(target: string): Promise<Server> {
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      const url = new URL(incoming.url ?? "/", target);
      const match = ACKNOWLEDGE_PATH.exec(url.pathname);
      if (match && incoming.method === "POST") {
        const id = decodeURIComponent(match[1]!);
        acknowledgeCalls.set(id, (acknowledgeCalls.get(id) ?? 0) + 1);
      }
      const headers = Object.fromEntries(
        Object.entries(incoming.headers).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[0] !== "host"),
      );
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const response = await fetch(url, { method: incoming.method, headers, body });
      const answer = Buffer.from(await response.arrayBuffer());
      const passed = Object.fromEntries([...response.headers].filter(([name]) => !["content-encoding", "content-length", "transfer-encoding"].includes(name)));
      outgoing.writeHead(response.status, passed).end(answer);
    })().catch((error: unknown) => outgoing.writeHead(502).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

/** The same URL on the other instance. */
function on(store: ServerProcess, url: string): string {
  const moved = new URL(url);
  const base = new URL(store.url);
  moved.protocol = base.protocol;
  moved.host = base.host;
  return moved.href;
}

const buildMissing = !hasProductionBuild();

beforeAll(async () => {
  if (buildMissing) return;
  const temporary = temporaryDirectory("two-instances-");
  removeTemporary = temporary.remove;
  const database = `file:${path.join(temporary.directory, "store.db")}`;
  simulator = await startSimulator({ dbPath: path.join(temporary.directory, "simulator.db") });
  sim = simulatorControl(simulator.url);
  counter = await countingProxy(simulator.url);
  const klarnaForStores = `http://127.0.0.1:${(counter.address() as AddressInfo).port}`;

  // One after the other: the first migrates and seeds the new database as it opens it (a local run), the second
  // finds it ready, so they never race to migrate it (a deployment migrates on deploy instead).
  for (let instance = 0; instance < 2; instance++) {
    stores.push(await startStore({ dbPath: database, klarnaUrl: klarnaForStores, env: { KLARNA_TIMEOUT_MS: "30000" } }));
  }
  // This process sets up carts and Klarna orders with the store's own code, on the same database; read by env()
  // on first use. Klarna's validation callbacks of its sessions go to the first instance.
  process.env.DATABASE_URL = database;
  process.env.KLARNA_API_URL = simulator.url;
  process.env.STORE_URL = stores[0]!.url;
  // The test fires the authorization callbacks itself, split over both instances.
  await sim.addFault({ kind: "authorization_callback", mode: "drop" });
}, 180_000);

afterAll(async () => {
  await Promise.all(stores.map((store) => store.stop()));
  await new Promise<void>((resolve) => (counter ? counter.close(() => resolve()) : resolve()));
  await simulator?.stop();
  removeTemporary();
});

describe.skipIf(buildMissing)("two store instances on one libSQL database", () => {
  it(
    `finalize each of ${ORDERS} Klarna orders once, whichever instance each confirmation, authorization callback and push reaches`,
    async () => {
      const carts = Array.from({ length: ORDERS }, (_, index) => LINES[index % LINES.length]!);
      const ordered = new Map<string, number>();
      for (const line of carts.flat()) ordered.set(line.slug, (ordered.get(line.slug) ?? 0) + line.quantity);
      // Enough of each for 500 orders, so none is cancelled for a shortage (which would prove something else).
      await db().update(products).set({ stock: 10_000 }).where(inArray(products.slug, [...ordered.keys()]));
      const placed: PlacedKlarnaOrder[] = await mapWithLimit(carts, 10, (lines) => placedKlarnaOrder(sim, lines));
      const stockBefore = await stockBySlug([...ordered.keys()]);
      for (const [slug, quantity] of ordered) expect(stockBefore.get(slug)).toBeGreaterThanOrEqual(quantity);

      const answers = await mapWithLimit(placed, ORDERS_IN_FLIGHT, async ({ session, authorizationToken, klarnaOrderId }, index) => {
        // Alternate which instance gets which call, so every order is raced across both.
        const [first, second] = index % 2 === 0 ? [stores[0]!, stores[1]!] : [stores[1]!, stores[0]!];
        const calls = [
          () => fetch(`${first.url}/checkout/confirmation?klarna_order_id=${encodeURIComponent(klarnaOrderId)}`),
          () =>
            fetch(on(second, authorizationUrl(session)), {
              method: "POST",
              headers: { "Content-Type": "application/json" },
              body: JSON.stringify({ authorization_token: authorizationToken, session_id: session.klarnaSessionId }),
            }),
          ...Array.from({ length: PUSHES_PER_ORDER }, (_, push) => () =>
            fetch(on(push % 2 === 0 ? second : first, pushUrl(session, klarnaOrderId)), { method: "POST" }),
          ),
        ];
        return Promise.all(
          calls.map(async (call, position) => {
            await sleep(Math.random() * 20);
            const response = await call();
            const text = await response.text();
            // A push that meets another caller mid-settlement asks Klarna to push again (503), as it must until the
            // order is settled; Klarna then does, so here the push is repeated until it is answered.
            if (position >= 2 && response.status === 503 && text.includes("being settled")) {
              for (let attempt = 0; attempt < 20; attempt++) {
                await sleep(250);
                const again = await calls[position]!();
                await again.arrayBuffer();
                if (again.status !== 503) return again.status;
              }
            }
            return response.status;
          }),
        );
      });

      // A push or callback answered 5xx would be retried by Klarna; here every one must have succeeded in the end.
      expect(answers.flat().filter((status) => status >= 500)).toEqual([]);
      const ids = placed.map((order) => order.klarnaOrderId);
      const stored = await db()
        .select({ klarnaOrderId: orders.klarnaOrderId, status: orders.status })
        .from(orders)
        .where(inArray(orders.klarnaOrderId, ids));
      expect(stored).toHaveLength(ORDERS);
      expect(new Set(stored.map((row) => row.klarnaOrderId)).size).toBe(ORDERS);
      expect(stored.filter((row) => row.status !== "acknowledged")).toEqual([]);
      expect(ids.filter((id) => acknowledgeCalls.get(id) !== 1)).toEqual([]);
      const atKlarna = await mapWithLimit(ids, 10, (id) => sim.order(id));
      expect(atKlarna.filter((order) => !order.acknowledged).map((order) => order.order_id)).toEqual([]);
      const stockAfter = await stockBySlug([...ordered.keys()]);
      for (const [slug, quantity] of ordered) expect(stockAfter.get(slug), slug).toBe(stockBefore.get(slug)! - quantity);
    },
    Math.max(120_000, ORDERS * 1_000),
  );

  it(`give a single-use code to exactly one of ${SHOPPERS} checkouts validated at once across both`, async () => {
    const { code } = await insertCoupon({ code: uniqueCode("TWO"), maxUses: 1 });
    // Kustom Checkout sessions (Klarna Payments has no validation callback), stored as openKustomCheckout stores them.
    const sessions = await Promise.all(
      Array.from({ length: SHOPPERS }, async () => kustomSessionFor(await cartWith([{ slug: "merino-base-layer", quantity: 1 }], code))),
    );
    const statuses = await Promise.all(
      sessions.map(async (session, index) => {
        const template = kustomMerchantUrls(stores[0]!.url, session.callbackToken).validation!;
        const url = on(stores[index % 2]!, template.replace("{checkout.order.id}", encodeURIComponent(session.klarnaSessionId)));
        // Kustom sends the whole checkout order, named by its order_id.
        const response = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(kustomOrderOf(session)),
          redirect: "manual",
        });
        await response.arrayBuffer();
        return { status: response.status, location: response.headers.get("location") };
      }),
    );
    expect(statuses.filter((answer) => answer.status === 200)).toHaveLength(1);
    const refused = statuses.filter((answer) => answer.status !== 200);
    expect(refused).toHaveLength(SHOPPERS - 1);
    for (const answer of refused) expect(answer).toMatchObject({ status: 303, location: expect.stringMatching(/\/checkout\/rejected\?reason=coupon_used$/) });
    expect((await couponRow(code)).uses).toBe(1);
    expect(await db().select().from(couponClaims).where(eq(couponClaims.couponCode, code))).toHaveLength(1);
  });
});
