import { log, logContext, withLogContext } from "./logger";
import { requestIdOf } from "./request-id";
import { inSpan } from "./tracing";

type Handler = (request: Request) => Promise<Response>;

/**
 * A route handler with a request id, a log context and a span: every log line written while it runs carries the
 * request id and the route (and the provider, when given); when it ends one line says the outcome (status and
 * duration). The answer carries X-Request-Id, so a caller's report can be matched with the log.
 */
export function observed(route: string, provider: string | undefined, handler: Handler): Handler {
  return (request) => {
    const requestId = requestIdOf(request.headers);
    return withLogContext({ requestId, route, ...(provider ? { provider } : {}) }, () =>
      inSpan(`${request.method} ${route}`, { "http.route": route, ...(provider ? { "store.provider": provider } : {}) }, async () => {
        const started = performance.now();
        let response: Response;
        try {
          response = await handler(request);
        } catch (error) {
          // The error itself (message, stack) is reported once, by onRequestError (instrumentation.ts).
          const type = error instanceof Error ? error.name : "unknown";
          log().error({ error: { type }, outcome: "error", durationMs: Math.round(performance.now() - started) }, "request failed");
          throw error;
        }
        const context = logContext();
        log().info(
          { status: response.status, outcome: outcomeOf(response.status), orderNumber: context?.orderNumber, durationMs: Math.round(performance.now() - started) },
          "request handled",
        );
        try {
          response.headers.set("X-Request-Id", requestId);
        } catch {
          // Immutable headers (a Response.redirect): the log still has the id.
        }
        return response;
      }),
    );
  };
}

function outcomeOf(status: number): string {
  if (status < 300) return "ok";
  if (status < 400) return "redirect";
  if (status === 429) return "rate_limited";
  if (status < 500) return "refused";
  return "failed";
}
