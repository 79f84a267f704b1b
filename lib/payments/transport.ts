import type { z } from "zod";

/**
 * The one HTTP transport of the providers' hand-written clients: a time limit on the whole call (reading the answer
 * included), the idempotency key in the vendor's header, no redirects (following one would resend the credentials
 * somewhere else), never a cached read, and one classification of what went wrong, which each vendor's client turns
 * into its own errors (all extending ProviderUnreachableError or ProviderRefusedError, lib/payments/errors.ts).
 */

export interface TransportRequest {
  url: string;
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  headers: Record<string, string>;
  /** Sent as JSON when present. */
  body?: unknown;
  /** The vendor's idempotency header and the key of this attempt (a retry reuses the key of what it repeats). */
  idempotency?: { header: string; key: string };
  timeoutMs: number;
  fetch?: typeof fetch;
}

export type TransportFailure =
  /** No answer: the network failed, or the time limit ran out. The outcome of a write is unknown. */
  | { kind: "unreachable"; reason: "network" | "timeout"; detail: string; cause: unknown }
  /** An answer that is not a result: 429 (slow down), 5xx, or a 1xx/3xx the store does not follow. */
  | { kind: "unavailable"; reason: "rate-limited" | "server" | "invalid-response"; status: number; response: Response }
  /** A 4xx other than 429: the vendor understood the call and refused it. */
  | { kind: "refused"; status: number; text: string; response: Response };

export interface TransportAnswer {
  response: Response;
  text: string;
}

/** Makes the call; a 2xx answer is returned with its body read, anything else thrown as `toError(failure)` says. */
export async function providerFetch(request: TransportRequest, toError: (failure: TransportFailure) => Error): Promise<TransportAnswer> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === "content-type")) {
    headers["Content-Type"] = "application/json";
  }
  if (request.idempotency) headers[request.idempotency.header] = request.idempotency.key;
  const signal = AbortSignal.timeout(request.timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await (request.fetch ?? fetch)(request.url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal,
      redirect: "manual",
      // Next.js may otherwise cache a GET; a purchase's state must always be read fresh.
      cache: "no-store",
    });
    text = await response.text();
  } catch (cause) {
    const timedOut = signal.aborted;
    const detail = timedOut ? `no answer within ${request.timeoutMs} ms` : cause instanceof Error ? cause.message : String(cause);
    throw toError({ kind: "unreachable", reason: timedOut ? "timeout" : "network", detail, cause });
  }
  const { status } = response;
  if (status >= 200 && status < 300) return { response, text };
  // Rate limiting refuses nothing for good: the same call succeeds later.
  if (status === 429) throw toError({ kind: "unavailable", reason: "rate-limited", status, response });
  if (status >= 400 && status < 500) throw toError({ kind: "refused", status, text, response });
  throw toError({ kind: "unavailable", reason: status >= 500 ? "server" : "invalid-response", status, response });
}

/**
 * The answer's JSON, validated. `invalid` makes the error for a body that is not JSON or not the expected shape; its
 * detail names paths and expectations only, never the body, which may hold a shopper's personal data.
 */
export function parseAnswer<T>(text: string, schema: z.ZodType<T>, invalid: (detail: string) => Error): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid("the body is not JSON");
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    throw invalid(
      result.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`)
        .join("; "),
    );
  }
  return result.data;
}

/**
 * A refusal's error body in the vendor's shape, or undefined when it has none or another (some refusals, a bare 403,
 * come without): for the error's message, never thrown over.
 */
export function parseErrorBody<T>(text: string, schema: z.ZodType<T>): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
