import { randomBytes, randomUUID } from "node:crypto";
import { count, eq, isNotNull } from "drizzle-orm";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import ConfirmationPage from "@/app/(store)/checkout/confirmation/page";
import { POST as authorizationCallback } from "@/app/api/klarna/authorization/route";
import { POST as push } from "@/app/api/klarna/push/route";
import { db } from "@/db";
import { cartItems, checkoutSessions, orderEvents, orders, products } from "@/db/schema";
import { cartItemsOf } from "@/lib/cart/cart-store";
import { findCheckoutSession, type CheckoutSession } from "@/lib/checkout/session-store";
import { DEFAULT_BODY_LIMIT } from "@/lib/http/json-request";
import { findOrderByKlarnaId, orderEventsOf } from "@/lib/orders/order-store";
import { placeOrder } from "@/lib/payments/klarna-payments/place-order";
import { klarnaPaymentsProvider } from "@/lib/payments/klarna-payments/provider";
import { MARKETS } from "@/lib/pricing/markets";
import { closedUrl } from "../integration/support/child-servers";
import {
  authorizationUrl,
  cartWith,
  openSession,
  placedKlarnaOrder,
  pushUrl,
  stockBySlug,
  type PlacedKlarnaOrder,
} from "../integration/support/klarna-orders";
import { simulatedKlarnaForFile } from "../integration/support/simulated-klarna";
import type { SimulatorControl } from "../integration/support/simulator-control";

// The confirmation page reads the shopper's cart cookie through next/headers, which only exists inside a request.
// Klarna's redirect may land in any browser; these tests are a browser without the store's cookie.
vi.mock("@/lib/cart/session", () => ({ readCartCookie: async () => ({ status: "none" }) }));
// finalize as it is, with a way to make one call fail before it writes anything (a lost database or provider
// connection): the first authorization callback no longer reads Klarna's order, so a fault at Klarna cannot stand in.
const failNextFinalize = vi.hoisted(() => ({ pending: false }));
vi.mock("@/lib/orders/finalize", async (original) => {
  const actual = await original<typeof import("@/lib/orders/finalize")>();
  return {
    ...actual,
    finalize: (...args: Parameters<typeof actual.finalize>) => {
      if (failNextFinalize.pending) {
        failNextFinalize.pending = false;
        return Promise.reject(new Error("finalize failed before its creation batch"));
      }
      return actual.finalize(...args);
    },
  };
});

const PUSH_BODY_LIMIT = 1024 * 1024;
const SOCKS = [{ slug: "hiking-wool-socks", quantity: 2 }];

const klarnaSimulator = simulatedKlarnaForFile("klarna-callbacks");
let sim: SimulatorControl;
beforeAll(() => {
  sim = klarnaSimulator().sim;
});

/** Everything a callback could change in the store, to show that a refused one changed nothing. */
async function storeState() {
  const total = async (table: typeof orders | typeof orderEvents | typeof cartItems) =>
    (await db().select({ n: count() }).from(table).get())!.n;
  return {
    orders: await total(orders),
    events: await total(orderEvents),
    cartItems: await total(cartItems),
    stock: await db().select({ sku: products.sku, stock: products.stock }).from(products).orderBy(products.sku),
    placedSessions: (await db().select({ n: count() }).from(checkoutSessions).where(isNotNull(checkoutSessions.providerReference)).get())!.n,
  };
}

async function expectNoStoreOrder(klarnaOrderId: string) {
  expect(await findOrderByKlarnaId(klarnaOrderId)).toBeNull();
  expect(await orderEventsOf(klarnaOrderId)).toEqual([]);
}

function postPush(url: string, init: RequestInit = {}): Promise<Response> {
  return push(new Request(url, { method: "POST", ...init }));
}

function withToken(url: string, token: string | null): string {
  const parsed = new URL(url);
  if (token === null) parsed.searchParams.delete("token");
  else parsed.searchParams.set("token", token);
  return parsed.href;
}

