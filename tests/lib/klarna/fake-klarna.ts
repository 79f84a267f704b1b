import http from "node:http";
import type { AddressInfo } from "node:net";

/** A request exactly as it arrived on the wire: raw URL (still percent-encoded), lower-cased headers, body text. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What the fake answers: a status with optional headers and body, or "hang" to never answer at all. */
export type Reply = { status: number; headers?: Record<string, string>; body?: unknown } | "hang";

/**
 * A real HTTP server on 127.0.0.1 standing in for Klarna, so tests see what Klarna would see on the wire rather
 * than what a mocked fetch was handed.
 */
export async function startFakeKlarna() {
  const received: ReceivedRequest[] = [];
  const fallback = (): Reply => ({ status: 500, body: { error_code: "NO_REPLY_CONFIGURED" } });
  let answer: (request: ReceivedRequest, index: number) => Reply = fallback;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(request);
      const reply = answer(request, received.length - 1);
      if (reply === "hang") return;
      const body =
        reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, {
        ...(typeof reply.body === "object" ? { "Content-Type": "application/json" } : {}),
        ...reply.headers,
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    /** Sets how the fake answers; `index` counts requests since the last reset, so retries can be scripted. */
    answerWith(next: (request: ReceivedRequest, index: number) => Reply) {
      answer = next;
    },
    reset() {
      received.length = 0;
      answer = fallback;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeKlarna = Awaited<ReturnType<typeof startFakeKlarna>>;

/** The JSON body of a received request. */
export function jsonBody(request: ReceivedRequest | undefined): unknown {
  if (!request) throw new Error("Klarna received no such request");
  return JSON.parse(request.body);
}
