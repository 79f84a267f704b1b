import { randomBytes, randomUUID } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/kustom/validation/route";
import { db } from "@/db";
import { checkoutSessions, couponClaims, coupons, orderEvents, orderNumbers } from "@/db/schema";
import { addCartItem } from "@/lib/cart/cart-store";
import { findCheckoutSession, type CheckoutSession } from "@/lib/checkout/session-store";
import type { AddressRead } from "@/lib/klarna";
import { kustomMerchantUrls } from "@/lib/payments/kustom/merchant-urls";
import { MARKETS } from "@/lib/pricing/markets";
import {
  cartWith,
  couponRow,
  insertCoupon,
  kustomOrderOf,
  kustomSessionFor,
  productBySlug,
  SE_SHOPPER,
  sessionFor,
  setStock,
  uniqueCode,
  type Wanted,
} from "../lib/validation/support";

// env() is read once, on first use: the store's public URL must be set before anything touches it.
const STORE_URL = vi.hoisted(() => {
  const url = "https://shop.trailhead.test";
  process.env.STORE_URL = url;
  return url;
});

const ONE_MB = 1024 * 1024;
const MUG = [{ slug: "titanium-mug-450", quantity: 2 }];
const US_SHOPPER: AddressRead = {
  given_name: "Test",
  family_name: "Person-us",
  email: "customer@email.us",
  street_address: "509 Amsterdam Ave",
  postal_code: "10024",
  city: "New York",
  region: "NY",
  country: "US",
};

type Body = ReturnType<typeof kustomOrderOf> | Record<string, unknown>;

/** The validation URL the store gave Kustom for the session, as Kustom calls it (its order id filled in). */
function validationUrl(session: CheckoutSession, token: string | null = session.callbackToken): string {
  const template = kustomMerchantUrls(STORE_URL, session.callbackToken).validation!;
  const url = new URL(template.replace("{checkout.order.id}", encodeURIComponent(session.klarnaSessionId)));
  if (token === null) url.searchParams.delete("token");
  else url.searchParams.set("token", token);
  return url.href;
}

function request(url: string, body: Body | string, headers: Record<string, string> = { "Content-Type": "application/json" }): Request {
  return new Request(url, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
}

/** Kustom's validation call for the session, with the checkout order it holds and the shopper's addresses. */
function validate(session: CheckoutSession, body: Body = kustomOrderOf(session)): Promise<Response> {
  return POST(request(validationUrl(session), body));
}

/** A body sent in chunks, so the request carries no Content-Length. */
function streamed(url: string, size: number, headers: Record<string, string> = { "Content-Type": "application/json" }): Request {
  const chunk = new TextEncoder().encode(" ".repeat(64 * 1024));
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) controller.enqueue(new TextEncoder().encode('{"order_id":"x",'));
      if (sent >= size) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
  const init: RequestInit & { duplex: "half" } = { method: "POST", headers, body, duplex: "half" };
  return new Request(url, init);
}

/** Kustom's order for the session with its order lines left out. */
function withoutLines(session: CheckoutSession): Record<string, unknown> {
  const body: Record<string, unknown> = { ...kustomOrderOf(session) };
  delete body.order_lines;
  return body;
}

function expectRejection(response: Response, query: string) {
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toBe(`${STORE_URL}/checkout/rejected?${query}`);
  expect(response.headers.get("cache-control")).toBe("no-store");
}

/** Kustom's answer for an address the shopper can change in the checkout: 400 with `error_type` and `error_text`. */
async function expectAddressError(response: Response, text: RegExp) {
  expect(response.status).toBe(400);
  expect(response.headers.get("location")).toBeNull();
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await response.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(["error_text", "error_type"]);
  expect(body.error_type).toBe("unsupported_shipping_address");
  expect(body.error_text).toMatch(text);
}

async function problemOf(response: Response) {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return (await response.json()) as { error: string; issues?: { path: string; message: string }[] };
}

