import type { Hono } from "hono";
import { cancelAuthorization, createCustomerToken, createOrder } from "./authorizations";
import type { Core } from "../core";
import { createSession, liveSession, sessionView, updateSession } from "./sessions";
import { basicAuth, methodNotAllowed, readJson } from "../routes/http";

/** Klarna Payments API v1 (payments-v1.openapi.json). */
export function paymentsRoutes(app: Hono, core: Core): void {
  app.use("/payments/*", basicAuth(core));

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