/** A body sent in chunks, so the request carries no Content-Length unless one is set by hand. */
function streamed(size: number, headers: Record<string, string>, url: string): Request {
  const chunk = new TextEncoder().encode(`{"authorization_token":"${"a".repeat(1000)}`);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
  const init: RequestInit & { duplex: "half" } = { method: "POST", headers, body, duplex: "half" };
  return new Request(url, init);
}

async function problemOf(response: Response): Promise<{ error: string; issues?: { path: string; message: string }[] }> {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return (await response.json()) as { error: string; issues?: { path: string; message: string }[] };
}

/** An authorized session whose order nobody has placed yet: what Klarna's authorization callback is about. */
async function authorizedSession(): Promise<{ session: CheckoutSession; authorizationToken: string }> {
  const session = await openSession(await cartWith(SOCKS));
  return { session, authorizationToken: await sim.authorize(session.klarnaSessionId) };
}

function callbackRequest(
  session: CheckoutSession,
  body: string,
  options: { token?: string | null; contentType?: string; headers?: Record<string, string> } = {},
): Request {
  const url = options.token === undefined ? authorizationUrl(session) : withToken(authorizationUrl(session), options.token);
  return new Request(url, {
    method: "POST",
    headers: { "Content-Type": options.contentType ?? "application/json", ...options.headers },
    body,
  });
}

