import { createHmac } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { products } from "@/db/schema";
import { createCheckoutComClient, type CheckoutComClient } from "@/lib/payments/checkout-com/client";
import { buildPaymentContextRequest } from "@/lib/payments/checkout-com/context-request";
import { MARKETS } from "@/lib/pricing/markets";
import { minor, taxRate } from "@/lib/pricing/money";
import { itemLine } from "@/lib/pricing/order-lines";
import { createSimulator, type Simulator } from "@/simulator/create-simulator";

/** The webhook signing key the store's defaults name (lib/env.ts), and the simulator's channel and secret key. */
export const CHECKOUT_COM_WEBHOOK_KEY = "trailhead-checkout-com-webhook-signing-key";
export const CHECKOUT_COM_CHANNEL = "pc_trailheadsupplycosimulator";
/** The product the payments below buy (one Titanium Mug, 349,00 kr). */
export const CHECKOUT_COM_SKU = "TS-CK-520";

export interface CheckoutComSimulator {
  sim: Simulator;
  url: string;
  client: CheckoutComClient;
  /** A Klarna payment at Checkout.com from an approved context: 202 Pending, decided unless `decide` is false. */
  payment(reference: string, options?: { decide?: boolean }): Promise<string>;
  /** Lets the simulator's clock reach Checkout.com's decision on the Pending payments (payment_approved / declined). */
  decided(): Promise<void>;
}

/**
 * The simulator in-process on a manual clock, with the store pointed at its Checkout.com and at whatever else `moreEnv`
 * names (env() reads them once, on first use, so this runs before any store code), and the SKU stocked.
 */
export async function startCheckoutComSimulator(moreEnv: (url: string) => Record<string, string> = () => ({})): Promise<CheckoutComSimulator> {
  const sim = createSimulator({ dbPath: ":memory:", clock: "manual", log: () => undefined });
  const url = (await sim.listen(0)).url;
  Object.assign(process.env, { CHECKOUT_COM_API_URL: `${url}/checkout-com` }, moreEnv(url));
  const client = createCheckoutComClient({ apiUrl: `${url}/checkout-com`, secretKey: "sk_sbox_trailheadsupplycosimulatork", timeoutMs: 5_000 }, {});
  await db().update(products).set({ stock: 1_000 }).where(eq(products.sku, CHECKOUT_COM_SKU));
  const decided = async () => {
    await sim.clock.advance("2s");
    await sim.idle();
  };
  async function payment(reference: string, { decide = true }: { decide?: boolean } = {}): Promise<string> {
    const request = buildPaymentContextRequest({
      lines: [itemLine({ type: "physical", reference: CHECKOUT_COM_SKU, name: "Titanium Mug 450 ml", quantity: 1, unitPrice: minor(34_900), taxRate: taxRate(2500) })],
      market: MARKETS.SE,
      reference,
      processingChannelId: CHECKOUT_COM_CHANNEL,
      promoCodes: [],
      shopper: { email: "customer@email.se", givenName: "Alice" },
    });
    const context = await client.requestPaymentContext(request, `ctx-${reference}-${Math.random()}`);
    const authorized = await fetch(`${url}/_sim/sessions/${context.partner_metadata.session_id}/authorize`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "customer@email.se", payment_method_category: "pay_later" }),
    });
    if (!authorized.ok) throw new Error(`The simulator did not approve the context: ${authorized.status}`);
    const paid = await client.requestPayment(
      { payment_context_id: context.id, processing_channel_id: CHECKOUT_COM_CHANNEL, amount: request.amount, currency: request.currency, reference, capture: false },
      `pay-${context.id}`,
    );
    if (decide) await decided();
    return paid.id;
  }
  return { sim, url, client, payment, decided };
}

/** Checkout.com's webhook for a payment, signed as Checkout.com signs it (HMAC-SHA256 of the body, `Cko-Signature`). */
export function signedCheckoutComEvent(type: string, paymentId: string, id: string): Request {
  const body = JSON.stringify({ id, type, version: "1.0.33", created_on: new Date().toISOString(), data: { id: paymentId } });
  return new Request("http://store.test/api/checkout-com/webhooks", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Cko-Signature": createHmac("sha256", CHECKOUT_COM_WEBHOOK_KEY).update(body).digest("hex") },
    body,
  });
}

/** The simulator for one test file: started before its tests, closed after them; call the getter once they run. */
export function checkoutComSimulatorForFile(): () => CheckoutComSimulator {
  let started: CheckoutComSimulator | undefined;
  beforeAll(async () => {
    started = await startCheckoutComSimulator();
  });
  afterAll(async () => started?.sim.close());
  return () => {
    if (!started) throw new Error("The Checkout.com simulator starts in beforeAll: use it inside a test.");
    return started;
  };
}
