import { SpanStatusCode, trace } from "@opentelemetry/api";
import { log } from "./logger";
import { tracingEnabled } from "./tracing";

interface ErrorRequest {
  path: string;
  method: string;
  headers: NodeJS.Dict<string | string[]>;
}
interface ErrorContext {
  routerKind: string;
  routePath: string;
  routeType: string;
  renderSource?: string;
}

/**
 * Reports an error Next.js caught while handling a request (instrumentation.ts's onRequestError). The path is
 * logged without its query string, which may carry callback tokens; `digest` is what the error page shows.
 */
export function reportRequestError(error: unknown, request: ErrorRequest, context: ErrorContext): void {
  const failure = error instanceof Error ? error : new Error(String(error));
  const requestId = request.headers["x-request-id"];
  log().error(
    {
      requestId: typeof requestId === "string" ? requestId : undefined,
      route: context.routePath,
      routeType: context.routeType,
      method: request.method,
      path: request.path.split("?")[0],
      digest: (error as { digest?: unknown } | null)?.digest,
      err: failure,
      outcome: "error",
    },
    "request failed",
  );
  if (tracingEnabled()) {
    const span = trace.getActiveSpan();
    span?.recordException(failure);
    span?.setStatus({ code: SpanStatusCode.ERROR, message: failure.name });
  }
}