/** A Kustom checkout whose cart carries a fresh single-use code, so a request that got through would claim it. */
async function sessionWithCoupon(lines: readonly Wanted[] = MUG) {
  const { code } = await insertCoupon({ code: uniqueCode("ROUTE"), maxUses: 1 });
  const session = await kustomSessionFor(await cartWith(lines, code));
  return { session, code };
}

async function validationEvents(session: CheckoutSession) {
  return db().select().from(orderEvents).where(eq(orderEvents.providerReference, `session:${session.id}`));
}

async function claimsOf(session: CheckoutSession, code: string) {
  return db()
    .select()
    .from(couponClaims)
    .where(and(eq(couponClaims.couponCode, code), eq(couponClaims.checkoutSessionId, session.id)));
}

async function orderNumbersGiven(): Promise<number> {
  return (await db().select({ n: count() }).from(orderNumbers).get())!.n;
}

/** Everything a validation call may write, to show that a refused request wrote nothing. */
async function written(session: CheckoutSession, code: string) {
  const total = async (table: typeof orderEvents | typeof couponClaims) => (await db().select({ n: count() }).from(table).get())!.n;
  const stored = (await findCheckoutSession(session.id))!;
  return {
    events: await total(orderEvents),
    orderNumbers: await orderNumbersGiven(),
    claims: await total(couponClaims),
    uses: (await couponRow(code)).uses,
    sessionOrderNumber: stored.orderNumber,
    klarnaOrderId: stored.providerReference,
  };
}

describe("POST /api/kustom/validation: approval", () => {
  it("approves a matching order with 200 and no body, keeps the order number given at open and claims the code", async () => {
    const { session, code } = await sessionWithCoupon();
    expect(session.orderNumber).toMatch(/^ORD-\d{4}-\d{6}$/);
    const numbersBefore = await orderNumbersGiven();
    const response = await validate(session);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    const stored = (await findCheckoutSession(session.id))!;
    expect(stored.orderNumber).toBe(session.orderNumber);
    expect(await orderNumbersGiven()).toBe(numbersBefore);
    expect((await couponRow(code)).uses).toBe(1);
    expect(await claimsOf(session, code)).toHaveLength(1);
    const [event] = await validationEvents(session);
    expect(event).toMatchObject({ source: "validation", action: "validate", outcome: "approved", detail: session.orderNumber });
  });

  it("approves Kustom's retry of the same order with the same number and no second use of the code", async () => {
    const { session, code } = await sessionWithCoupon();
    expect((await validate(session)).status).toBe(200);
    expect((await validate(session)).status).toBe(200);
    expect((await findCheckoutSession(session.id))!.orderNumber).toBe(session.orderNumber);
    expect((await couponRow(code)).uses).toBe(1);
    expect(await claimsOf(session, code)).toHaveLength(1);
  });

  it("accepts a JSON content type with a charset and fields Kustom adds that the store does not read", async () => {
    const session = await kustomSessionFor(await cartWith(MUG));
    const body = {
      ...kustomOrderOf(session),
      status: "checkout_incomplete",
      locale: "en-SE",
      customer: { type: "person" },
      merchant_reference1: session.orderNumber,
      merchant_reference2: session.id,
      merchant_urls: kustomMerchantUrls(STORE_URL, session.callbackToken),
    };
    const response = await POST(request(validationUrl(session), body, { "Content-Type": "application/json; charset=utf-8" }));
    expect(response.status).toBe(200);
  });

  it("accepts a body of exactly 1 MB; one byte more is refused with 413", async () => {
    const session = await kustomSessionFor(await cartWith(MUG));
    const json = JSON.stringify(kustomOrderOf(session));
    const padTo = (size: number) => json.slice(0, -1) + " ".repeat(size - Buffer.byteLength(json)) + "}";
    expect(Buffer.byteLength(padTo(ONE_MB))).toBe(ONE_MB);
    expect((await POST(request(validationUrl(session), padTo(ONE_MB)))).status).toBe(200);
    expect((await POST(request(validationUrl(session), padTo(ONE_MB + 1)))).status).toBe(413);
  });
});

