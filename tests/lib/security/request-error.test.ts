import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { onRequestError } from "@/instrumentation";
import { setLogDestination } from "@/lib/observability/logger";

afterEach(() => setLogDestination(null));

describe("onRequestError", () => {
  it("reports a failure in a route handler as one JSON line, with the request id and without the query string", async () => {
    let written = "";
    setLogDestination(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          written += chunk.toString();
          done();
        },
      }),
    );
    process.env.NEXT_RUNTIME = "nodejs";
    const error = Object.assign(new Error("database is locked"), { digest: "1234" });
    await onRequestError(
      error,
      { path: "/api/klarna/push?klarna_order_id=abc&token=secret-callback-token", method: "POST", headers: { "x-request-id": "req-12345678" } },
      { routerKind: "App Router", routePath: "/api/klarna/push", routeType: "route", revalidateReason: undefined, renderSource: undefined } as never,
    );
    const lines = written.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "error",
      msg: "request failed",
      requestId: "req-12345678",
      route: "/api/klarna/push",
      routeType: "route",
      method: "POST",
      path: "/api/klarna/push",
      digest: "1234",
      outcome: "error",
      err: { type: "Error", message: "database is locked" },
    });
    expect(written).not.toContain("secret-callback-token");
  });
});