describe("Klarna's push", () => {
  let order: PlacedKlarnaOrder;

  beforeAll(async () => {
    order = await placedKlarnaOrder(sim, SOCKS);
  });

  it("answers 400 with the issue and writes nothing when the token is missing", async () => {
    const before = await storeState();
    const response = await postPush(withToken(pushUrl(order.session, order.klarnaOrderId), null));
    expect(response.status).toBe(400);
    expect((await problemOf(response)).issues).toEqual([{ path: "token", message: "The callback token is missing." }]);
    expect(await storeState()).toEqual(before);
  });

  it("answers 400 and writes nothing when the token is malformed", async () => {
    const before = await storeState();
    for (const token of ["short", "has/slash/and-is-long-enough", "x".repeat(129), ""]) {
      const response = await postPush(withToken(pushUrl(order.session, order.klarnaOrderId), token));
      expect(response.status, token).toBe(400);
    }
    expect(await storeState()).toEqual(before);
  });

  it("answers 401 and writes nothing when the token is wrong", async () => {
    const before = await storeState();
    const response = await postPush(withToken(pushUrl(order.session, order.klarnaOrderId), randomBytes(24).toString("base64url")));
    expect(response.status).toBe(401);
    expect(await problemOf(response)).toEqual({ error: "The callback token is not valid." });
    expect(await storeState()).toEqual(before);
  });

  it("answers 400 and writes nothing when the order id is missing or malformed", async () => {
    const before = await storeState();
    const url = new URL(pushUrl(order.session, order.klarnaOrderId));
    for (const id of [null, "", "short", "../../etc/passwd", "order id with spaces", "a".repeat(65), "-starts-with-dash"]) {
      if (id === null) url.searchParams.delete("klarna_order_id");
      else url.searchParams.set("klarna_order_id", id);
      const response = await postPush(url.href);
      expect(response.status, String(id)).toBe(400);
      expect((await problemOf(response)).issues?.map((issue) => issue.path)).toEqual(["klarna_order_id"]);
    }
    expect(await storeState()).toEqual(before);
  });

  it("answers 404 and writes nothing, no order and no event, for an order Klarna does not know", async () => {
    const before = await storeState();
    const unknown = randomUUID();
    const response = await postPush(pushUrl(order.session, unknown));
    expect(response.status).toBe(404);
    await expectNoStoreOrder(unknown);
    expect(await storeState()).toEqual(before);
  });

  it("answers 404 and writes nothing for an order placed from another checkout session", async () => {
    const other = await placedKlarnaOrder(sim, SOCKS);
    const before = await storeState();
    // The push URL of `order`'s session, naming the order of `other`'s session: the token does not cover it.
    const response = await postPush(pushUrl(order.session, other.klarnaOrderId));
    expect(response.status).toBe(404);
    await expectNoStoreOrder(other.klarnaOrderId);
    expect(await cartItemsOf(other.cartId)).not.toEqual([]);
    expect(await storeState()).toEqual(before);
    expect((await sim.order(other.klarnaOrderId)).acknowledged).toBe(false);
  });

  it("answers 413 and writes nothing when the declared body is over 1 MB", async () => {
    const before = await storeState();
    const response = await postPush(pushUrl(order.session, order.klarnaOrderId), {
      headers: { "Content-Length": String(PUSH_BODY_LIMIT + 1) },
      body: "x".repeat(PUSH_BODY_LIMIT + 1),
    });
    expect(response.status).toBe(413);
    expect(await storeState()).toEqual(before);
  });

  it("answers 503 and writes nothing when Order Management fails, and the retried push creates and acknowledges the order", async () => {
    const before = await storeState();
    await sim.addFault({ kind: "order_management", mode: "fail", status: 500, count: 1 });
    const failed = await postPush(pushUrl(order.session, order.klarnaOrderId));
    expect(failed.status).toBe(503);
    await expectNoStoreOrder(order.klarnaOrderId);
    expect(await storeState()).toEqual(before);

    const retried = await postPush(pushUrl(order.session, order.klarnaOrderId));
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ status: "acknowledged" });
    expect((await sim.order(order.klarnaOrderId)).acknowledged).toBe(true);
    expect(await cartItemsOf(order.cartId)).toEqual([]);
  });

  it("reads the order from Klarna, never from the body: a push carrying a large streamed body is answered as usual", async () => {
    // A push has no body and the handler never reads one, so no size limit applies to what it ignores.
    const response = await push(
      streamed(2 * PUSH_BODY_LIMIT, { "Content-Type": "application/json" }, pushUrl(order.session, order.klarnaOrderId)),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "acknowledged" });
  });

  it("retries a failed acknowledgement once in the same call, so one lost answer does not leave the order pending", async () => {
    const placed = await placedKlarnaOrder(sim, SOCKS);
    await sim.addFault({ kind: "acknowledge", mode: "fail", status: 503, count: 1 });
    const response = await postPush(pushUrl(placed.session, placed.klarnaOrderId));
    expect(response.status).toBe(200);
    expect(await findOrderByKlarnaId(placed.klarnaOrderId)).toMatchObject({ status: "acknowledged" });
    expect((await sim.order(placed.klarnaOrderId)).acknowledged).toBe(true);
  });

  it("answers 503 when the acknowledgement fails twice, keeps the order with its stock taken once, and the next push acknowledges it", async () => {
    const placed = await placedKlarnaOrder(sim, SOCKS);
    const stockBefore = (await stockBySlug(["hiking-wool-socks"])).get("hiking-wool-socks")!;
    await sim.addFault({ kind: "acknowledge", mode: "fail", status: 503, count: 2 });

    const failed = await postPush(pushUrl(placed.session, placed.klarnaOrderId));
    expect(failed.status).toBe(503);
    expect(await findOrderByKlarnaId(placed.klarnaOrderId)).toMatchObject({ status: "pending", ackClaimedAt: null });
    expect((await sim.order(placed.klarnaOrderId)).acknowledged).toBe(false);

    const retried = await postPush(pushUrl(placed.session, placed.klarnaOrderId));
    expect(retried.status).toBe(200);
    expect(await findOrderByKlarnaId(placed.klarnaOrderId)).toMatchObject({ status: "acknowledged" });
    expect((await sim.order(placed.klarnaOrderId)).acknowledged).toBe(true);
    expect((await stockBySlug(["hiking-wool-socks"])).get("hiking-wool-socks")).toBe(stockBefore - 2);
  });

  it("answers 503 and writes nothing when Klarna cannot be reached at all, and the retried push succeeds", async () => {
    const placed = await placedKlarnaOrder(sim, SOCKS);
    const before = await storeState();
    const unreachable = await closedUrl();
    // env() and the Klarna client are read once per module graph; a fresh graph sees Klarna at a closed port.
    const saved = process.env.KLARNA_API_URL;
    process.env.KLARNA_API_URL = unreachable;
    vi.resetModules();
    try {
      const isolated = await import("@/app/api/klarna/push/route");
      const response = await isolated.POST(new Request(pushUrl(placed.session, placed.klarnaOrderId), { method: "POST" }));
      expect(response.status).toBe(503);
      expect(await problemOf(response)).toEqual({ error: "Klarna could not be reached. Push again later." });
    } finally {
      process.env.KLARNA_API_URL = saved;
      vi.resetModules();
    }
    await expectNoStoreOrder(placed.klarnaOrderId);
    expect(await storeState()).toEqual(before);

    const retried = await postPush(pushUrl(placed.session, placed.klarnaOrderId));
    expect(retried.status).toBe(200);
    expect((await sim.order(placed.klarnaOrderId)).acknowledged).toBe(true);
  });
});

