import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as validationRoute } from "@/app/api/klarna/validation/route";
import { db } from "@/db";
import { checkoutSessions, couponClaims } from "@/db/schema";
import { openCheckout } from "@/lib/checkout/open-checkout";
import type { CheckoutSession } from "@/lib/checkout/session-store";
import { MARKETS } from "@/lib/pricing/markets";
import { cartWith, couponRow, insertCoupon, uniqueCode } from "../lib/validation/support";
import { startSimulator, temporaryDirectory, type ServerProcess } from "./support/child-servers";
import { simulatorControl } from "./support/simulator-control";

const SHOPPERS = 20;

let simulator: ServerProcess;
let store: Server;
let storeUrl: string;
let removeTemporary: () => void;

/** The store's validation route behind a real HTTP server, so the simulator calls it as Klarna calls a deployed store. */
async function serveValidationRoute(): Promise<Server> {
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      const url = new URL(incoming.url ?? "/", storeUrl);
      if (incoming.method !== "POST" || url.pathname !== "/api/klarna/validation") {
        outgoing.writeHead(404).end();
        return;
      }
      const response = await validationRoute(
        new Request(url, { method: "POST", headers: incoming.headers as Record<string, string>, body: Buffer.concat(chunks) }),
      );
      outgoing.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      outgoing.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

beforeAll(async () => {
  const temporary = temporaryDirectory("validation-race-");
  removeTemporary = temporary.remove;
  simulator = await startSimulator({ dbPath: path.join(temporary.directory, "simulator.db") });
  store = await serveValidationRoute();
  storeUrl = `http://127.0.0.1:${(store.address() as AddressInfo).port}`;
  // env() is read once, on first use: point the store at the simulator and at the server above.
  process.env.KLARNA_API_URL = simulator.url;
  process.env.STORE_URL = storeUrl;
  // This test serves only the validation route; the authorization callback would find nothing to answer it.
  await simulatorControl(simulator.url).addFault({ kind: "authorization_callback", mode: "drop" });
});

afterAll(async () => {
  await new Promise<void>((resolve) => (store ? store.close(() => resolve()) : resolve()));
  await simulator?.stop();
  removeTemporary?.();
});

interface Outcome {
  status: number;
  approved: boolean;
  reason?: string;
  location?: string;
}

/** The shopper confirms in Klarna's popup: the simulator validates with the store, then answers. */
async function confirm(session: CheckoutSession): Promise<Outcome> {
  const response = await fetch(`${simulator.url}/_sim/sessions/${encodeURIComponent(session.klarnaSessionId)}/authorize`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "customer@email.se" }),
  });
  return { status: response.status, ...((await response.json()) as Omit<Outcome, "status">) };
}

async function twentyCheckoutsWith(code: string): Promise<CheckoutSession[]> {
  const sessions: CheckoutSession[] = [];
  for (let shopper = 0; shopper < SHOPPERS; shopper++) {
    const cartId = await cartWith([{ slug: "merino-base-layer", quantity: 1 }], code);
    const opened = await openCheckout(cartId, MARKETS.SE);
    if (opened.status !== "ready") throw new Error(`checkout ${shopper} is ${opened.status}`);
    expect(opened.session.order.order_lines.some((line) => line.type === "discount" && line.reference === code)).toBe(true);
    sessions.push(opened.session);
  }
  return sessions;
}

describe("a single-use code in 20 checkouts confirmed at the same moment", () => {
  it("is given to exactly one: one purchase is approved, 19 shoppers are sent to the rejection page, uses = 1", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("RACE"), maxUses: 1, value: 20 });
    const sessions = await twentyCheckoutsWith(code);

    const outcomes = await Promise.all(sessions.map(confirm));

    const approved = outcomes.filter((outcome) => outcome.approved);
    expect(approved).toHaveLength(1);
    expect(approved[0]).toMatchObject({ status: 200, approved: true });
    const refused = outcomes.filter((outcome) => !outcome.approved);
    expect(refused).toHaveLength(SHOPPERS - 1);
    for (const outcome of refused) {
      expect(outcome).toMatchObject({ status: 403, reason: "validation_redirect" });
      expect(outcome.location).toMatch(new RegExp(`^${storeUrl}/checkout/rejected\\?reason=`));
    }

    expect((await couponRow(code)).uses).toBe(1);
    const claims = await db().select().from(couponClaims).where(eq(couponClaims.couponCode, code));
    expect(claims).toHaveLength(1);
    const winner = sessions[outcomes.findIndex((outcome) => outcome.approved)]!;
    expect(claims[0]!.checkoutSessionId).toBe(winner.id);

    // Only the approved checkout got an order number.
    const rows = await db()
      .select({ id: checkoutSessions.id, orderNumber: checkoutSessions.orderNumber })
      .from(checkoutSessions)
      .where(inArray(checkoutSessions.id, sessions.map((session) => session.id)));
    expect(rows).toHaveLength(SHOPPERS);
    expect(rows.filter((row) => row.orderNumber !== null).map((row) => row.id)).toEqual([winner.id]);
  });

  it("stays given to the winner: the 19 confirming again are still refused and uses stays 1", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("RACE"), maxUses: 1 });
    const sessions = await twentyCheckoutsWith(code);
    const first = await Promise.all(sessions.map(confirm));
    const losers = sessions.filter((_, index) => !first[index]!.approved);
    expect(losers).toHaveLength(SHOPPERS - 1);

    const again = await Promise.all(losers.map(confirm));
    expect(again.filter((outcome) => outcome.approved)).toEqual([]);
    expect((await couponRow(code)).uses).toBe(1);
  });

  it("tells each of the 19 other shoppers that the code has already been used", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("RACE"), maxUses: 1 });
    const sessions = await twentyCheckoutsWith(code);
    const outcomes = await Promise.all(sessions.map(confirm));
    const refused = outcomes.filter((outcome) => !outcome.approved);
    expect(refused).toHaveLength(SHOPPERS - 1);
    for (const outcome of refused) expect(outcome.location).toBe(`${storeUrl}/checkout/rejected?reason=coupon_used`);
  });
});