describe("POST /api/kustom/validation: denials send the shopper to a page that says why", () => {
  it("out of stock: 303 to the rejection page naming the item", async () => {
    const session = await kustomSessionFor(await cartWith([{ slug: "arctic-sleeping-bag", quantity: 2 }]));
    await setStock("arctic-sleeping-bag", 1);
    expectRejection(await validate(session), "reason=out_of_stock&item=TS-SH-620");
  });

  it("cart changed: 303 when the shopper added to the cart after Kustom's checkout was made", async () => {
    const cartId = await cartWith(MUG);
    const session = await kustomSessionFor(cartId);
    await addCartItem(cartId, (await productBySlug("hiking-wool-socks")).id, 1, 99);
    expectRejection(await validate(session), "reason=cart_changed");
  });

  it("cart changed: 303 when Kustom's order is not the cart's (a lower amount)", async () => {
    const session = await kustomSessionFor(await cartWith(MUG));
    const order = kustomOrderOf(session);
    const [first, ...rest] = order.order_lines;
    const cheaper = { ...first!, unit_price: 100, total_amount: 200, total_tax_amount: 40 };
    const lines = [cheaper, ...rest];
    const body = { ...order, order_lines: lines, order_amount: lines.reduce((sum, line) => sum + line.total_amount, 0) };
    expectRejection(await validate(session, body), "reason=cart_changed");
  });

  it("blocked shopper: 303 without saying which detail matched", async () => {
    const { session, code } = await sessionWithCoupon();
    const blocked = { ...SE_SHOPPER, email: " Blocked@Email.se " };
    const response = await validate(session, kustomOrderOf(session, { billing_address: blocked, shipping_address: blocked }));
    expectRejection(response, "reason=blocked");
    expect((await couponRow(code)).uses).toBe(0);
    expect(await claimsOf(session, code)).toEqual([]);
    const [event] = await validationEvents(session);
    expect(event).toMatchObject({ outcome: "denied: blocked", detail: "Blocked email" });
  });

  it("used code: of two checkouts validated at once with one single-use code, one gets 303 coupon_used", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("RACE"), maxUses: 1 });
    const first = await kustomSessionFor(await cartWith(MUG, code));
    const second = await kustomSessionFor(await cartWith(MUG, code));
    const responses = await Promise.all([validate(first), validate(second)]);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 303]);
    expectRejection(responses.find((response) => response.status === 303)!, "reason=coupon_used");
    expect((await couponRow(code)).uses).toBe(1);
    expect((await db().select().from(couponClaims).where(eq(couponClaims.couponCode, code))).length).toBe(1);
  });

  it("used code: 303 coupon_used for a checkout validated after the code's only use was taken", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("SEQ"), maxUses: 1 });
    const first = await kustomSessionFor(await cartWith(MUG, code));
    const second = await kustomSessionFor(await cartWith(MUG, code));
    expect((await validate(first)).status).toBe(200);
    expectRejection(await validate(second), "reason=coupon_used");
    expect((await couponRow(code)).uses).toBe(1);
    expect(await claimsOf(second, code)).toEqual([]);
    const [event] = await validationEvents(second);
    expect(event).toMatchObject({ outcome: "denied: coupon_used" });
  });

  it("expired code: 303 coupon_expired for a code that expired after the checkout opened", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("EXP"), expiresAt: new Date(Date.now() + 60_000).toISOString() });
    const session = await kustomSessionFor(await cartWith(MUG, code));
    await db().update(coupons).set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).where(eq(coupons.code, code));
    expectRejection(await validate(session), "reason=coupon_expired");
    expect((await couponRow(code)).uses).toBe(0);
  });
});

