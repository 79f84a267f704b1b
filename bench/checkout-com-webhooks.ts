// Checkout.com's webhooks (POST /api/checkout-com/webhooks) on the production store: 50 connections for 10 s,
// signed events for 100 Klarna payments, 30 % of the requests repeating an event already sent (Checkout.com delivers
// at least once), then GET /api/health on the same server with the same load, as the bare route to compare with.
// Run: npx next build (once), then npx tsx --conditions=react-server bench/checkout-com-webhooks.ts [seconds]
// [--driver=better-sqlite3|libsql] [--latency=MS]. Prints requests/s, p50/p99, non-2xx answers, the database round trips
// of a first delivery and a duplicate, and checks that every payment sent an approval or capture became exactly one
// store order (the bench exits non-zero when one did not).
import { createHmac, randomBytes } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { orders } from "@/db/schema";
import { createCheckoutComClient } from "@/lib/payments/checkout-com/client";
import { buildPaymentContextRequest } from "@/lib/payments/checkout-com/context-request";
import { MARKETS } from "@/lib/pricing/markets";
import { minor, taxRate } from "@/lib/pricing/money";
import { itemLine } from "@/lib/pricing/order-lines";
import { mapWithLimit } from "../tests/integration/support/child-servers";
import { runAutocannon, type AutocannonResult } from "./support/autocannon";
import { printRoundTrips, ROUND_TRIP_CEILING, roundTripsOf } from "./support/round-trips";
import { benchDriver, benchNumber, machineLoad, pointStoreCodeAt, startBenchServers } from "./support/servers";

const CONNECTIONS = 50;
const DURATION_S = benchNumber(10);
const PAYMENTS = 100;
const DUPLICATE_SHARE = 0.3;
/** The store's default signing key (lib/env.ts), which the bench's store runs with. */
const SIGNATURE_KEY = "trailhead-checkout-com-webhook-signing-key";
const SECRET_KEY = "sk_sbox_trailheadsupplycosimulatork";
const CHANNEL = "pc_trailheadsupplycosimulator";
const EVENT_TYPES = ["payment_approved", "payment_pending", "payment_captured", "payment_capture_pending"];

const eventId = () => `evt_${randomBytes(16).toString("hex").slice(0, 26)}`;

