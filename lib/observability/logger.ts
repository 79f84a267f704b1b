import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type Logger } from "pino";

/**
 * The store's log: JSON lines on stdout (pino), one object per event, for a log drain to collect. Every line written
 * while a request is handled carries that request's context (`withLogContext`): its request id, its route, and as
 * they become known the provider, the order number and the outcome.
 *
 * Nothing secret goes in: callers log ids and outcomes, never bodies, and the redaction below replaces known
 * secret-bearing keys (tokens, passwords, authorization headers, card data, addresses, e-mails, phone numbers)
 * should one be logged by mistake. LOG_LEVEL chooses the level (default info; "silent" turns it off).
 */
export interface LogContext {
  requestId: string;
  route: string;
  provider?: string;
  orderNumber?: string;
}

const context = new AsyncLocalStorage<LogContext>();

/** Keys whose values never reach the log, at any depth pino's redaction covers. */
const REDACTED = [
  "password",
  "token",
  "authorization_token",
  "authorizationToken",
  "client_token",
  "clientToken",
  "callbackToken",
  "accessToken",
  "secret",
  "authorization",
  "cookie",
  "email",
  "phone",
  "billing_address",
  "shipping_address",
  "address",
  "card",
];
// Top-level keys only: the store logs flat objects of ids and outcomes. Wildcard paths (`*.token`) would cost about
// 20 µs a line per level of depth (measured with pino 10 on this machine), more than the rest of the line.
const paths = REDACTED;

const holder = globalThis as typeof globalThis & { __storeLogger?: Logger };

function options(): pino.LoggerOptions {
  return {
    // Quiet under Vitest unless asked for: tests that read the log give it a destination of their own.
    level: process.env.LOG_LEVEL || (process.env.VITEST ? "silent" : "info"),
    base: { service: "storefront" },
    // Epoch milliseconds ("time"), pino's default: formatting an ISO date costs more than the rest of the line.
    timestamp: pino.stdTimeFunctions.epochTime,
    messageKey: "msg",
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths, censor: "[redacted]" },
    // The request's context, and the trace it belongs to when tracing is on, on every line.
    mixin() {
      const current = context.getStore();
      return current ? { ...current, ...traceIdsOf() } : traceIdsOf();
    },
  };
}

/** The process's logger. */
export function log(): Logger {
  return (holder.__storeLogger ??= pino(options()));
}

/** For tests: log to `destination` at `level` instead of stdout (null: back to stdout). */
export function setLogDestination(destination: pino.DestinationStream | null, level = "info"): void {
  holder.__storeLogger = destination ? pino({ ...options(), level }, destination) : undefined;
}

/** Runs `work` with `value` as the context of every line it logs. */
export function withLogContext<T>(value: LogContext, work: () => T): T {
  return context.run(value, work);
}

/** Adds what became known (the provider, the order number) to the current request's context. */
export function addLogContext(more: Partial<Omit<LogContext, "requestId" | "route">>): void {
  const current = context.getStore();
  if (current) Object.assign(current, more);
}

export function logContext(): LogContext | undefined {
  return context.getStore();
}

type TraceIds = { trace_id?: string; span_id?: string };
let traceIdsOf: () => TraceIds = () => ({});

/** Set by lib/observability/tracing.ts once a tracer is registered, so logs and traces can be joined. */
export function setTraceIdSource(source: () => TraceIds): void {
  traceIdsOf = source;
}