describe("POST /api/kustom/validation: an address the store cannot deliver to keeps the shopper in the checkout", () => {
  it("undeliverable country: 400 unsupported_shipping_address asking for another address (food to the US)", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("US"), maxUses: 1 });
    const session = await kustomSessionFor(await cartWith([{ slug: "freeze-dried-chili", quantity: 2 }], code), MARKETS.US);
    const response = await validate(session, kustomOrderOf(session, { billing_address: US_SHOPPER, shipping_address: US_SHOPPER }));
    await expectAddressError(response, /cannot be shipped to this country/);
    expect((await couponRow(code)).uses).toBe(0);
    const [event] = await validationEvents(session);
    expect(event).toMatchObject({ outcome: "denied: undeliverable_country", detail: "Freeze-Dried Chili sin Carne is only shipped within the EU" });
  });

  it("undeliverable postcode: 400 unsupported_shipping_address asking for another postcode (Shetland)", async () => {
    const session = await kustomSessionFor(await cartWith([{ slug: "fjell-down-jacket", quantity: 1 }]), MARKETS.GB);
    const shetland: AddressRead = { email: "customer@email.gb", street_address: "1 Commercial St", postal_code: "ZE1 0AA", city: "Lerwick", country: "GB" };
    const response = await validate(session, kustomOrderOf(session, { billing_address: shetland, shipping_address: shetland }));
    await expectAddressError(response, /cannot deliver to this postcode/);
    const [event] = await validationEvents(session);
    expect(event).toMatchObject({ outcome: "denied: undeliverable_postcode", detail: "Postcode ZE1 0AA in GB is not served" });
  });

  it("a delivery address the store serves, after a refused one, is approved", async () => {
    const session = await kustomSessionFor(await cartWith([{ slug: "fjell-down-jacket", quantity: 1 }]), MARKETS.GB);
    const shetland: AddressRead = { email: "customer@email.gb", street_address: "1 Commercial St", postal_code: "ZE1 0AA", city: "Lerwick", country: "GB" };
    const london: AddressRead = { ...shetland, street_address: "10 Downing St", postal_code: "SW1A 2AA", city: "London" };
    expect((await validate(session, kustomOrderOf(session, { billing_address: shetland, shipping_address: shetland }))).status).toBe(400);
    expect((await validate(session, kustomOrderOf(session, { billing_address: london, shipping_address: london }))).status).toBe(200);
  });
});

