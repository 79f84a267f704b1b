import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { orders } from "@/db/schema";
import { MESSAGES, settleCheckout, startPayment, type CheckoutOutcome } from "@/lib/payments/klarna-network/checkout";
import { networkClient } from "@/lib/payments/klarna-network/settings";
import { findNetworkCheckout } from "@/lib/payments/klarna-network/storage";
import { MARKETS } from "@/lib/pricing/markets";
import { cartWith } from "./support/klarna-orders";
import { completeJourney, klarnaNetworkForFile, type NetworkWorld } from "./support/klarna-network";

const network = klarnaNetworkForFile("acquirer");
let world: NetworkWorld;
beforeAll(async () => {
  world = network();
  // These tests settle by hand (the shopper's return), so webhooks are not sent.
  await world.control("POST", "/_sim/klarna-network/faults", { kind: "webhook", mode: "drop" });
});

async function checkoutFor(slug: string, remember = false, walletId?: string) {
  const cartId = await cartWith([{ slug, quantity: 1 }]);
  const started = await startPayment({ cartId, market: MARKETS.DE, remember, walletId });
  const checkoutId = (await db().query.checkoutSessions.findFirst({ where: (s, { eq }) => eq(s.cartId, cartId) }))!.id;
  return { started, checkoutId };
}

const urlOf = (outcome: CheckoutOutcome | { status: string }) => {
  if (outcome.status !== "redirect" || !("url" in outcome) || !outcome.url) throw new Error(`expected a redirect, got ${JSON.stringify(outcome)}`);
  return outcome.url;
};

describe("Klarna payment requests, acquiring partner role", () => {
  it("answers STEP_UP_REQUIRED, then authorizes the completed request's token: APPROVED, one transaction, one order", async () => {
    const { started, checkoutId } = await checkoutFor("titanium-mug-450");
    await completeJourney(world, urlOf(started), "customer@email.de");
    const paid = await settleCheckout(checkoutId, "confirmation");
    expect(paid.status).toBe("paid");
    const again = await settleCheckout(checkoutId, "reconcile");
    expect(again).toMatchObject({ status: "paid", transactionId: (paid as { transactionId: string }).transactionId });
    const transactionId = (await findNetworkCheckout(checkoutId))!.transactionId!;
    expect(await db().select().from(orders).where(eq(orders.providerReference, transactionId))).toHaveLength(1);
    const read = await networkClient().readTransaction(transactionId);
    expect(read).toMatchObject({ state: "AUTHORIZED", currency: "EUR", payment_transaction_reference: checkoutId });
  });

  it("authorizes once per token, whether it is sent as Klarna-Network-Session-Token or Klarna-Payment-Token", async () => {
    const { started, checkoutId } = await checkoutFor("merino-base-layer");
    const { request } = await completeJourney(world, urlOf(started), "customer@email.de");
    const token = String((request.state_context as Record<string, unknown>).klarna_network_session_token);
    const amount = Number(request.amount);
    const body = { currency: "EUR", request_payment_transaction: { amount, payment_transaction_reference: checkoutId } };
    const first = await networkClient().authorize(body, { idempotencyKey: `a-${checkoutId}`, sessionToken: token, legacyTokenHeader: true });
    const second = await networkClient().authorize(body, { idempotencyKey: `b-${checkoutId}`, sessionToken: token });
    expect(first.payment_transaction_response.result).toBe("APPROVED");
    expect(second.payment_transaction_response.payment_transaction?.payment_transaction_id).toBe(
      first.payment_transaction_response.payment_transaction?.payment_transaction_id,
    );
  });

  it("sends the step-up shopper to a second journey, then approves", async () => {
    const { started, checkoutId } = await checkoutFor("hiking-wool-socks");
    await completeJourney(world, urlOf(started), "customer+step-up@email.de");
    const stepUp = await settleCheckout(checkoutId, "confirmation");
    const secondUrl = urlOf(stepUp);
    expect(secondUrl).not.toBe(urlOf(started));
    expect((await findNetworkCheckout(checkoutId))?.state).toBe("step_up");
    await completeJourney(world, secondUrl, "customer+step-up@email.de");
    expect((await settleCheckout(checkoutId, "confirmation")).status).toBe("paid");
  });

  it("tells a declined shopper so, and an expired token after 60 minutes means nothing is charged", async () => {
    const denied = await checkoutFor("packable-sun-hat");
    await completeJourney(world, urlOf(denied.started), "customer+denied@email.de");
    expect(await settleCheckout(denied.checkoutId, "confirmation")).toEqual({ status: "declined", message: MESSAGES.declined });

    const late = await checkoutFor("packable-sun-hat");
    await completeJourney(world, urlOf(late.started), "customer@email.de");
    await world.sim.clock.advance("61m");
    expect(await settleCheckout(late.checkoutId, "confirmation")).toEqual({ status: "expired", message: MESSAGES.expired });
    expect(await db().select().from(orders).where(eq(orders.checkoutSessionId, late.checkoutId))).toHaveLength(0);
  });

  it("charges a returning shopper's customer token at once", async () => {
    const first = await checkoutFor("titanium-mug-450", true);
    await completeJourney(world, urlOf(first.started), "customer@email.de");
    await settleCheckout(first.checkoutId, "confirmation");
    const walletId = (await findNetworkCheckout(first.checkoutId))?.walletId;
    expect(walletId).toBeTruthy();
    const again = await checkoutFor("merino-base-layer", false, walletId!);
    expect(again.started).toMatchObject({ status: "paid", order: { status: "acknowledged" } });
  });
});
