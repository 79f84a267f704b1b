import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedUrl, hasProductionBuild, startStore, temporaryDirectory, type ServerProcess } from "./support/child-servers";

/**
 * The production store (`next start`) with OTEL_EXPORTER_OTLP_ENDPOINT set exports its traces over OTLP/HTTP
 * (@vercel/otel, registered in instrumentation.ts) to a local collector, here a bare HTTP server that records what
 * it receives. Needs `npx next build` first.
 */
const buildMissing = !hasProductionBuild();
let collector: Server;
let store: ServerProcess | undefined;
let removeTemporary: () => void = () => undefined;
const received: { path: string; contentType: string; bytes: number; body: Buffer }[] = [];

beforeAll(async () => {
  if (buildMissing) return;
  collector = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      received.push({ path: request.url ?? "", contentType: request.headers["content-type"] ?? "", bytes: body.length, body });
      response.writeHead(200, { "Content-Type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  const temporary = temporaryDirectory("otlp-export-");
  removeTemporary = temporary.remove;
  store = await startStore({
    dbPath: path.join(temporary.directory, "store.db"),
    klarnaUrl: await closedUrl(),
    env: {
      RECONCILE_EVERY_MS: "0",
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
      OTEL_SERVICE_NAME: "storefront-otlp-test",
    },
  });
}, 120_000);

afterAll(async () => {
  await store?.stop();
  await new Promise<void>((resolve) => (collector ? collector.close(() => resolve()) : resolve()));
  removeTemporary();
});

describe.skipIf(buildMissing)("OpenTelemetry export from the production store", () => {
  it("sends the spans of a callback to the configured OTLP endpoint, named for the store's route", { timeout: 60_000 }, async () => {
    const response = await fetch(`${store!.url}/api/klarna/push?klarna_order_id=x&token=y`, { method: "POST" });
    expect(response.status).toBe(400);
    // The batch processor exports within a few seconds.
    const deadline = Date.now() + 30_000;
    while (!received.some((request) => request.body.includes("/api/klarna/push")) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const traces = received.filter((request) => request.path === "/v1/traces");
    expect(traces.length).toBeGreaterThan(0);
    const all = Buffer.concat(traces.map((request) => request.body)).toString("latin1");
    expect(all).toContain("storefront-otlp-test");
    expect(all).toContain("POST /api/klarna/push");
  });
});
