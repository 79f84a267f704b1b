import { describe, expect, it } from "vitest";
import { z } from "zod";
import { KlarnaApiError, KlarnaUnavailableError } from "@/lib/klarna";
import { CheckoutComApiError, CheckoutComUnavailableError } from "@/lib/payments/checkout-com/errors";
import { ProviderRefusedError, ProviderUnreachableError } from "@/lib/payments/errors";
import { NetworkApiError, NetworkUnavailableError } from "@/lib/payments/klarna-network/errors";
import { parseAnswer, providerFetch, type TransportFailure } from "@/lib/payments/transport";

describe("one error base", () => {
  const unreachable = [
    new KlarnaUnavailableError({ operation: "orders.get", reason: "timeout", detail: "no answer" }),
    new CheckoutComUnavailableError("getPayment", "timeout"),
    new NetworkUnavailableError({ operation: "transactions.read", detail: "HTTP 503", status: 503 }),
  ];
  const refused = [
    new KlarnaApiError({ operation: "orders.capture", status: 403, errorCode: "CAPTURE_NOT_ALLOWED" }),
    new CheckoutComApiError("capture", 422, "request_invalid", ["amount_invalid"]),
    new NetworkApiError({ operation: "transactions.capture", status: 400, errorCode: "NOT_ALLOWED" }),
  ];

  it("every vendor's 'could not reach' extends ProviderUnreachableError, every refusal ProviderRefusedError", () => {
    for (const error of unreachable) {
      expect(error).toBeInstanceOf(ProviderUnreachableError);
      expect(error).not.toBeInstanceOf(ProviderRefusedError);
    }
    for (const error of refused) {
      expect(error).toBeInstanceOf(ProviderRefusedError);
      expect(error).not.toBeInstanceOf(ProviderUnreachableError);
    }
    expect(refused.map((error) => error.status)).toEqual([403, 422, 400]);
    expect(unreachable[2]!.status).toBe(503);
  });

  it("keeps each vendor's own class apart and its own name", () => {
    expect(refused[1]).not.toBeInstanceOf(KlarnaApiError);
    expect(refused[0]).not.toBeInstanceOf(NetworkApiError);
    expect(unreachable[0]).not.toBeInstanceOf(CheckoutComUnavailableError);
    expect([...unreachable, ...refused].map((error) => error.name)).toEqual([
      "KlarnaUnavailableError",
      "CheckoutComUnavailableError",
      "NetworkUnavailableError",
      "KlarnaApiError",
      "CheckoutComApiError",
      "NetworkApiError",
    ]);
  });

  it("recognises an error made by another copy of the module (another Next.js chunk) by its mark", () => {
    const foreign = Object.assign(new Error("from another chunk"), { [Symbol.for("klarna-storefront.ProviderUnreachableError")]: true });
    expect(foreign).toBeInstanceOf(ProviderUnreachableError);
    expect(new Error("plain")).not.toBeInstanceOf(ProviderUnreachableError);
  });
});

describe("providerFetch", () => {
  const failures: TransportFailure[] = [];
  const toError = (failure: TransportFailure) => {
    failures.push(failure);
    return new Error(failure.kind);
  };
  const answering = (status: number, body = "{}", seen: RequestInit[] = []): typeof fetch =>
    (async (_url: RequestInfo | URL, init?: RequestInit) => {
      seen.push(init ?? {});
      return new Response(status === 204 ? null : body, { status });
    }) as typeof fetch;

  it("sends JSON with the idempotency key in the vendor's header, follows no redirect and reads fresh", async () => {
    const seen: RequestInit[] = [];
    const answer = await providerFetch(
      { url: "http://vendor.test/x", method: "POST", headers: { Authorization: "Basic k" }, body: { a: 1 }, idempotency: { header: "Cko-Idempotency-Key", key: "key-1" }, timeoutMs: 1_000, fetch: answering(201, '{"id":"1"}', seen) },
      toError,
    );
    expect(answer.text).toBe('{"id":"1"}');
    expect(seen[0]).toMatchObject({ method: "POST", body: '{"a":1}', redirect: "manual", cache: "no-store" });
    expect(seen[0]!.headers).toEqual({ Authorization: "Basic k", "Content-Type": "application/json", "Cko-Idempotency-Key": "key-1" });
  });

  it("classifies 429, 5xx and 3xx as unavailable, other 4xx as refused, and a silent vendor as unreachable (timeout)", async () => {
    const call = (status: number) => providerFetch({ url: "http://vendor.test/x", method: "GET", headers: {}, timeoutMs: 1_000, fetch: answering(status, "no") }, toError);
    failures.length = 0;
    await expect(call(429)).rejects.toThrow("unavailable");
    await expect(call(502)).rejects.toThrow("unavailable");
    await expect(call(302)).rejects.toThrow("unavailable");
    await expect(call(404)).rejects.toThrow("refused");
    expect(failures.map((failure) => (failure.kind === "unavailable" ? failure.reason : failure.kind))).toEqual(["rate-limited", "server", "invalid-response", "refused"]);
    const silent = (async (_url: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)))) as typeof fetch;
    await expect(providerFetch({ url: "http://vendor.test/x", method: "GET", headers: {}, timeoutMs: 20, fetch: silent }, toError)).rejects.toThrow("unreachable");
    expect(failures.at(-1)).toMatchObject({ kind: "unreachable", reason: "timeout", detail: "no answer within 20 ms" });
  });

  it("validates the answer and names paths, never the body, when it does not fit", () => {
    const schema = z.object({ id: z.string() });
    expect(parseAnswer('{"id":"a"}', schema, (detail) => new Error(detail))).toEqual({ id: "a" });
    expect(() => parseAnswer("not json", schema, (detail) => new Error(detail))).toThrow("the body is not JSON");
    expect(() => parseAnswer('{"id":42,"email":"secret@example.com"}', schema, (detail) => new Error(detail))).toThrow(/^id: /);
  });
});
