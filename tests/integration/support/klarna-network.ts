import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { createSimulator, type Simulator } from "../../../simulator/create-simulator";

export const SIM_START = Date.parse("2026-03-02T09:00:00.000Z");

export interface NetworkWorld {
  sim: Simulator;
  /** Calls the simulator's /_sim/klarna-network helpers and API (with the default API key). */
  control(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Webhook deliveries the store answered, with their status. */
  webhookAnswers: number[];
}

/**
 * The Klarna simulator in this process, plus a small HTTP server at STORE_URL that hands Klarna's webhooks to the
 * store's route handler, so webhooks travel over HTTP, signed, exactly as in production.
 */
export function klarnaNetworkForFile(role: "merchant" | "acquirer"): () => NetworkWorld {
  let world: NetworkWorld | undefined;
  let relay: Server | undefined;

  beforeAll(async () => {
    const sim = createSimulator({ dbPath: ":memory:", clock: "manual", startTime: SIM_START, log: () => undefined, timeouts: { notificationMs: 5_000 } });
    const { url } = await sim.listen(0);
    const webhookAnswers: number[] = [];
    relay = createServer((incoming, outgoing) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () => {
        void (async () => {
          const { POST } = await import("@/app/api/klarna/webhooks/route");
          const headers = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === "string") headers.set(name, value);
          const response = await POST(new Request(`http://store${incoming.url ?? "/"}`, { method: "POST", headers, body: Buffer.concat(chunks) }));
          webhookAnswers.push(response.status);
          outgoing.writeHead(response.status, { "Content-Type": "application/json" });
          outgoing.end(await response.text());
        })();
      });
    });
    await new Promise<void>((resolve) => relay!.listen(0, resolve));
    const { port } = relay.address() as AddressInfo;
    // env() reads these once, on first use.
    process.env.KLARNA_NETWORK_API_URL = `${url}/klarna-network`;
    process.env.KLARNA_NETWORK_ROLE = role;
    process.env.STORE_URL = `http://localhost:${port}`;
    world = {
      sim,
      webhookAnswers,
      async control(method, path, body, headers = {}) {
        const response = await fetch(`${url}${path}`, {
          method,
          headers: {
            Authorization: "Basic klarna_test_api_simulator_0000000000",
            ...(body === undefined ? {} : { "Content-Type": "application/json" }),
            ...headers,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        return { status: response.status, body: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>) };
      },
    };
  });

  afterAll(async () => {
    await world?.sim.close();
    await new Promise<void>((resolve) => (relay ? relay.close(() => resolve()) : resolve()));
  });

  return () => {
    if (!world) throw new Error("The simulator starts in beforeAll");
    return world;
  };
}

/** Finishes Klarna's hosted journey as a sample shopper and waits for the webhooks it causes to be answered. */
export async function completeJourney(world: NetworkWorld, url: string, email = "customer@email.se") {
  const uuid = url.split("/").at(-1) ?? "";
  const requests = (await world.control("GET", "/_sim/klarna-network/requests")).body.payment_requests as { payment_request_id: string; state_context?: unknown }[];
  const match = requests.find((request) => request.payment_request_id.endsWith(uuid));
  if (!match) throw new Error(`No payment request for ${url}`);
  const answer = await world.control("POST", `/_sim/klarna-network/requests/${encodeURIComponent(match.payment_request_id)}/complete`, { email });
  if (answer.status !== 200) throw new Error(`complete: ${answer.status} ${JSON.stringify(answer.body)}`);
  await settleWebhooks(world);
  return { paymentRequestId: match.payment_request_id, request: answer.body };
}

/** Lets every due webhook go out and be answered (the store's answers may trigger more). */
export async function settleWebhooks(world: NetworkWorld): Promise<void> {
  for (let round = 0; round < 5; round += 1) {
    await world.sim.clock.advance(0);
    await world.sim.idle();
  }
}
