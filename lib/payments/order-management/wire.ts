import "server-only";
import type { z } from "zod";
import { KlarnaApiError, KlarnaUnavailableError, type KlarnaOperation } from "@/lib/klarna/errors";
import { klarnaErrorBodySchema, type KlarnaErrorBody } from "@/lib/klarna/types";
import { parseAnswer, parseErrorBody, providerFetch, type TransportFailure } from "../transport";

/*
 * Klarna's wire API (Basic authorization, Klarna-Idempotency-Key, Klarna's error body), on the shared transport. Klarna
 * Payments' client and Kustom's client (the same wire API at Kustom's host, reference/kustom/notes.md §3) are each
 * built on it, and both reach Order Management through it (client.ts here), so neither borrows the other's client.
 */

export interface KlarnaWireOptions {
  /** https://api.klarna.com, https://api.playground.klarna.com, or the simulator. */
  apiUrl: string;
  username: string;
  password: string;
  /**
   * The whole Authorization header, when the credentials are not a user name and password: Kustom's API keys are
   * sent as `Basic <API key>`, unchanged (reference/kustom/notes.md §3).
   */
  authorization?: string;
  /** Limit for one call, reading the answer included. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

/**
 * Klarna performs a POST or PATCH once per key for 24 hours and answers repeats with the first result, whatever
 * their body. A retry must reuse the key of the attempt it repeats; a new operation needs a new key.
 */
export interface Idempotent {
  idempotencyKey: string;
}

const USER_AGENT = "klarna-storefront/0.1.0";

export interface KlarnaCall {
  operation: KlarnaOperation;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  body?: unknown;
  idempotencyKey?: string;
}

export type KlarnaWire = ReturnType<typeof createKlarnaWire>;

/** The calls of Klarna's wire API: every answer is validated before it is returned. */
export function createKlarnaWire(options: KlarnaWireOptions) {
  const baseUrl = options.apiUrl.replace(/\/+$/, "");
  const authorization =
    options.authorization ?? `Basic ${Buffer.from(`${options.username}:${options.password}`).toString("base64")}`;
  const fetchImpl = options.fetch ?? fetch;

  async function send(call: KlarnaCall): Promise<{ response: Response; text: string; correlationId: string | undefined }> {
    const { response, text } = await providerFetch(
      {
        url: baseUrl + call.path,
        method: call.method,
        headers: {
          Authorization: authorization,
          "Content-Type": "application/json",
          Accept: "application/json",
          "User-Agent": USER_AGENT,
        },
        body: call.body,
        idempotency: call.idempotencyKey === undefined ? undefined : { header: "Klarna-Idempotency-Key", key: call.idempotencyKey },
        timeoutMs: options.timeoutMs,
        fetch: fetchImpl,
      },
      (failure) => klarnaError(call.operation, failure),
    );
    return { response, text, correlationId: response.headers.get("klarna-correlation-id") ?? undefined };
  }

  async function readJson<T>(call: KlarnaCall, schema: z.ZodType<T>): Promise<T> {
    const { text, correlationId, response } = await send(call);
    return parseAnswer(
      text,
      schema,
      (detail) =>
        new KlarnaUnavailableError({ operation: call.operation, reason: "invalid-response", detail, status: response.status, correlationId }),
    );
  }

  async function noContent(call: KlarnaCall): Promise<void> {
    await send(call);
  }

  /** Captures and refunds answer 201 with the new id in a header and no body. */
  async function created(call: KlarnaCall, idHeader: "Capture-Id" | "Refund-Id"): Promise<string> {
    const { response, correlationId } = await send(call);
    const id = response.headers.get(idHeader) || lastPathSegment(response.headers.get("location"), baseUrl);
    if (!id) {
      throw new KlarnaUnavailableError({
        operation: call.operation,
        reason: "invalid-response",
        detail: `neither ${idHeader} nor Location names the new id`,
        status: response.status,
        correlationId,
      });
    }
    return id;
  }

  return { baseUrl, readJson, noContent, created };
}

/**
 * Encodes an id as one path segment. "." and ".." would survive encoding and be resolved by URL parsing, turning
 * /captures/../shipping-info into a different endpoint, so they are refused like an empty id.
 */
export function segment(id: string): string {
  if (id === "" || id === "." || id === "..") throw new TypeError(`${JSON.stringify(id)} is not a Klarna id`);
  return encodeURIComponent(id);
}

/** Refused before sending: without a usable key a retried capture or refund could happen twice. */
export function checkedKey(key: string): string {
  if (typeof key !== "string" || !/^[\x21-\x7e]+$/.test(key)) {
    throw new TypeError("Klarna-Idempotency-Key must be a non-empty string of visible ASCII characters");
  }
  return key;
}

function lastPathSegment(location: string | null, baseUrl: string): string | undefined {
  if (!location) return undefined;
  try {
    const last = new URL(location, baseUrl).pathname.split("/").filter(Boolean).at(-1);
    return last === undefined ? undefined : decodeURIComponent(last);
  } catch {
    return undefined;
  }
}

function errorDetail(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  // Node's fetch reports "fetch failed" and keeps the reason (ECONNREFUSED, ENOTFOUND…) in its cause.
  return cause.cause instanceof Error ? `${cause.message}: ${cause.cause.message}` : cause.message;
}

function refusal(operation: KlarnaOperation, status: number, text: string, headerCorrelationId: string | undefined) {
  const body = errorBody(text);
  return new KlarnaApiError({
    operation,
    status,
    errorCode: body?.error_code,
    errorMessages: body?.error_messages,
    correlationId: body?.correlation_id ?? headerCorrelationId,
  });
}

/** Klarna's error body when there is one; some refusals (a bare 403 from Payments) come without. */
function errorBody(text: string): KlarnaErrorBody | undefined {
  return parseErrorBody(text, klarnaErrorBodySchema);
}

/** The shared transport's failures as Klarna's errors. */
function klarnaError(operation: KlarnaOperation, failure: TransportFailure): Error {
  if (failure.kind === "unreachable") {
    return new KlarnaUnavailableError({ operation, reason: failure.reason, detail: failure.reason === "timeout" ? failure.detail : errorDetail(failure.cause), cause: failure.cause });
  }
  const correlationId = failure.response.headers.get("klarna-correlation-id") ?? undefined;
  if (failure.kind === "refused") return refusal(operation, failure.status, failure.text, correlationId);
  return new KlarnaUnavailableError({ operation, reason: failure.reason, detail: `HTTP ${failure.status}`, status: failure.status, correlationId });
}
