import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createCheckoutComClient, type CheckoutComClient } from "@/lib/payments/checkout-com/client";
import { buildPaymentContextRequest } from "@/lib/payments/checkout-com/context-request";
import { checkoutComStore, type CheckoutComStore } from "@/lib/payments/checkout-com/store";
import { handleWebhook, type WebhookDeps, type WebhookOutcome } from "@/lib/payments/checkout-com/webhooks";
import { ensureWebhookWorkflow } from "@/lib/payments/checkout-com/workflow";
import { MARKETS, type MarketCode } from "@/lib/pricing/markets";
import { minor, taxRate } from "@/lib/pricing/money";
import { itemLine } from "@/lib/pricing/order-lines";
import { createSimulator, type Simulator } from "@/simulator/create-simulator";

export const SECRET_KEY = "sk_sbox_trailheadsupplycosimulatork";
export const CHANNEL = "pc_trailheadsupplycosimulator";
export const SIGNATURE_KEY = "test-signature-key-for-checkout-com";

export interface Received {
  type: string;
  eventId: string;
  outcome: WebhookOutcome;
}

/**
 * The simulator in-process (manual clock) and a webhook receiver running the store's handler on a real socket,
 * with the store's Checkout.com storage on the test file's store database. Orders are a set of payment ids, made by a
 * finalize that counts how often it created one.
 */
export interface Harness {
  sim: Simulator;
  simUrl: string;
  client: CheckoutComClient;
  store: CheckoutComStore;
  received: Received[];
  orders: Set<string>;
  created: string[];
  approvedContexts: string[];
  /** What the harness's contextApproved does: "pay" (durable), "busy" (another request is paying), "unreachable". */
  contextAnswer: { mode: "pay" | "busy" | "unreachable" };
  deps: WebhookDeps;
  /** Answer webhooks with this status instead of running the handler (to exercise retries). */
  failWebhooks: { status: number | null };
  webhookUrl: string;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const sim = createSimulator({ dbPath: ":memory:", clock: "manual", log: () => undefined });
  const { url: simUrl } = await sim.listen(0);
  const client = createCheckoutComClient({ apiUrl: `${simUrl}/checkout-com`, secretKey: SECRET_KEY, timeoutMs: 5_000 }, {});
  const store = checkoutComStore;
  const received: Received[] = [];
  const orders = new Set<string>();
  const created: string[] = [];
  const approvedContexts: string[] = [];
  const failWebhooks: { status: number | null } = { status: null };
  const contextAnswer: Harness["contextAnswer"] = { mode: "pay" };
  const deps: WebhookDeps = {
    client,
    store,
    signatureKey: SIGNATURE_KEY,
    orderExists: async (paymentId) => orders.has(paymentId),
    finalize: async (paymentId) => {
      if (!orders.has(paymentId)) {
        orders.add(paymentId);
        created.push(paymentId);
      }
      return true;
    },
    contextApproved: async (contextId) => {
      if (contextAnswer.mode === "unreachable") throw new Error("Checkout.com could not be reached");
      if (contextAnswer.mode === "busy") return false;
      approvedContexts.push(contextId);
      return true;
    },
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      if (failWebhooks.status !== null) {
        response.writeHead(failWebhooks.status).end();
        return;
      }
      const signature = request.headers["cko-signature"];
      handleWebhook(raw, typeof signature === "string" ? signature : null, deps).then(
        (outcome) => {
          const parsed = JSON.parse(raw) as { id: string; type: string };
          received.push({ type: parsed.type, eventId: parsed.id, outcome });
          response.writeHead(outcome.status, { "Content-Type": "application/json" }).end(JSON.stringify(outcome.body));
        },
        () => response.writeHead(503).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/checkout-com/webhooks`;
  await ensureWebhookWorkflow(client, { url: webhookUrl, signatureKey: SIGNATURE_KEY, processingChannelId: CHANNEL });
  return {
    sim,
    simUrl,
    client,
    store,
    received,
    orders,
    created,
    approvedContexts,
    contextAnswer,
    deps,
    failWebhooks,
    webhookUrl,
    async close() {
      await sim.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A cart of two lines at 25 % (SE) or the market's standard rate. */
export function contextRequest(market: MarketCode = "SE", reference = "checkout-1") {
  const m = MARKETS[market];
  const rate = m.taxMode === "exclusive" ? taxRate(0) : m.taxRates.standard;
  return buildPaymentContextRequest({
    lines: [
      itemLine({ type: "physical", reference: "tent", name: "Tent", quantity: 1, unitPrice: minor(300_000), taxRate: rate }),
      itemLine({ type: "physical", reference: "stove", name: "Stove", quantity: 2, unitPrice: minor(50_000), discount: minor(10_000), taxRate: rate }),
    ],
    market: m,
    reference,
    processingChannelId: CHANNEL,
    promoCodes: [],
    shopper: { email: "customer@email.se", givenName: "Alice", familyName: "Andersson" },
  });
}

/** The shopper confirms in Klarna's popup, as the simulator's test helper does without a browser. */
export async function authorizeAs(h: Harness, sessionId: string, email: string, category = "pay_later") {
  const response = await fetch(`${h.simUrl}/_sim/sessions/${sessionId}/authorize`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, payment_method_category: category }),
  });
  await h.sim.idle();
  return response.status;
}

export async function simFault(h: Harness, fault: object) {
  const response = await fetch(`${h.simUrl}/_sim/checkout-com/faults`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(fault),
  });
  if (response.status !== 201) throw new Error(`fault refused: ${await response.text()}`);
}

/** Moves virtual time and waits for every webhook and settlement that fell due. */
export async function advance(h: Harness, by: string) {
  await h.sim.clock.advance(by);
  await h.sim.idle();
}
