import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HOUR, type Core } from "../core";
import { KlarnaError } from "../klarna-error";
import { sleep } from "../kernel/merchant-calls";

const MAX_BODY_BYTES = 1024 * 1024;
/** Klarna honours an idempotency key for 24 hours. */
const IDEMPOTENCY_TTL_MS = 24 * HOUR;

function errorBody(error: KlarnaError) {
  return { error_code: error.code, error_messages: error.messages, correlation_id: randomUUID() };
}

export function errorResponse(c: Context, error: KlarnaError): Response {
  const body = errorBody(error);
  c.header("Klarna-Correlation-Id", body.correlation_id);
  return c.json(body, error.status as 400);
}

/** The JSON body, or undefined when empty. Bad JSON is a 400 and a non-JSON content type a 415, never a 500. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") return undefined;
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new KlarnaError(415, "UNSUPPORTED_MEDIA_TYPE", ["Content-Type must be application/json"]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new KlarnaError(400, "BAD_REQUEST", ["Malformed JSON in request body"]);
  }
}

/**
 * Bodies above 1 MB are refused before they are buffered, with Klarna's `413 REQUEST_TOO_LARGE ["Request is too
 * large"]` (error codes and messages for Order Management). The unread rest of the body makes the connection
 * unusable, so the client is told to close it.
 */
export const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => {
    c.header("Connection", "close");
    return errorResponse(c, new KlarnaError(413, "REQUEST_TOO_LARGE", ["Request is too large"]));
  },
});

/** HTTP Basic with the one configured API key; anything else is Klarna's 401. */
export function basicAuth(core: Core): MiddlewareHandler {
  const expected = Buffer.from(`${core.config.username}:${core.config.password}`);
  const expectedHeader = `Basic ${expected.toString("base64")}`;
  return async (c, next) => {
    const header = c.req.header("authorization");
    if (header === expectedHeader || matchesBasic(header, expected)) return next();
    c.header("WWW-Authenticate", 'Basic realm="Klarna"');
    return errorResponse(
      c,
      new KlarnaError(401, "UNAUTHORIZED", ["Invalid credentials: use the API username and password (HTTP Basic)"]),
    );
  };
}

function matchesBasic(header: string | undefined, expected: Buffer): boolean {
  const match = /^basic\s+(\S+)$/i.exec(header ?? "");
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1], "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Injected faults for Order Management: `order_management` for every call, `acknowledge` for that call only. */
export function orderManagementFaults(core: Core): MiddlewareHandler {
  return async (c, next) => {
    const faults: { mode: string; status?: number; delay_ms?: number }[] = core.faults.takeKind("order_management");
    if (c.req.method === "POST" && c.req.path.endsWith("/acknowledge")) {
      faults.push(...core.faults.takeKind("acknowledge").map((fault) => ({ ...fault, status: fault.status ?? 503 })));
    }
    if (faults.length === 0) return next();
    for (const fault of faults) if (fault.mode === "slow" && fault.delay_ms) await sleep(fault.delay_ms);
    const failing = faults.find((fault) => fault.mode === "fail");
    if (failing) throw injectedFailure(failing.status ?? 500);
    return next();
  };
}

function injectedFailure(status: number): KlarnaError {
  if (status === 502 || status === 503 || status === 504) {
    return new KlarnaError(status, "TEMPORARILY_UNAVAILABLE", ["Temporarily unavailable"]);
  }
  if (status >= 500) return new KlarnaError(status, "INTERNAL_SERVER_ERROR", ["Unexpected server error"]);
  const codes: Record<number, string> = { 400: "BAD_REQUEST", 403: "NOT_ALLOWED", 404: "NOT_FOUND", 409: "CONFLICT", 429: "TOO_MANY_REQUESTS" };
  return new KlarnaError(status, codes[status] ?? "UNEXPECTED_ERROR", ["Injected fault"]);
}

const REPLAYED_HEADERS = ["content-type", "location", "capture-id", "refund-id", "klarna-correlation-id"];

/**
 * `Klarna-Idempotency-Key` on Order Management POST/PATCH: a repeat within 24 hours gets the first answer (status,
 * headers, body) without running again. "Input values of the operation are disregarded when evaluating the
 * idempotency of the operation, only the key matters" (ordermanagement-v1, the header's description), so a repeat
 * with another body gets the first answer too. Keys are kept per API (`namespace`): Kustom's Order Management does
 * not answer with Klarna's responses. Server errors are not stored, so a retry after one runs for real.
 */
export function idempotency(core: Core, namespace = "klarna"): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header("klarna-idempotency-key");
    if (!header || (c.req.method !== "POST" && c.req.method !== "PATCH")) return next();
    const key = namespace === "klarna" ? header : `${namespace}:${header}`;
    // Which request first used the key, for whoever reads the table; it does not decide anything.
    const fingerprint = createHash("sha256").update(`${c.req.method} ${c.req.path}`).digest("hex");
    const now = core.clock.now();
    const stored = core.klarna.getIdempotent(key);
    if (stored && now - stored.created_at < IDEMPOTENCY_TTL_MS) {
      return new Response(stored.body === "" ? null : stored.body, { status: stored.status, headers: stored.headers });
    }
    await next();
    if (c.res.status >= 500) return;
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = c.res.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    const body = await c.res.clone().text();
    core.klarna.putIdempotent(key, { fingerprint, created_at: now, status: c.res.status, headers, body });
  };
}

/** Answers 405 with an Allow header for a known path called with another method. */
export function methodNotAllowed(allowed: string[]): MiddlewareHandler {
  return async (c) => {
    c.header("Allow", allowed.join(", "));
    return errorResponse(c, new KlarnaError(405, "METHOD_NOT_ALLOWED", [`Use ${allowed.join(" or ")} on this path`]));
  };
}
