import { log, withLogContext, type LogContext } from "./logger";
import { requestIdOf } from "./request-id";
import { inSpan } from "./tracing";

type Handler = (request: Request) => Promise<Response>;

export interface ObservedOptions {
  /**
   * Whether the lines written deeper down (finalize, place order) carry this request's context, through an
   * AsyncLocalStorage. Every promise created under one then pays for it (about 0.5 µs each, measured), so a route
   * whose code logs nothing itself, such as Kustom's validation on its 3-second budget, leaves it off: its one
   * line still says everything. Default on.
   */
  deepContext?: boolean;
}

/**
 * A route handler with a request id, a log context and a span: every log line written while it runs carries the
 * request id and the route (and the provider, when given); when it ends one line says the outcome (status, order
 * number when known, duration). The answer carries X-Request-Id, so a caller's report can be matched with the log.
 */
export function observed(route: string, provider: string | undefined, handler: Handler, options: ObservedOptions = {}): Handler {
  const deep = options.deepContext ?? true;
  return (request) => {
    const context: LogContext = { requestId: requestIdOf(request.headers), route, ...(provider ? { provider } : {}) };
    const run = () =>
      inSpan(`${request.method} ${route}`, { "http.route": route, ...(provider ? { "store.provider": provider } : {}) }, () =>
        handle(request, handler, context, deep),
      );
    return deep ? withLogContext(context, run) : run();
  };
}

async function handle(request: Request, handler: Handler, context: LogContext, deep: boolean): Promise<Response> {
  const started = performance.now();
  // Inside the log context the mixin adds it to each line; outside it, this line says it itself.
  const own = deep ? {} : context;
  let response: Response;
  try {
    response = await handler(request);
  } catch (error) {
    // The error itself (message, stack) is reported once, by onRequestError (instrumentation.ts).
    const type = error instanceof Error ? error.name : "unknown";
    log().error({ ...own, error: { type }, outcome: "error", durationMs: Math.round(performance.now() - started) }, "request failed");
    throw error;
  }
  log().info(
    {
      ...own,
      status: response.status,
      outcome: outcomeOf(response.status),
      orderNumber: context.orderNumber,
      durationMs: Math.round(performance.now() - started),
    },
    "request handled",
  );
  try {
    response.headers.set("X-Request-Id", context.requestId);
  } catch {
    // Immutable headers (a Response.redirect): the log still has the id.
  }
  return response;
}

function outcomeOf(status: number): string {
  if (status < 300) return "ok";
  if (status < 400) return "redirect";
  if (status === 429) return "rate_limited";
  if (status < 500) return "refused";
  return "failed";
}
