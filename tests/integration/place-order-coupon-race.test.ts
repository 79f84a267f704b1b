import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { checkoutSessions, couponClaims } from "@/db/schema";
import { placeOrder, type PlaceOrderResult } from "@/lib/payments/klarna-payments/place-order";
import type { CheckoutSession } from "@/lib/checkout/session-store";
import { cartWith, couponRow, insertCoupon, SE_SHOPPER, uniqueCode } from "../lib/validation/support";
import { openSession } from "./support/klarna-orders";
import { simulatedKlarnaForFile } from "./support/simulated-klarna";

// Twenty shoppers authorized with the same single-use code press Confirm at the same moment. Klarna Payments has no
// validation callback, so the code is claimed when the order is placed: one order, 19 refusals, uses = 1.
const klarnaForFile = simulatedKlarnaForFile("place-order-coupon-race");
const SHOPPERS = 20;
const ADDRESSES = { billing_address: SE_SHOPPER, shipping_address: SE_SHOPPER };

interface Authorized {
  session: CheckoutSession;
  token: string;
}

async function twentyAuthorizedWith(code: string): Promise<Authorized[]> {
  const authorized: Authorized[] = [];
  for (let shopper = 0; shopper < SHOPPERS; shopper++) {
    const session = await openSession(await cartWith([{ slug: "merino-base-layer", quantity: 1 }], code));
    expect(session.order.order_lines.some((line) => line.type === "discount" && line.reference === code)).toBe(true);
    authorized.push({ session, token: await klarnaForFile().sim.authorize(session.klarnaSessionId) });
  }
  return authorized;
}

const placeAll = (shoppers: readonly Authorized[]): Promise<PlaceOrderResult[]> =>
  Promise.all(shoppers.map(({ session, token }) => placeOrder(session.id, token, "place_order", ADDRESSES)));

describe("a single-use code in 20 checkouts placed at the same moment", () => {
  it("is given to exactly one: one order, 19 shoppers sent to the page saying the code was used, uses = 1", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("RACE"), maxUses: 1, value: 20 });
    const shoppers = await twentyAuthorizedWith(code);

    const outcomes = await placeAll(shoppers);

    const winners = outcomes.flatMap((outcome, index) => (outcome.status === "placed" ? [shoppers[index]!] : []));
    expect(winners).toHaveLength(1);
    const refused = outcomes.filter((outcome) => outcome.status !== "placed");
    expect(refused).toHaveLength(SHOPPERS - 1);
    for (const outcome of refused) {
      expect(outcome).toEqual({ status: "rejected", location: expect.stringMatching(/\/checkout\/rejected\?reason=coupon_used$/) });
    }

    expect((await couponRow(code)).uses).toBe(1);
    const claims = await db().select().from(couponClaims).where(eq(couponClaims.couponCode, code));
    expect(claims.map((claim) => claim.checkoutSessionId)).toEqual([winners[0]!.session.id]);

    // Only the winner got an order number; every loser's authorization was cancelled at Klarna.
    const rows = await db()
      .select({ id: checkoutSessions.id, orderNumber: checkoutSessions.orderNumber })
      .from(checkoutSessions)
      .where(inArray(checkoutSessions.id, shoppers.map(({ session }) => session.id)));
    expect(rows.filter((row) => row.orderNumber !== null).map((row) => row.id)).toEqual([winners[0]!.session.id]);
    for (const { session, token } of shoppers.filter((shopper) => shopper !== winners[0])) {
      const { authorizations } = await klarnaForFile().sim.session(session.klarnaSessionId);
      expect(authorizations.find((authorization) => authorization.authorization_token === token)?.status).toBe("cancelled");
    }
  });

  it("stays given to the winner: the 19 authorizing and placing again are still refused and uses stays 1", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("RACE"), maxUses: 1 });
    const shoppers = await twentyAuthorizedWith(code);
    const first = await placeAll(shoppers);
    const losers = shoppers.filter((_, index) => first[index]!.status !== "placed");
    expect(losers).toHaveLength(SHOPPERS - 1);

    const again = await Promise.all(
      losers.map(async ({ session }) => ({ session, token: await klarnaForFile().sim.authorize(session.klarnaSessionId) })),
    );
    expect((await placeAll(again)).filter((outcome) => outcome.status === "placed")).toEqual([]);
    expect((await couponRow(code)).uses).toBe(1);
  });
});
