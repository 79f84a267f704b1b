import type { Hono } from "hono";
import {
  REDIRECT_PATH,
  cancelAuthorization,
  confirmationUrl,
  createCustomerToken,
  createOrder,
  sessionConfirmationUrl,
} from "./authorizations";
import type { Core } from "../core";
import { createSession, liveSession, sessionView, updateSession } from "./sessions";
import { basicAuth, methodNotAllowed, readJson } from "../routes/http";

/** Klarna Payments API v1 (payments-v1.openapi.json). */
export function paymentsRoutes(app: Hono, core: Core): void {
  app.use("/payments/v1/*", basicAuth(core));

  // The shopper's browser follows redirect_url here (no credentials) and is sent on to the confirmation URL.
  app.get(`${REDIRECT_PATH}/sessions/:sessionId`, (c) => {
    const location = sessionConfirmationUrl(core, c.req.param("sessionId"));
    if (!location) return c.html(EXPIRED_LINK_PAGE, 404);
    return c.redirect(location, 303);
  });
  app.get(`${REDIRECT_PATH}/:orderId`, (c) => {
    const location = confirmationUrl(core, c.req.param("orderId"));
    if (!location) return c.html(EXPIRED_LINK_PAGE, 404);
    return c.redirect(location, 303);
  });

  app.post("/payments/v1/sessions", async (c) => c.json(createSession(core, await readJson(c))));
  app.get("/payments/v1/sessions/:id", (c) => c.json(sessionView(core, liveSession(core, c.req.param("id")))));
  app.post("/payments/v1/sessions/:id", async (c) => {
    updateSession(core, c.req.param("id"), await readJson(c));
    return c.body(null, 204);
  });
  app.post("/payments/v1/authorizations/:token/order", async (c) =>
    c.json(await createOrder(core, c.req.param("token"), await readJson(c))),
  );
  app.post("/payments/v1/authorizations/:token/customer-token", async (c) =>
    c.json(createCustomerToken(core, c.req.param("token"), await readJson(c))),
  );
  app.delete("/payments/v1/authorizations/:token", (c) => {
    cancelAuthorization(core, c.req.param("token"));
    return c.body(null, 204);
  });

  app.all("/payments/v1/sessions", methodNotAllowed(["POST"]));
  app.all("/payments/v1/sessions/:id", methodNotAllowed(["GET", "POST"]));
  app.all("/payments/v1/authorizations/:token", methodNotAllowed(["DELETE"]));
  app.all("/payments/v1/authorizations/:token/order", methodNotAllowed(["POST"]));
  app.all("/payments/v1/authorizations/:token/customer-token", methodNotAllowed(["POST"]));
}

const EXPIRED_LINK_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Klarna</title></head>
<body style="font:16px/1.5 system-ui,sans-serif;color:#17120f;max-width:32rem;margin:4rem auto;padding:0 1rem">
<h1 style="font-size:1.4rem">This link is not valid</h1><p>Go back to the store to see your order.</p></body></html>`;
