import { Hono } from "hono";
import { checkoutCom } from "./checkout-com/routes";
import type { Core } from "./core";
import { kernelRoutes } from "./kernel/control-routes";
import { mountProviders } from "./kernel/providers";
import { KlarnaError } from "./klarna-error";
import { klarnaNetwork } from "./klarna-network/routes";
import { klarnaPayments } from "./klarna-payments";
import { customerToken } from "./customer-token";
import { kustom } from "./kustom";
import { mailCatcher } from "./mail/catcher";
import { errorResponse, limitBody } from "./routes/http";

/** The simulator's HTTP surface: one base URL per API it speaks, the /_sim control API and the dashboard. */
export function createApp(core: Core): Hono {
  const app = new Hono();

  app.use("*", (c, next) => {
    const method = c.req.method;
    return method === "GET" || method === "HEAD" || method === "OPTIONS" ? next() : limitBody(c, next);
  });

  kernelRoutes(app, core);
  // The providers, one line each. Klarna's (KLARNA_API_URL) sit at the root; every other API gets its own prefix.
  // Last, not a vendor: the SMTP catcher the store's shopper emails reach when SMTP_URL is unset.
  mountProviders(app, core, [
    klarnaPayments,
    customerToken,
    kustom,
    klarnaNetwork,
    checkoutCom,
    mailCatcher,
  ]);

  app.notFound((c) => errorResponse(c, new KlarnaError(404, "NOT_FOUND", [`No such resource: ${c.req.method} ${c.req.path}`])));
  app.onError((error, c) => {
    if (error instanceof KlarnaError) return errorResponse(c, error);
    core.config.log(`internal error on ${c.req.method} ${c.req.path}: ${error.stack ?? error.message}`);
    return errorResponse(c, new KlarnaError(500, "INTERNAL_SERVER_ERROR", ["Internal error"]));
  });
  return app;
}
