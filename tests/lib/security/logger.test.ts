import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { addLogContext, log, setLogDestination, withLogContext } from "@/lib/observability/logger";

afterEach(() => setLogDestination(null));

function capture(): () => Record<string, unknown>[] {
  let written = "";
  setLogDestination(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.toString();
        done();
      },
    }),
  );
  return () => written.trim().split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("the store's log", () => {
  it("writes JSON lines carrying the request's context, and what becomes known during it", () => {
    const lines = capture();
    withLogContext({ requestId: "req-00000001", route: "/api/klarna/push", provider: "klarna-payments" }, () => {
      log().info({ step: 1 }, "first");
      addLogContext({ orderNumber: "ORD-2026-000001" });
      log().info("second");
    });
    log().info("outside");
    expect(lines()).toEqual([
      expect.objectContaining({ level: "info", msg: "first", step: 1, requestId: "req-00000001", route: "/api/klarna/push", service: "storefront" }),
      expect.objectContaining({ msg: "second", requestId: "req-00000001", orderNumber: "ORD-2026-000001" }),
      expect.not.objectContaining({ requestId: expect.anything() }),
    ]);
  });

  it("replaces secret-bearing fields logged by mistake", () => {
    const lines = capture();
    log().info({ authorization_token: "tok-123", password: "hunter2", email: "a@b.se", shipping_address: { street_address: "Gatan 1" } }, "oops");
    expect(lines()[0]).toMatchObject({
      authorization_token: "[redacted]",
      password: "[redacted]",
      email: "[redacted]",
      shipping_address: "[redacted]",
    });
  });
});
