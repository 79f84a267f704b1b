import { describe, expect, it } from "vitest";
import { createNetworkClient } from "@/lib/payments/klarna-network/client";
import { describeNetworkError, NetworkApiError, NetworkUnavailableError } from "@/lib/payments/klarna-network/errors";

interface Seen {
  url: string;
  init: RequestInit;
}

function clientAnswering(status: number, body: unknown, seen: Seen[] = [], delayMs = 0) {
  return createNetworkClient({
    apiUrl: "https://api-global.test.klarna.com/",
    apiKey: "klarna_test_api_abc",
    accountId: "krn:partner:global:account:test:ABC",
    timeoutMs: 50,
    fetch: async (url, init) => {
      seen.push({ url: String(url), init: init ?? {} });
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      init?.signal?.throwIfAborted();
      return new Response(typeof body === "string" ? body : JSON.stringify(body), { status });
    },
  });
}

const transaction = { payment_transaction_id: "krn:payment:eu1:transaction:1", state: "AUTHORIZED", amount: 1000, currency: "SEK" };

describe("the Klarna Network client", () => {
  it("sends the API key after Basic unchanged, the account in the path and the idempotency key", async () => {
    const seen: Seen[] = [];
    await clientAnswering(201, { payment_capture_id: "c1", capture_amount: 500 }, seen).capture("krn:payment:eu1:transaction:1", { capture_amount: 500 }, { idempotencyKey: "key-1" });
    const headers = seen[0]!.init.headers as Record<string, string>;
    expect(headers.Authorization).toBe("Basic klarna_test_api_abc");
    expect(headers["Klarna-Idempotency-Key"]).toBe("key-1");
    expect(seen[0]!.url).toBe(
      "https://api-global.test.klarna.com/v2/accounts/krn%3Apartner%3Aglobal%3Aaccount%3Atest%3AABC/payment/transactions/krn%3Apayment%3Aeu1%3Atransaction%3A1/captures",
    );
  });

  it("puts the step-up token in Klarna-Network-Session-Token, or Klarna-Payment-Token when asked", async () => {
    const seen: Seen[] = [];
    const client = clientAnswering(200, { payment_transaction_response: { result: "APPROVED", payment_transaction: transaction } }, seen);
    const body = { currency: "SEK", request_payment_transaction: { amount: 1000, payment_transaction_reference: "r" } };
    await client.authorize(body, { idempotencyKey: "k", sessionToken: "tok" });
    await client.authorize(body, { idempotencyKey: "k2", sessionToken: "tok", legacyTokenHeader: true });
    expect((seen[0]!.init.headers as Record<string, string>)["Klarna-Network-Session-Token"]).toBe("tok");
    expect((seen[1]!.init.headers as Record<string, string>)["Klarna-Payment-Token"]).toBe("tok");
  });

  it("turns an error in the new shape into words, without Klarna's raw message", async () => {
    const client = clientAnswering(403, { error_id: "e1", error_type: "RESOURCE_ERROR", error_code: "LIMIT_EXCEEDED", error_message: "max 200" });
    const error = await client.capture("t", { capture_amount: 1 }, { idempotencyKey: "k" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkApiError);
    expect(error).toMatchObject({ status: 403, errorType: "RESOURCE_ERROR", errorCode: "LIMIT_EXCEEDED", errorId: "e1" });
    expect(describeNetworkError(error)).toMatch(/at most 200 captures, 200 refunds and 500 changes/);
    expect(describeNetworkError(error)).not.toContain("max 200");
  });

  it("reports a timeout, a 5xx and an answer that fails the schema as unavailable", async () => {
    await expect(clientAnswering(200, transaction, [], 200).readTransaction("t")).rejects.toBeInstanceOf(NetworkUnavailableError);
    await expect(clientAnswering(503, { error_type: "TECHNICAL_ERROR" }).readTransaction("t")).rejects.toBeInstanceOf(NetworkUnavailableError);
    await expect(clientAnswering(200, { state: "AUTHORIZED" }).readTransaction("t")).rejects.toThrow(/payment_transaction_id/);
  });

  it("refuses an id that would change the path and a key longer than 255 characters, before sending", async () => {
    const seen: Seen[] = [];
    const client = clientAnswering(200, transaction, seen);
    await expect(client.readTransaction("..")).rejects.toThrow(TypeError);
    await expect(client.void("t", { idempotencyKey: "x".repeat(256) })).rejects.toThrow(TypeError);
    expect(seen).toHaveLength(0);
  });
});
