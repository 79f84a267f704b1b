import { SpanStatusCode, trace, type Attributes } from "@opentelemetry/api";
import { setTraceIdSource } from "./logger";

/**
 * Spans around the store's units of work (provider calls, finalize, database units), through the OpenTelemetry API.
 * Off until `enableTracing` is called (instrumentation.ts does when an OTLP endpoint is configured; the trace test
 * does with an in-memory exporter): with nothing configured `inSpan` only calls `work`, so it costs nothing.
 */
let enabled = false;

export function enableTracing(): void {
  enabled = true;
  setTraceIdSource(() => {
    const context = trace.getActiveSpan()?.spanContext();
    return context ? { trace_id: context.traceId, span_id: context.spanId } : {};
  });
}

export function tracingEnabled(): boolean {
  return enabled;
}

/** Runs `work` in a span named `name`, which records an exception and an error status if `work` throws. */
export function inSpan<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  if (!enabled) return work();
  return trace.getTracer("storefront").startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : "error" });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Adds attributes to the current span, if tracing is on and there is one. */
export function spanAttributes(attributes: Attributes): void {
  if (enabled) trace.getActiveSpan()?.setAttributes(attributes);
}