describe("Klarna's authorization callback", () => {
  it("refuses (403) a callback whose token is not the session's authorization, and places nothing", async () => {
    const { session } = await authorizedSession();
    const response = await authorizationCallback(
      callbackRequest(session, JSON.stringify({ authorization_token: "a-token-klarna-never-issued", session_id: session.klarnaSessionId })),
    );
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: "This authorization belongs to another checkout." });
    expect((await sim.session(session.klarnaSessionId)).order_id).toBeNull();
  });

  it("places, creates and acknowledges the order for a valid callback", async () => {
    const { session, authorizationToken } = await authorizedSession();
    const response = await authorizationCallback(
      callbackRequest(session, JSON.stringify({ authorization_token: authorizationToken, session_id: session.klarnaSessionId })),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "placed" });
    const klarnaOrderId = (await findCheckoutSession(session.id))?.providerReference;
    expect(klarnaOrderId).toBeTruthy();
    expect(await findOrderByKlarnaId(klarnaOrderId!)).toMatchObject({ status: "acknowledged" });
    expect((await sim.session(session.klarnaSessionId)).order_id).toBe(klarnaOrderId);
  });

  it("keeps the order Klarna placed on the session when finalize fails before creating it, so a repeat settles that order and places none", async () => {
    const { session, authorizationToken } = await authorizedSession();
    const body = JSON.stringify({ authorization_token: authorizationToken, session_id: session.klarnaSessionId });
    // Klarna places the order, then finalize fails before its creation batch (it once failed here when its read of
    // Klarna's order did; the first callback now hands it Klarna's answer instead): the batch, which carries the placed
    // order's record, is never sent, so place order records it on its own.
    failNextFinalize.pending = true;
    const first = await authorizationCallback(callbackRequest(session, body));
    expect(first.status).toBe(200);
    const klarnaOrderId = (await sim.session(session.klarnaSessionId)).order_id;
    expect(klarnaOrderId).toBeTruthy();
    await expectNoStoreOrder(klarnaOrderId!);
    expect(await findCheckoutSession(session.id)).toMatchObject({ providerReference: klarnaOrderId, authorizationToken });

    // Klarna's retry (or the browser) finds the record: it settles Klarna's one order and places nothing.
    const repeated = await authorizationCallback(callbackRequest(session, body));
    expect(repeated.status).toBe(200);
    expect(await repeated.json()).toEqual({ status: "placed" });
    expect(await findOrderByKlarnaId(klarnaOrderId!)).toMatchObject({ status: "acknowledged", checkoutSessionId: session.id });
    expect((await sim.session(session.klarnaSessionId)).order_id).toBe(klarnaOrderId);
    expect(await db().select({ n: count() }).from(orders).where(eq(orders.checkoutSessionId, session.id)).get()).toEqual({ n: 1 });
  });

  it("creates the order from Klarna's answer to its placement as Klarna's Order Management reports it, a pending fraud review included", async () => {
    // A shopper whose order Klarna holds for a fraud review (simulator/personas.ts: US and GB only).
    const session = await openSession(await cartWith(SOCKS), MARKETS.GB);
    const authorizationToken = await sim.authorize(session.klarnaSessionId, "customer+pend-accept-05@email.gb");
    const response = await authorizationCallback(
      callbackRequest(session, JSON.stringify({ authorization_token: authorizationToken, session_id: session.klarnaSessionId })),
    );
    expect(await response.json()).toEqual({ status: "placed" });
    const klarnaOrderId = (await sim.session(session.klarnaSessionId)).order_id!;
    const order = (await findOrderByKlarnaId(klarnaOrderId))!;
    // A pending review is acknowledged as when the order was read back: its notification ends the review.
    expect(order).toMatchObject({ status: "acknowledged", fraudStatus: "PENDING", providerStatus: "AUTHORIZED", checkoutSessionId: session.id });
    const atKlarna = await klarnaPaymentsProvider.readPurchase(klarnaOrderId);
    expect({
      currency: order.currency,
      email: order.email,
      orderAmount: order.orderAmount,
      orderTaxAmount: order.orderTaxAmount,
      lines: order.lines,
      billingAddress: order.billingAddress,
      paymentMethod: order.paymentMethod,
      fraudStatus: order.fraudStatus,
    }).toEqual({
      currency: atKlarna.currency,
      email: atKlarna.email,
      orderAmount: atKlarna.amount,
      orderTaxAmount: atKlarna.taxAmount,
      lines: atKlarna.lines,
      billingAddress: atKlarna.billingAddress,
      paymentMethod: atKlarna.paymentMethod,
      fraudStatus: atKlarna.fraudStatus,
    });
    // The session gave no shipping address: the store ships to the billing address, which is what Klarna's order shows.
    expect(order.shippingAddress ?? order.billingAddress).toEqual(atKlarna.shippingAddress);
  });

  it("answers the browser's place order as placed, and cancels nothing, when the callback placed the order after the browser read the session", async () => {
    const { session, authorizationToken } = await authorizedSession();
    // The browser's place order has read the session (not placed yet) when Klarna's callback places the order and
    // finalize empties the cart; its rules then read an empty cart.
    const stale = (await findCheckoutSession(session.id))!;
    const response = await authorizationCallback(
      callbackRequest(session, JSON.stringify({ authorization_token: authorizationToken, session_id: session.klarnaSessionId })),
    );
    expect(await response.json()).toEqual({ status: "placed" });
    const klarnaOrderId = (await sim.session(session.klarnaSessionId)).order_id!;
    const result = await placeOrder(stale, authorizationToken, "place_order");
    // The shopper goes where Klarna's answer to the callback's placement said (its redirect_url, recorded with the
    // order), as a browser that placed it would, not straight to the store's confirmation page.
    const recorded = (await findCheckoutSession(session.id))!.redirectUrl;
    expect(recorded).toMatch(/^https?:\/\//);
    expect(result).toMatchObject({ status: "placed", providerReference: klarnaOrderId, redirectUrl: recorded });
    expect(await findOrderByKlarnaId(klarnaOrderId)).toMatchObject({ status: "acknowledged" });
    const events = await orderEventsOf(`session:${session.id}`);
    expect(events.filter((event) => event.action === "validate")).toEqual([]);
  });

  it("records the placed order on the session in the order's creation batch", async () => {
    const { session, authorizationToken } = await authorizedSession();
    const response = await authorizationCallback(
      callbackRequest(session, JSON.stringify({ authorization_token: authorizationToken, session_id: session.klarnaSessionId })),
    );
    expect(response.status).toBe(200);
    const klarnaOrderId = (await sim.session(session.klarnaSessionId)).order_id!;
    const order = await findOrderByKlarnaId(klarnaOrderId);
    // The redirect URL and the token come only from place order's record (the creation itself writes neither).
    expect(await findCheckoutSession(session.id)).toMatchObject({
      providerReference: klarnaOrderId,
      authorizationToken,
      orderNumber: order!.orderNumber,
    });
    expect((await findCheckoutSession(session.id))!.redirectUrl).toBeTruthy();
  });

  describe("refuses bad input without placing anything", () => {
    let session: CheckoutSession;
    let valid: string;

    beforeAll(async () => {
      const authorized = await authorizedSession();
      session = authorized.session;
      valid = JSON.stringify({ authorization_token: authorized.authorizationToken, session_id: session.klarnaSessionId });
    });

    /** Sends the request and checks that neither Klarna nor the store has an order for the session afterwards. */
    async function refused(request: Request): Promise<Response> {
      const before = await storeState();
      const response = await authorizationCallback(request);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(await storeState()).toEqual(before);
      expect((await sim.session(session.klarnaSessionId)).order_id).toBeNull();
      return response;
    }

    it("answers 400 with the issue when the token is missing", async () => {
      const response = await refused(callbackRequest(session, valid, { token: null }));
      expect(response.status).toBe(400);
      expect((await problemOf(response)).issues).toEqual([{ path: "", message: "The callback token is missing." }]);
    });

    it("answers 400 when the token is malformed", async () => {
      for (const token of ["short", "has spaces but is long enough", "x".repeat(129)]) {
        expect((await refused(callbackRequest(session, valid, { token }))).status, token).toBe(400);
      }
    });

    it("answers 401 when the token is wrong", async () => {
      const response = await refused(callbackRequest(session, valid, { token: randomBytes(24).toString("base64url") }));
      expect(response.status).toBe(401);
    });

    it("answers 403 when the token belongs to another session", async () => {
      const other = await authorizedSession();
      const response = await refused(callbackRequest(other.session, valid));
      expect(response.status).toBe(403);
      expect((await sim.session(other.session.klarnaSessionId)).order_id).toBeNull();
    });

    it("answers 415 for a body that is not sent as JSON", async () => {
      for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
        expect((await refused(callbackRequest(session, valid, { contentType }))).status, contentType).toBe(415);
      }
    });

    it("answers 400 for malformed JSON", async () => {
      for (const body of ["", "{", "{'authorization_token': 'x'}", "null,", "\u0000"]) {
        const response = await refused(callbackRequest(session, body));
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(await problemOf(response)).toEqual({ error: "The body is not valid JSON." });
      }
    });

    it("answers 400 with issues naming the missing or wrong fields", async () => {
      const missing = await refused(callbackRequest(session, "{}"));
      expect(missing.status).toBe(400);
      expect((await problemOf(missing)).issues?.map((issue) => issue.path).sort()).toEqual(["authorization_token", "session_id"]);

      const wrong = await refused(callbackRequest(session, JSON.stringify({ authorization_token: 42, session_id: "" })));
      expect(wrong.status).toBe(400);
      expect((await problemOf(wrong)).issues?.map((issue) => issue.path).sort()).toEqual(["authorization_token", "session_id"]);

      const notAnObject = await refused(callbackRequest(session, "[]"));
      expect(notAnObject.status).toBe(400);
    });

    it("answers 413 when the declared body is over the limit", async () => {
      const response = await refused(
        callbackRequest(session, valid, { headers: { "Content-Length": String(DEFAULT_BODY_LIMIT + 1) } }),
      );
      expect(response.status).toBe(413);
    });

    it("answers 413 for a streamed body over the limit that declares no length", async () => {
      const request = streamed(DEFAULT_BODY_LIMIT + 10_000, { "Content-Type": "application/json" }, authorizationUrl(session));
      expect(request.headers.get("content-length")).toBeNull();
      expect((await refused(request)).status).toBe(413);
    });

    it("answers 413 when Content-Length understates a body over the limit", async () => {
      const request = streamed(
        DEFAULT_BODY_LIMIT + 10_000,
        { "Content-Type": "application/json", "Content-Length": "64" },
        authorizationUrl(session),
      );
      expect((await refused(request)).status).toBe(413);
    });

    it("answers 503 when Klarna cannot be reached, and the retried callback places the order once", async () => {
      const saved = process.env.KLARNA_API_URL;
      process.env.KLARNA_API_URL = await closedUrl();
      vi.resetModules();
      try {
        const isolated = await import("@/app/api/klarna/authorization/route");
        const before = await storeState();
        const response = await isolated.POST(callbackRequest(session, valid));
        expect(response.status).toBe(503);
        expect((await findCheckoutSession(session.id))?.placingAt).toBeNull();
        expect({ ...(await storeState()), placedSessions: before.placedSessions }).toEqual(before);
        expect((await sim.session(session.klarnaSessionId)).order_id).toBeNull();
      } finally {
        process.env.KLARNA_API_URL = saved;
        vi.resetModules();
      }

      const retried = await authorizationCallback(callbackRequest(session, valid));
      expect(retried.status).toBe(200);
      expect(await retried.json()).toEqual({ status: "placed" });
      const klarnaOrderId = (await sim.session(session.klarnaSessionId)).order_id;
      expect(klarnaOrderId).toBeTruthy();
      expect(await findOrderByKlarnaId(klarnaOrderId!)).toMatchObject({ status: "acknowledged" });
    });
  });
});

