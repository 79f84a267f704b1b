import { randomBytes, randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  closedUrl,
  hasProductionBuild,
  startStore,
  temporaryDirectory,
  type ServerProcess,
} from "../integration/support/child-servers";

// What only a running Next.js server decides: methods the route does not export, and bodies as they arrive on the
// wire (chunked, no Content-Length). Runs against the production build (`npx next build`), skipped without one.
const built = hasProductionBuild();
if (!built) console.warn("klarna-callbacks-http: no .next/BUILD_ID, skipped. Run `npx next build` to include it.");

let store: ServerProcess;
let removeTemporary: () => void;

beforeAll(async () => {
  if (!built) return;
  const temporary = temporaryDirectory("klarna-callbacks-http-");
  removeTemporary = temporary.remove;
  // No Klarna behind it: every request here must be refused before the store would ask Klarna anything.
  store = await startStore({ dbPath: path.join(temporary.directory, "store.db"), klarnaUrl: await closedUrl() });
}, 60_000);

afterAll(async () => {
  await store?.stop();
  removeTemporary?.();
});

/**
 * One request on a connection of its own. A client that stops sending a body once the store has refused it (Node's
 * fetch does) leaves the connection waiting for the rest: the store answers 413 without `Connection: close`, so the
 * next request on that keep-alive connection would stall until the keep-alive timeout and fail.
 */
function send(
  method: string,
  url: string,
  options: { headers?: Record<string, string>; body?: string | Buffer; chunks?: { size: number; count: number } } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(store.url + url, { method, headers: options.headers, agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        resolve({ status: response.statusCode ?? 0, body });
        request.destroy();
      });
    });
    // The server may answer and stop reading before the whole body is sent: that is the point of some tests.
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ECONNRESET") reject(error);
    });
    if (options.chunks) {
      const chunk = Buffer.alloc(options.chunks.size, "a");
      for (let i = 0; i < options.chunks.count; i++) request.write(chunk);
    } else if (options.body !== undefined) {
      request.write(options.body);
    }
    request.end();
  });
}

const token = randomBytes(24).toString("base64url");
const pushPath = () => `/api/klarna/push?klarna_order_id=${randomUUID()}&token=${token}`;
const authorizationPath = () => `/api/klarna/authorization?token=${token}`;

describe.skipIf(!built)("Klarna callbacks over HTTP (next start)", () => {
  it("answers 405 to every method but POST on the push and authorization URLs", async () => {
    for (const url of [pushPath(), authorizationPath()]) {
      for (const method of ["GET", "PUT", "PATCH", "DELETE"]) {
        expect((await send(method, url)).status, `${method} ${url}`).toBe(405);
      }
    }
  });

  it("answers 413 to a chunked authorization callback over 64 KB that declares no length", async () => {
    const response = await send("POST", authorizationPath(), {
      headers: { "Content-Type": "application/json" },
      chunks: { size: 8_192, count: 25 },
    });
    expect(response.status).toBe(413);
  });

  it("answers 413 to a push that declares a body over 1 MB", async () => {
    const body = Buffer.alloc(1024 * 1024 + 1, "x");
    const response = await send("POST", pushPath(), { headers: { "Content-Length": String(body.byteLength) }, body });
    expect(response.status).toBe(413);
  });

  it("never answers 5xx to malformed callbacks", async () => {
    const json = { "Content-Type": "application/json" };
    const requests: [string, { headers?: Record<string, string>; body?: string }][] = [
      ["/api/klarna/push?klarna_order_id=%E0%A4%A&token=%", {}],
      [`/api/klarna/push?klarna_order_id=${"a".repeat(4_000)}&token=${token}`, {}],
      [`/api/klarna/push?klarna_order_id=${randomUUID()}&klarna_order_id=x&token=${token}`, {}],
      [authorizationPath(), { headers: json, body: "[".repeat(30_000) }],
      [authorizationPath(), { headers: { "Content-Type": "application/json; charset=latin1" }, body: "\xff\xfe" }],
      [authorizationPath(), { headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "authorization_token=x" }],
      ["/api/klarna/authorization?token=a&token=b", { headers: json, body: "{}" }],
    ];
    for (const [url, options] of requests) {
      const { status } = await send("POST", url, options);
      expect(status, url.slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(status, url.slice(0, 80)).toBeLessThan(500);
    }
  });
});
