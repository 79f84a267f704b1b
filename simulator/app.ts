import { Hono } from "hono";
import { checkoutComRoutes } from "./checkout-com/routes";
import type { Core } from "./core";
import { KlarnaError } from "./klarna-error";
import { klarnaNetworkRoutes } from "./klarna-network/routes";
import { klarnaPaymentsApi } from "./klarna-payments";
import { kustomApi } from "./kustom";
import { mailRoutes } from "./mail/catcher";
import { klarnaOrderManagementApi } from "./order-management";
import { controlRoutes } from "./routes/control-routes";
import { errorResponse, limitBody } from "./routes/http";
import { pagesRoutes } from "./routes/pages-routes";
import { webSdkRoutes } from "./web-sdk/web-sdk-routes";

/** The simulator's HTTP surface: one base URL per API it speaks, the /_sim control API and the dashboard. */
export function createApp(core: Core): Hono {
  const app = new Hono();

  app.use("*", (c, next) => {
    const method = c.req.method;
    return method === "GET" || method === "HEAD" || method === "OPTIONS" ? next() : limitBody(c, next);
  });

  // The APIs, one line each. Klarna's (KLARNA_API_URL) sit at the root; every other API gets its own prefix.
  klarnaPaymentsApi(app, core);
  klarnaOrderManagementApi(app, core);
  kustomApi(app, core);

  controlRoutes(app, core);
  pagesRoutes(app, core);
  klarnaNetworkRoutes(app, core);
  webSdkRoutes(app);
  checkoutComRoutes(app, core);
  mailRoutes(app);

  app.notFound((c) => errorResponse(c, new KlarnaError(404, "NOT_FOUND", [`No such resource: ${c.req.method} ${c.req.path}`])));
  app.onError((error, c) => {
    if (error instanceof KlarnaError) return errorResponse(c, error);
    core.config.log(`internal error on ${c.req.method} ${c.req.path}: ${error.stack ?? error.message}`);
    return errorResponse(c, new KlarnaError(500, "INTERNAL_SERVER_ERROR", ["Internal error"]));
  });
  return app;
}
