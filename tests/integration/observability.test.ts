import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerOTel } from "@vercel/otel";
import { POST as authorizationCallback } from "@/app/api/klarna/authorization/route";
import { POST as pushCallback } from "@/app/api/klarna/push/route";
import { setLogDestination } from "@/lib/observability/logger";
import { enableTracing } from "@/lib/observability/tracing";
import { authorizationUrl, cartWith, openSession, placedKlarnaOrder, pushUrl } from "./support/klarna-orders";
import { simulatedKlarnaForFile } from "./support/simulated-klarna";

/**
 * What an operator sees of a purchase: JSON log lines that one request id ties together, with the route, the
 * provider, the order number and the outcome, and nothing secret; and a push's trace, exported to an in-memory
 * exporter the way @vercel/otel exports to a collector.
 */
const SOCKS = [{ slug: "hiking-wool-socks", quantity: 1 }];
const klarnaForFile = simulatedKlarnaForFile("observability");

let lines: Record<string, unknown>[] = [];
let raw = "";
const exporter = new InMemorySpanExporter();

beforeAll(() => {
  setLogDestination(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        raw += chunk.toString();
        for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    }),
  );
  registerOTel({ serviceName: "storefront-test", spanProcessors: [new SimpleSpanProcessor(exporter)] });
  enableTracing();
});
afterAll(() => setLogDestination(null));

describe("the log of a purchase", () => {
  it("is JSON lines with one request id through them, the route, provider, order number and outcome, and no secrets", async () => {
    const session = await openSession(await cartWith(SOCKS));
    const authorizationToken = await klarnaForFile().sim.authorize(session.klarnaSessionId, "customer@email.se");
    lines = [];
    raw = "";

    const response = await authorizationCallback(
      new Request(authorizationUrl(session), {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Request-Id": "purchase-request-0001" },
        body: JSON.stringify({ authorization_token: authorizationToken, session_id: session.klarnaSessionId }),
      }),
    );

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "placed" });
    expect(response.headers.get("x-request-id")).toBe("purchase-request-0001");
    const messages = lines.map((line) => line.msg);
    expect(messages).toEqual(expect.arrayContaining(["order placed at Klarna", "order finalized", "request handled"]));
    for (const line of lines) {
      expect(line).toMatchObject({ requestId: "purchase-request-0001", route: "/api/klarna/authorization", provider: "klarna-payments" });
      expect(typeof line.time).toBe("number");
      expect(line.level).toMatch(/^(info|warn)$/);
    }
    const finalized = lines.find((line) => line.msg === "order finalized")!;
    expect(finalized).toMatchObject({ orderNumber: expect.stringMatching(/^ORD-/), outcome: "acknowledged", source: "authorization" });
    expect(lines.at(-1)).toMatchObject({ msg: "request handled", status: 200, outcome: "ok", orderNumber: finalized.orderNumber });
    // Neither the authorization token, the callback token, nor the shopper's e-mail or address reach the log.
    expect(raw).not.toContain(authorizationToken);
    expect(raw).not.toContain(session.callbackToken);
    expect(raw).not.toContain("customer@email.se");
    expect(raw).not.toMatch(/street_address|postal_code/);
  });
});

describe("the trace of a push", () => {
  it("is exported: the route's span, finalize, the provider's calls and the database unit, in one trace", async () => {
    const placed = await placedKlarnaOrder(klarnaForFile().sim, SOCKS);
    exporter.reset();

    const response = await pushCallback(new Request(pushUrl(placed.session, placed.klarnaOrderId), { method: "POST" }));

    expect(response.status).toBe(200);
    const spans = exporter.getFinishedSpans();
    const names = spans.map((span) => span.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "POST /api/klarna/push",
        "finalize",
        "provider.read_purchase",
        "provider.acknowledge",
        "db.unit insertOrderOnce",
      ]),
    );
    const root = spans.find((span) => span.name === "POST /api/klarna/push")!;
    expect(new Set(spans.map((span) => span.spanContext().traceId))).toEqual(new Set([root.spanContext().traceId]));
    expect(root.attributes).toMatchObject({ "http.route": "/api/klarna/push", "store.provider": "klarna-payments" });
    const finalize = spans.find((span) => span.name === "finalize")!;
    expect(finalize.attributes).toMatchObject({ "store.finalize.source": "push", "store.order.created": true });
    expect(finalize.parentSpanContext?.spanId ?? (finalize as unknown as { parentSpanId?: string }).parentSpanId).toBe(root.spanContext().spanId);
  });
});
