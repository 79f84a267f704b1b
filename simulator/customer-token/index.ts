import type { Hono } from "hono";
import { z } from "zod";
import type { Core } from "../core";
import type { SimulatorProvider } from "../kernel/providers";
import { notFound, parseBody } from "../klarna-error";
import { basicAuth, idempotency, methodNotAllowed, readJson } from "../routes/http";
import { createTokenOrder, getToken, readToken, tokenStore, updateTokenStatus } from "./tokens";

/**
 * Klarna's customer-token API v1 on the Klarna base URL (reference/klarna/customer-token-v1.openapi.yml), with its
 * /_sim helpers: read a token with its orders, and make its next orders be refused.
 */
export const customerToken: SimulatorProvider = { name: "customer-token", mount: customerTokenApi };

const refusalsSchema = z.object({ count: z.int().min(0).max(100) });

function customerTokenApi(app: Hono, core: Core) {
  app.use("/customer-token/v1/*", basicAuth(core));
  // Klarna-Idempotency-Key on create order (the spec's header parameter): the same key gets the first answer.
  app.use("/customer-token/v1/tokens/:token/order", idempotency(core));
  app.get("/customer-token/v1/tokens/:token", (c) => c.json(readToken(core, c.req.param("token"))));
  app.post("/customer-token/v1/tokens/:token/order", async (c) => c.json(createTokenOrder(core, c.req.param("token"), await readJson(c))));
  app.patch("/customer-token/v1/tokens/:token/status", async (c) => {
    updateTokenStatus(core, c.req.param("token"), await readJson(c));
    return c.body(null, 202);
  });
  app.all("/customer-token/v1/tokens/:token", methodNotAllowed(["GET"]));
  app.all("/customer-token/v1/tokens/:token/order", methodNotAllowed(["POST"]));
  app.all("/customer-token/v1/tokens/:token/status", methodNotAllowed(["PATCH"]));

  app.get("/_sim/customer-tokens", (c) => c.json({ tokens: tokenStore(core).list("token", 100).map(summary) }));
  app.get("/_sim/customer-tokens/:token", (c) => {
    const token = tokenStore(core).get("token", c.req.param("token"));
    if (!token) throw notFound("Invalid customer-token ID");
    return c.json(summary(token));
  });
  // A fault for tests: the token's next `count` orders are refused (403), as Klarna refuses a charge it will not approve.
  app.post("/_sim/customer-tokens/:token/refusals", async (c) => {
    const token = getToken(core, c.req.param("token"));
    const { count } = parseBody(refusalsSchema, await readJson(c));
    tokenStore(core).update("token", token.token_id, { ...token, refuse_next: count });
    return c.json(summary({ ...token, refuse_next: count }));
  });
  return { reset: () => tokenStore(core).clear(["token"]) };
}

function summary(token: ReturnType<typeof getToken>) {
  return {
    token_id: token.token_id,
    status: token.status,
    payment_method_type: token.payment_method_type,
    purchase_currency: token.purchase_currency,
    refuse_next: token.refuse_next,
    order_ids: token.order_ids,
  };
}
