import { describe, expect, it } from "vitest";
import { placeOrder } from "@/lib/payments/klarna-payments/place-order";
import { findCheckoutSession } from "@/lib/checkout/session-store";
import { klarna, KlarnaApiError } from "@/lib/klarna";
import { orderEventsOf } from "@/lib/orders/order-store";
import { MARKETS } from "@/lib/pricing/markets";
import { SE_SHOPPER, setStock, productBySlug } from "../lib/validation/support";
import { cartWith, openSession } from "./support/klarna-orders";
import { simulatedKlarnaForFile } from "./support/simulated-klarna";

// Klarna Payments has no validation callback (payments-v1.openapi.json, schema merchant_urls), so the store's rules
// run when the order is placed. Each refusal must cancel the authorization at Klarna (DELETE, 204) and place nothing.
const klarnaForFile = simulatedKlarnaForFile("place-order-rules");

const SOCKS = [{ slug: "hiking-wool-socks", quantity: 2 }];
const BLOCKED = { ...SE_SHOPPER, email: "blocked@email.se" };

async function authorizedSession(lines = SOCKS, email = "customer@email.se", market = MARKETS.SE) {
  const session = await openSession(await cartWith(lines), market);
  const token = await klarnaForFile().sim.authorize(session.klarnaSessionId, email);
  return { session, token };
}

/** The authorization's state at Klarna, and whether Klarna would still place an order with it. */
async function authorizationAtKlarna(klarnaSessionId: string, token: string) {
  const { authorizations } = await klarnaForFile().sim.session(klarnaSessionId);
  return authorizations.find((authorization) => authorization.authorization_token === token)?.status;
}

async function expectNothingPlaced(sessionId: string, klarnaSessionId: string, token: string) {
  expect(await authorizationAtKlarna(klarnaSessionId, token)).toBe("cancelled");
  const session = await findCheckoutSession(sessionId);
  expect(session).toMatchObject({ providerReference: null, orderNumber: null, placingAt: null });
  expect((await klarnaForFile().sim.session(klarnaSessionId)).order_id).toBeNull();
  // Klarna refuses the cancelled token: nothing can be placed with it any more.
  const placing = klarna().payments.placeOrder(token, session!.order);
  await expect(placing).rejects.toBeInstanceOf(KlarnaApiError);
  await expect(placing).rejects.toMatchObject({ status: 404 });
}

describe("the Payments session the store opens", () => {
  it("carries only Klarna Payments' merchant_urls and no validation options, even with KLARNA_STRICT_VALIDATION", async () => {
    // env() is read once, on first use, which is this test's openSession (it runs first in the file).
    process.env.KLARNA_STRICT_VALIDATION = "true";
    try {
      const session = await openSession(await cartWith(SOCKS));
      const atKlarna = await klarnaForFile().sim.session(session.klarnaSessionId);
      expect(Object.keys(atKlarna.merchant_urls ?? {}).sort()).toEqual(["authorization", "confirmation", "notification", "push"]);
      expect(atKlarna.options ?? {}).not.toHaveProperty("require_validate_callback_success");
    } finally {
      delete process.env.KLARNA_STRICT_VALIDATION;
    }
  });
});

describe("placeOrder runs the merchant's rules before placing", () => {
  it("refuses a blocked shopper the browser names, cancels the authorization and logs why", async () => {
    const { session, token } = await authorizedSession(SOCKS, "blocked@email.se");

    const result = await placeOrder(session.id, token, "place_order", { billing_address: BLOCKED, shipping_address: BLOCKED });

    expect(result).toEqual({ status: "rejected", location: expect.stringMatching(/\/checkout\/rejected\?reason=blocked$/) });
    await expectNothingPlaced(session.id, session.klarnaSessionId, token);
    const [event] = await orderEventsOf(`session:${session.id}`);
    expect(event).toMatchObject({ source: "place_order", action: "validate", outcome: "denied: blocked" });
    expect(event!.detail).toMatch(/authorization cancelled$/);
  });

  it("refuses the same shopper from Klarna's authorization callback, reading the addresses from Klarna's session", async () => {
    const { session, token } = await authorizedSession(SOCKS, "blocked@email.se");

    expect(await placeOrder(session.id, token, "authorization")).toMatchObject({ status: "rejected" });
    await expectNothingPlaced(session.id, session.klarnaSessionId, token);
  });

  it("refuses an item that sold out after the shopper authorized, naming it", async () => {
    const { session, token } = await authorizedSession([{ slug: "titanium-mug-450", quantity: 1 }]);
    const before = (await productBySlug("titanium-mug-450")).stock;
    await setStock("titanium-mug-450", 0);
    try {
      const result = await placeOrder(session.id, token, "place_order", { billing_address: SE_SHOPPER });
      expect(result).toEqual({ status: "rejected", location: expect.stringMatching(/reason=out_of_stock&item=TS-/) });
      await expectNothingPlaced(session.id, session.klarnaSessionId, token);
    } finally {
      await setStock("titanium-mug-450", before);
    }
  });

  it("refuses when the browser and the callback both refuse: the second cancellation finds it gone and still refuses", async () => {
    const { session, token } = await authorizedSession(SOCKS, "blocked@email.se");
    const both = await Promise.all([
      placeOrder(session.id, token, "place_order", { billing_address: BLOCKED }),
      placeOrder(session.id, token, "authorization"),
    ]);
    expect(both.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    await expectNothingPlaced(session.id, session.klarnaSessionId, token);
  });

  it("places the order for an approved shopper and leaves the token used, not cancelled", async () => {
    const { session, token } = await authorizedSession();
    const result = await placeOrder(session.id, token, "place_order", { billing_address: SE_SHOPPER, shipping_address: SE_SHOPPER });
    expect(result).toMatchObject({ status: "placed" });
    expect(await authorizationAtKlarna(session.klarnaSessionId, token)).toBe("consumed");
    expect(await findCheckoutSession(session.id)).toMatchObject({ orderNumber: expect.any(String) });
  });
});