describe("the confirmation page", () => {
  async function render(klarnaOrderId: string | string[] | undefined): Promise<string> {
    return renderToStaticMarkup(await ConfirmationPage({ searchParams: Promise.resolve({ klarna_order_id: klarnaOrderId }) }));
  }

  it("says the link is not valid, and writes nothing, for a missing or malformed order id", async () => {
    const before = await storeState();
    for (const id of [undefined, "", "short", "<script>alert(1)</script>", ["a1b2c3d4e5", "f6a7b8c9d0"]]) {
      expect(await render(id), JSON.stringify(id)).toContain("This confirmation link is not valid");
    }
    expect(await storeState()).toEqual(before);
  });

  it("says the order cannot be found, and writes nothing, for an order Klarna does not know", async () => {
    const before = await storeState();
    const unknown = randomUUID();
    expect(await render(unknown)).toContain("We could not find this order");
    await expectNoStoreOrder(unknown);
    expect(await storeState()).toEqual(before);
  });

  it("asks the shopper to reload while Klarna is down, writing nothing, and shows the receipt on reload", async () => {
    const placed = await placedKlarnaOrder(sim, SOCKS);
    const before = await storeState();
    await sim.addFault({ kind: "order_management", mode: "fail", status: 503, count: 1 });
    expect(await render(placed.klarnaOrderId)).toContain("We are confirming your order");
    await expectNoStoreOrder(placed.klarnaOrderId);
    expect(await storeState()).toEqual(before);

    // A reload within 10 s does not ask Klarna again: anyone with the link could otherwise flood its API.
    expect(await render(placed.klarnaOrderId)).toContain("We are confirming your order");
    await expectNoStoreOrder(placed.klarnaOrderId);

    const later = Date.now() + 11_000;
    const clock = vi.spyOn(Date, "now").mockImplementation(() => later);
    const receipt = await render(placed.klarnaOrderId).finally(() => clock.mockRestore());
    expect(receipt).toContain("Your order is confirmed");
    // Not the browser that paid: no name, address or email on a page anyone with the link can open.
    expect(receipt).not.toContain("customer@email.se");
    expect((await sim.order(placed.klarnaOrderId)).acknowledged).toBe(true);
  });
});