describe("POST /api/kustom/validation: bad requests are refused with a clear message and change nothing", () => {
  const cases: { name: string; status: number; message: RegExp; send: (session: CheckoutSession) => Request | Promise<Request> }[] = [
    {
      name: "malformed JSON",
      status: 400,
      message: /not valid JSON/,
      send: (session) => request(validationUrl(session), '{"order_id": "x", '),
    },
    { name: "an empty body", status: 400, message: /not valid JSON/, send: (session) => request(validationUrl(session), "") },
    {
      name: "JSON that is not an object",
      status: 400,
      message: /missing fields/,
      send: (session) => request(validationUrl(session), "[1, 2, 3]"),
    },
    {
      name: "a body with no order lines and a text amount",
      status: 400,
      message: /missing fields/,
      send: (session) => request(validationUrl(session), { ...withoutLines(session), order_amount: "114800" }),
    },
    {
      name: "a negative amount and a fractional quantity",
      status: 400,
      message: /missing fields/,
      send: (session) => {
        const order = kustomOrderOf(session);
        return request(validationUrl(session), {
          ...order,
          order_amount: -1,
          order_lines: order.order_lines.map((line) => ({ ...line, quantity: 1.5 })),
        });
      },
    },
    {
      name: "a Klarna Payments body (session_id, no order_id)",
      status: 400,
      message: /missing fields/,
      send: (session) => {
        const { order_id: orderId, ...order } = kustomOrderOf(session);
        return request(validationUrl(session), { session_id: orderId, ...order });
      },
    },
    {
      name: "a form-encoded body",
      status: 415,
      message: /Content-Type: application\/json/,
      send: (session) =>
        request(validationUrl(session), `order_id=${session.klarnaSessionId}`, { "Content-Type": "application/x-www-form-urlencoded" }),
    },
    {
      name: "no content type",
      status: 415,
      message: /Content-Type: application\/json/,
      send: (session) => new Request(validationUrl(session), { method: "POST", body: new Blob([JSON.stringify(kustomOrderOf(session))]) }),
    },
    {
      name: "a body over 1 MB with its Content-Length",
      status: 413,
      message: /larger than 1048576 bytes/,
      send: (session) => request(validationUrl(session), `{"order_id":"${session.klarnaSessionId}","x":"${"a".repeat(ONE_MB)}"}`),
    },
    {
      name: "a body over 1 MB streamed without a Content-Length",
      status: 413,
      message: /larger than 1048576 bytes/,
      send: (session) => streamed(validationUrl(session), 2 * ONE_MB),
    },
    {
      name: "an order id in the body that is not the token's checkout",
      status: 404,
      message: /No such checkout/,
      send: (session) => request(validationUrl(session), { ...kustomOrderOf(session), order_id: randomUUID() }),
    },
    {
      name: "a token that belongs to no session",
      status: 401,
      message: /callback token is not valid/,
      send: (session) => request(validationUrl(session, randomBytes(24).toString("base64url")), kustomOrderOf(session)),
    },
    {
      name: "a Klarna Payments session's token",
      status: 401,
      message: /callback token is not valid/,
      send: async (session) => {
        const payments = await sessionFor(session.cartId);
        return request(validationUrl(session, payments.callbackToken), { ...kustomOrderOf(session), order_id: payments.klarnaSessionId });
      },
    },
    {
      name: "no token",
      status: 400,
      message: /missing its token/,
      send: (session) => request(validationUrl(session, null), kustomOrderOf(session)),
    },
    {
      name: "a malformed token",
      status: 400,
      message: /missing its token/,
      send: (session) => request(validationUrl(session, "short'; drop table"), kustomOrderOf(session)),
    },
  ];

  it.each(cases)("$name → $status", async ({ status, message, send }) => {
    const { session, code } = await sessionWithCoupon();
    const sent = await send(session);
    const before = await written(session, code);
    const response = await POST(sent);
    expect(response.status).toBe(status);
    expect((await problemOf(response)).error).toMatch(message);
    expect(await written(session, code)).toEqual(before);
    expect(before).toMatchObject({ uses: 0, sessionOrderNumber: session.orderNumber, klarnaOrderId: null });
  });

  it("names the fields that are wrong", async () => {
    const { session } = await sessionWithCoupon();
    const body = await problemOf(await POST(request(validationUrl(session), { ...withoutLines(session), purchase_currency: "kronor" })));
    expect(body.issues?.map((issue) => issue.path).sort()).toEqual(["order_lines", "purchase_currency"]);
  });

  it("refuses another checkout's token with the right order id in the body (404), claiming nothing", async () => {
    const { session, code } = await sessionWithCoupon();
    const other = await kustomSessionFor(await cartWith(MUG));
    const before = await written(session, code);
    const response = await POST(request(validationUrl(other), kustomOrderOf(session)));
    expect(response.status).toBe(404);
    expect(await written(session, code)).toEqual(before);
  });

  it("refuses a checkout that already became an order (409), claiming nothing", async () => {
    const { session, code } = await sessionWithCoupon();
    await db().update(checkoutSessions).set({ providerReference: session.klarnaSessionId }).where(eq(checkoutSessions.id, session.id));
    const before = await written(session, code);
    const response = await validate(session);
    expect(response.status).toBe(409);
    expect((await problemOf(response)).error).toMatch(/already became an order/);
    expect(await written(session, code)).toEqual(before);
  });

  it("answers an order of more than 1000 lines with 400, not 500", async () => {
    const { session, code } = await sessionWithCoupon();
    const order = kustomOrderOf(session);
    const lines = Array.from({ length: 1001 }, () => order.order_lines[0]!);
    const response = await validate(session, { ...order, order_lines: lines });
    expect(response.status).toBe(400);
    expect((await couponRow(code)).uses).toBe(0);
  });
});