async function main() {
  const servers = await startBenchServers(benchDriver(), {
    storeEnv: (simulatorUrl) => ({ PAYMENT_PROVIDER: "checkout-com", CHECKOUT_COM_API_URL: `${simulatorUrl}/checkout-com` }),
  });
  try {
    pointStoreCodeAt(servers);
    const client = createCheckoutComClient({ apiUrl: `${servers.simulator.url}/checkout-com`, secretKey: SECRET_KEY, timeoutMs: 10_000 }, {});
    const started = performance.now();
    // Payments made at Checkout.com by the bench: the store first hears of them from the webhooks.
    const paymentIds = await mapWithLimit(Array.from({ length: PAYMENTS }), 10, async (_, index) => {
      const request = buildPaymentContextRequest({
        lines: [itemLine({ type: "physical", reference: "TS-CK-520", name: "Titanium Mug 450 ml", quantity: 1, unitPrice: minor(34_900), taxRate: taxRate(2500) })],
        market: MARKETS.SE,
        reference: `bench-${index}`,
        processingChannelId: CHANNEL,
        promoCodes: [],
        shopper: { email: "customer@email.se" },
      });
      const context = await client.requestPaymentContext(request, `bench-context-${index}-${Date.now()}`);
      const authorized = await fetch(`${servers.simulator.url}/_sim/sessions/${context.partner_metadata.session_id}/authorize`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: "customer@email.se", payment_method_category: "pay_later" }),
      });
      if (!authorized.ok) throw new Error(`authorize answered ${authorized.status}`);
      const payment = await client.requestPayment(
        { payment_context_id: context.id, processing_channel_id: CHANNEL, amount: request.amount, currency: request.currency, reference: `bench-${index}`, capture: false },
        `bench-payment-${context.id}`,
      );
      return payment.id;
    });
    // Checkout.com answers 202 Pending and decides on the simulator's (manual) clock: without this, no payment is
    // ever approved, every event is kept for later, and no order can be made.
    await servers.sim.advanceClock("2s");
    console.log(`Set up ${PAYMENTS} Checkout.com payments in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const sent: { body: string; signature: string }[] = [];
    /** Payments that were sent an event which makes the order (an approval or a capture). */
    const approved = new Set<string>();
    let count = 0;
    const nextEvent = () => {
      count += 1;
      if (sent.length > 0 && Math.random() < DUPLICATE_SHARE) return sent[Math.floor(Math.random() * sent.length)]!;
      const body = JSON.stringify({
        id: eventId(),
        type: EVENT_TYPES[Math.floor(count / PAYMENTS) % EVENT_TYPES.length],
        version: "1.0.33",
        created_on: new Date().toISOString(),
        data: { id: paymentIds[count % PAYMENTS] },
      });
      const type = EVENT_TYPES[Math.floor(count / PAYMENTS) % EVENT_TYPES.length]!;
      if (type !== "payment_pending") approved.add(paymentIds[count % PAYMENTS]!);
      const event = { body, signature: createHmac("sha256", SIGNATURE_KEY).update(body).digest("hex") };
      sent.push(event);
      return event;
    };
    const webhookPath = "/api/checkout-com/webhooks";
    const warmUp = nextEvent();
    const deliver = () =>
      fetch(`${servers.store.url}${webhookPath}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Cko-Signature": warmUp.signature },
        body: warmUp.body,
      });
    // Round trips of one event alone: its first delivery, and the same event again.
    const first = await roundTripsOf(servers.store.url, deliver);
    if (first.status !== 200) throw new Error(`The warm-up webhook answered ${first.status}`);
    const duplicate = await roundTripsOf(servers.store.url, deliver);
    await fetch(`${servers.store.url}/api/health`);

    const webhooks = await runAutocannon({
      url: servers.store.url,
      connections: CONNECTIONS,
      duration: DURATION_S,
      requests: [
        {
          method: "POST",
          setupRequest: (request) => {
            const event = nextEvent();
            return { ...request, path: webhookPath, headers: { "content-type": "application/json", "cko-signature": event.signature }, body: event.body };
          },
        },
      ],
    });
    const health = await runAutocannon({ url: `${servers.store.url}/api/health`, connections: CONNECTIONS, duration: DURATION_S });

    // A Checkout.com order is keyed by its payment id (lib/payments/checkout-com/store-checkout.ts), not by a Klarna
    // order id.
    const stored = await db()
      .select({ id: orders.providerReference })
      .from(orders)
      .where(and(eq(orders.provider, "checkout-com"), inArray(orders.providerReference, paymentIds)));
    const unique = new Set(stored.map((row) => row.id));
    const missing = [...approved].filter((id) => !unique.has(id));
    const unasked = [...unique].filter((id) => !approved.has(id));
    const line = (name: string, result: AutocannonResult) => {
      const statuses = Object.entries(result.statusCodeStats).map(([status, { count: n }]) => `${status}: ${n}`).join(", ");
      console.log(`${name.padEnd(34)} ${result.requests.average.toFixed(0).padStart(6)} req/s · p50 ${result.latency.p50} ms · p99 ${result.latency.p99} ms · ${statuses} · errors ${result.errors} · timeouts ${result.timeouts}`);
    };
    console.log(`\n${CONNECTIONS} connections, ${DURATION_S} s each, ${sent.length} distinct events sent, ~${(DUPLICATE_SHARE * 100).toFixed(0)} % of requests duplicates`);
    line("POST /api/checkout-com/webhooks", webhooks);
    line("GET /api/health (same server)", health);
    const correct = missing.length === 0 && unasked.length === 0 && stored.length === unique.size && approved.size > 0;
    console.log(
      `correctness  ${approved.size} payments were sent an approval or capture event; ${unique.size} became store orders, ` +
        `${missing.length} did not, ${unasked.length} without such an event; ${stored.length} rows, exactly one each: ` +
        `${stored.length === unique.size} — ${correct ? "correct" : "NOT correct"}`,
    );
    if (!correct) process.exitCode = 1;
    printRoundTrips([
      { label: "first delivery", roundTrips: first.roundTrips, ceiling: ROUND_TRIP_CEILING.firstDelivery },
      { label: "duplicate", roundTrips: duplicate.roundTrips, ceiling: ROUND_TRIP_CEILING.duplicate },
    ]);
    console.log(`machine      ${machineLoad()}`);
  } finally {
    await servers.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
