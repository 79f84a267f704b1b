import type { Context, Hono } from "hono";
import { z } from "zod";
import { authorizeSession } from "./authorizations";
import { iso, type Core } from "../core";
import { faultSchema } from "./faults";
import { attemptView, faultRoutes, jobView } from "../kernel/control-routes";
import { KlarnaError, badValue, notFound, parseBody } from "../klarna-error";
import { categoriesFor } from "../markets";
import { orderView } from "../order-management/order-management";
import { isValidEmail } from "../personas";
import { addressSchema, customerSchema } from "../schemas";
import type { OrderRecord, SessionRecord } from "../records";
import { sessionView, updateSession } from "./sessions";
import { readJson } from "../routes/http";

const authorizeRequest = z.object({
  email: z.string(),
  payment_method_category: z.enum(["pay_later", "pay_over_time", "pay_now"]).optional(),
  billing_address: addressSchema.optional(),
  shipping_address: addressSchema.optional(),
  customer: customerSchema.optional(),
});

/** Klarna Payments' test helpers under /_sim (no auth): faults, sessions, orders; documented in simulator/README.md. */
export function klarnaControlRoutes(app: Hono, core: Core): void {
  faultRoutes(app, "/_sim/faults", core.faults, async (c) => parseBody(faultSchema, await readJson(c)), () => notFound("No such fault"));

  app.post("/_sim/sessions/:id/authorize", async (c) => authorizeAsPersona(c, core));
  app.get("/_sim/sessions", (c) => c.json({ sessions: core.klarna.listSessions(100).map((s) => sessionSummary(core, s)) }));
  app.get("/_sim/sessions/:id", (c) => {
    const session = core.klarna.getSession(c.req.param("id"));
    if (!session) throw notFound("Invalid session id");
    return c.json(sessionDetail(core, session));
  });
  app.get("/_sim/orders", (c) => c.json({ orders: core.klarna.listOrders(100).map((o) => orderSummary(core, o)) }));
  app.get("/_sim/orders/:id", (c) => {
    const order = core.klarna.getOrder(c.req.param("id"));
    if (!order) throw new KlarnaError(404, "NO_SUCH_ORDER", [`Order ${c.req.param("id")} cannot be found`]);
    return c.json(orderDetail(core, order));
  });
}

/**
 * Authorizes a session as a sample customer without a browser, sending the same authorization callback as the
 * popup. Approved: 200 `{ approved: true, authorization_token }`; denied: 403 `{ approved: false, show_form: false,
 * reason: "denied" }`.
 */
async function authorizeAsPersona(c: Context, core: Core) {
  const sessionId = c.req.param("id") ?? "";
  const request = parseBody(authorizeRequest, await readJson(c));
  if (!isValidEmail(request.email)) throw badValue(["Bad value: email"]);
  const { email, payment_method_category, ...data } = request;
  const session = Object.keys(data).length > 0 ? updateSession(core, sessionId, data) : undefined;
  const country = session?.data.purchase_country ?? core.klarna.getSession(sessionId)?.data.purchase_country ?? "";
  const category = payment_method_category ?? categoriesFor(country)[0]?.identifier ?? "pay_later";
  const outcome = authorizeSession(core, sessionId, { email, category });
  switch (outcome.result) {
    case "approved":
      return c.json({ approved: true, authorization_token: outcome.authorization_token, session_id: sessionId });
    case "denied":
      return c.json({ approved: false, show_form: false, reason: "denied" }, 403);
  }
}

function sessionSummary(core: Core, session: SessionRecord) {
  return {
    session_id: session.session_id,
    created_at: iso(session.created_at),
    expires_at: iso(session.expires_at),
    expired: core.clock.now() >= session.expires_at,
    status: session.status,
    purchase_country: session.data.purchase_country,
    purchase_currency: session.data.purchase_currency,
    order_amount: session.data.order_amount,
    order_id: session.order_id ?? null,
  };
}

function sessionDetail(core: Core, session: SessionRecord) {
  return {
    ...sessionView(core, session),
    ...sessionSummary(core, session),
    authorizations: core.klarna.sessionAuthorizations(session.session_id).map((authorization) => ({
      authorization_token: authorization.token,
      status: authorization.status,
      created_at: iso(authorization.created_at),
      expires_at: iso(authorization.expires_at),
      email: authorization.email,
      payment_method_category: authorization.category,
      persona: authorization.persona,
      order_id: authorization.order_id ?? null,
    })),
    callbacks: core.repo.attemptsFor("", session.session_id).map(attemptView),
    scheduled: core.repo.pendingJobsFor("", session.session_id).map(jobView),
  };
}

function orderSummary(core: Core, order: OrderRecord) {
  const view = orderView(order, core.clock.now());
  return {
    order_id: order.order_id,
    session_id: order.session_id,
    created_at: view.created_at,
    status: view.status,
    fraud_status: view.fraud_status,
    purchase_currency: view.purchase_currency,
    order_amount: view.order_amount,
    captured_amount: view.captured_amount,
    refunded_amount: view.refunded_amount,
    acknowledged: order.acknowledged_at !== null,
  };
}

/** GET /_sim/orders/{id}: the Order Management order plus what Klarna does not expose. */
function orderDetail(core: Core, order: OrderRecord) {
  return {
    ...orderView(order, core.clock.now()),
    acknowledged: order.acknowledged_at !== null,
    acknowledged_at: order.acknowledged_at === null ? null : iso(order.acknowledged_at),
    session_id: order.session_id,
    authorization_token: order.authorization_token,
    merchant_urls: order.merchant_urls,
    callbacks: core.repo.attemptsFor(order.order_id, order.session_id).map(attemptView),
    scheduled: core.repo.pendingJobsFor(order.order_id, order.session_id).map(jobView),
  };
}
