import type { VirtualClock } from "./clock";
import type { Repository } from "./database";
import type { CallbackKind } from "../records";

export interface CallOutcome {
  url: string;
  status: number | null;
  /** The Location header, for the validation callback's 303. */
  location: string | null;
  /** The answer's body (first 64 KB), for Kustom's validation 400 `{ error_type, error_text }`; parse before use. */
  body?: string;
  latency_ms: number;
  error: string | null;
  timed_out: boolean;
}

export interface MerchantCall {
  kind: CallbackKind;
  url: string;
  /** JSON body; the push is sent with none. */
  body?: unknown;
  /** A body sent byte for byte (a signed webhook), instead of `body`. */
  rawBody?: string;
  /** Extra request headers (a webhook's signature). */
  headers?: Record<string, string>;
  timeoutMs: number;
  attempt: number;
  orderId?: string | null;
  sessionId?: string | null;
  /** Injected delay (a `slow` fault) before the request goes out. */
  delayMs?: number;
}

/**
 * Calls the merchant's URLs (push, authorization callback, validation, notification) with real wall-clock timeouts,
 * and records every attempt with its virtual and wall time, status or error, and latency.
 */
export class MerchantCaller {
  private readonly repo: Repository;
  private readonly clock: VirtualClock;
  private readonly log: (line: string) => void;
  private readonly shutdown = new AbortController();

  constructor(repo: Repository, clock: VirtualClock, log: (line: string) => void) {
    this.repo = repo;
    this.clock = clock;
    this.log = log;
  }

  async call(request: MerchantCall): Promise<CallOutcome> {
    if (request.delayMs) await sleep(request.delayMs, this.shutdown.signal);
    const at = this.clock.now();
    const wallAt = Date.now();
    const outcome = await this.send(request);
    if (this.shutdown.signal.aborted) return outcome;
    this.repo.insertAttempt({
      kind: request.kind,
      order_id: request.orderId ?? null,
      session_id: request.sessionId ?? null,
      url: outcome.url,
      attempt: request.attempt,
      at,
      wall_at: wallAt,
      status: outcome.status,
      latency_ms: outcome.latency_ms,
      error: outcome.error,
    });
    if (outcome.error !== null || outcome.status === null || outcome.status >= 300) {
      const result = outcome.error ?? `HTTP ${outcome.status}`;
      this.log(`${request.kind} attempt ${request.attempt} to ${outcome.url}: ${result} after ${outcome.latency_ms} ms`);
    }
    return outcome;
  }

  /** Records a callback that a `drop` fault kept from being sent, so the log shows why nothing arrived. */
  recordDropped(request: Omit<MerchantCall, "timeoutMs">): void {
    this.repo.insertAttempt({
      kind: request.kind,
      order_id: request.orderId ?? null,
      session_id: request.sessionId ?? null,
      url: request.url,
      attempt: request.attempt,
      at: this.clock.now(),
      wall_at: Date.now(),
      status: null,
      latency_ms: 0,
      error: "dropped (fault injection)",
    });
  }

  /** Aborts calls in flight; used when the simulator closes. */
  abortAll(): void {
    this.shutdown.abort();
  }

  private async send(request: MerchantCall): Promise<CallOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return { url: request.url, status: null, location: null, latency_ms: 0, error: "invalid URL", timed_out: false };
    }
    const timeout = AbortSignal.timeout(request.timeoutMs);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          ...(request.body === undefined && request.rawBody === undefined ? {} : { "Content-Type": "application/json" }),
          ...request.headers,
        },
        body: request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body)),
        redirect: "manual",
        signal: AbortSignal.any([timeout, this.shutdown.signal]),
      });
      // Read the body so the connection can be reused; whoever uses its content parses it first.
      const body = (await response.text()).slice(0, 64 * 1024);
      return {
        url: url.href,
        status: response.status,
        location: response.headers.get("location"),
        body,
        latency_ms: elapsed(),
        error: null,
        timed_out: false,
      };
    } catch (error) {
      const timedOut = timeout.aborted;
      return {
        url: url.href,
        status: null,
        location: null,
        latency_ms: elapsed(),
        error: timedOut ? `timeout after ${request.timeoutMs} ms` : describeError(error),
        timed_out: timedOut,
      };
    }
  }
}

// fetch reports "fetch failed" and hides the reason (ECONNREFUSED, bad port...) in `cause`.
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) return cause.message;
  return error.message;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
