import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { HOUR, type Core } from "../core";
import type { ProviderHooks, SimulatorProvider } from "../kernel/providers";
import { createKnContext, krn, type KnContext } from "./context";
import { KnError, knErrorResponse, knNotFound, parseKnBody, readKnJson } from "./errors";
import { renderJourney } from "./journey";
import {
  cancelRequest,
  chargeWithCustomerToken,
  createRequest,
  fromConfirmationBody,
  returnUrlFor,
  journeyStep,
  ownRequest,
  requestByUuid,
} from "./payment-requests";
import {
  authorizeSchema,
  captureSchema,
  confirmSchema,
  createConfirmationRequestSchema,
  createPaymentRequestSchema,
  createWebhookSchema,
  refundSchema,
  simulateWebhookSchema,
} from "./schemas";
import { knControlRoutes } from "./control";
import { renderKnDashboard } from "./dashboard-section";
import { runKlarnaNetworkJob } from "./jobs";
import { authorize, captureTransaction, confirm, ownTransaction, refundTransaction, voidTransaction } from "./transactions";
import type { WebhookRecord } from "./records";
import { requestView, transactionView } from "./views";
import { emit } from "./webhooks";

/** Klarna honours an idempotency key for 24 hours (notes.md §7). */
const IDEMPOTENCY_TTL_MS = 24 * HOUR;

/**
 * Klarna's Network API (payment requests, confirm, authorize, payment transactions, Notifications) under
 * `/klarna-network`, the hosted purchase journey under `/klarna-network/pay/…`, and test helpers under
 * `/_sim/klarna-network`. Mounted with one line in `simulator/app.ts`.
 */
export const klarnaNetwork: SimulatorProvider = { name: "klarna-network", mount: (app, core) => klarnaNetworkRoutes(app, core) };

export function klarnaNetworkRoutes(app: Hono, core: Core): ProviderHooks {
  const ctx = createKnContext(core);
  app.route("/klarna-network", knApi(ctx));
  app.route("/_sim/klarna-network", knControlRoutes(ctx));
  return {
    jobKinds: ["klarna_network"],
    runJob: (job) => runKlarnaNetworkJob(ctx, job),
    dashboardSection: () => renderKnDashboard(ctx),
    dashboardBelowAttempts: true,
  };
}

function knApi(ctx: KnContext): Hono {
  const api = new Hono();
  api.onError((error, c) => {
    if (error instanceof KnError) return knErrorResponse(c, error);
    ctx.core.config.log(`internal error on ${c.req.method} ${c.req.path}: ${error.stack ?? error.message}`);
    return knErrorResponse(c, new KnError(500, "TECHNICAL_ERROR", "INTERNAL_ERROR", "Unexpected error"));
  });

  // The hosted journey is the shopper's page: no API key.
  api.get("/pay/:uuid", (c) => c.html(renderJourney(ctx, journeyRequest(ctx, c.req.param("uuid")))));
  api.post("/pay/:uuid", async (c) => {
    const form = Object.fromEntries(
      Object.entries(await c.req.parseBody()).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
    );
    const before = journeyRequest(ctx, c.req.param("uuid"));
    const { request, error } = journeyStep(ctx, before, form);
    const returnUrl = returnUrlFor(request);
    const finished = request.state === "PENDING_CONFIRMATION" || request.state === "COMPLETED";
    // Back to the store once the journey is done or the shopper cancels it (return_url, notes.md §3).
    if (returnUrl && (finished || form.step === "cancel")) return c.redirect(returnUrl, 303);
    if (error) return c.html(renderJourney(ctx, request, { error }), 422);
    return c.redirect(`/klarna-network/pay/${request.uuid}`, 303);
  });

  api.use("/v2/*", apiKeyAuth(ctx), injectedFailures(ctx), idempotency(ctx));

  // Merchant (confirmation-token revision, seed 002): requests under the account end in PENDING_CONFIRMATION.
  api.post("/v2/accounts/:account/payment/requests", async (c) => {
    const body = parseKnBody(createConfirmationRequestSchema, await readKnJson(c));
    return created(c, ctx, createRequest(ctx, { accountId: c.req.param("account"), flow: "confirmation", body: fromConfirmationBody(body) }));
  });
  api.get("/v2/accounts/:account/payment/requests/:id", (c) =>
    c.json(requestView(ctx, ownRequest(ctx, c.req.param("id"), c.req.param("account")))),
  );
  api.delete("/v2/accounts/:account/payment/requests/:id", (c) =>
    c.json(requestView(ctx, cancelRequest(ctx, ownRequest(ctx, c.req.param("id"), c.req.param("account"))))),
  );
  // Direct partner (current flow): requests end in COMPLETED with a session token.
  api.post("/v2/payment/requests", async (c) => createFor(c, ctx, null, "session"));
  api.get("/v2/payment/requests/:id", (c) => c.json(requestView(ctx, ownRequest(ctx, c.req.param("id"), null))));
  api.delete("/v2/payment/requests/:id", (c) => c.json(requestView(ctx, cancelRequest(ctx, ownRequest(ctx, c.req.param("id"), null)))));

  api.post("/v2/accounts/:account/payment/confirmation-tokens/:token/confirm", async (c) =>
    c.json(confirm(ctx, c.req.param("account"), c.req.param("token"), parseKnBody(confirmSchema, await readKnJson(c)))),
  );
  api.post("/v2/accounts/:account/payment/authorize", async (c) => {
    const body = parseKnBody(authorizeSchema, await readKnJson(c));
    // Klarna-Payment-Token is the older name of the same token; both are accepted (notes.md §2).
    const sessionToken = c.req.header("klarna-network-session-token") ?? c.req.header("klarna-payment-token");
    const customerToken = c.req.header("klarna-customer-token");
    return c.json(authorize(ctx, c.req.param("account"), { sessionToken, customerToken }, body) as object);
  });

  const transactionPath = "/v2/accounts/:account/payment/transactions/:id";
  const transaction = (c: Context) => ownTransaction(ctx, c.req.param("account") ?? "", c.req.param("id") ?? "");
  api.get(transactionPath, (c) => c.json(transactionView(ctx, transaction(c))));
  api.post(`${transactionPath}/captures`, async (c) =>
    c.json(captureTransaction(ctx, transaction(c), parseKnBody(captureSchema, await readKnJson(c))), 201),
  );
  api.post(`${transactionPath}/captures/:capture/refunds`, async (c) =>
    c.json(refundTransaction(ctx, transaction(c), parseKnBody(refundSchema, await readKnJson(c)), c.req.param("capture")), 201),
  );
  api.post(`${transactionPath}/refunds`, async (c) =>
    c.json(refundTransaction(ctx, transaction(c), parseKnBody(refundSchema, await readKnJson(c)), undefined), 201),
  );
  api.post(`${transactionPath}/void`, (c) => c.json(voidTransaction(ctx, transaction(c))));

  notificationRoutes(api, ctx);

  api.all("*", (c) => knErrorResponse(c, new KnError(404, "RESOURCE_ERROR", "NOT_FOUND", `No such resource: ${c.req.method} ${c.req.path}`)));
  return api;
}

async function createFor(c: Context, ctx: KnContext, accountId: string | null, flow: "confirmation" | "session") {
  const body = parseKnBody(createPaymentRequestSchema, await readKnJson(c));
  return created(c, ctx, createRequest(ctx, { accountId, flow, body }));
}

function created(c: Context, ctx: KnContext, request: ReturnType<typeof createRequest>) {
  const customerToken = c.req.header("klarna-customer-token");
  return c.json(requestView(ctx, customerToken ? chargeWithCustomerToken(ctx, request, customerToken) : request), 201);
}

function journeyRequest(ctx: KnContext, uuid: string) {
  const request = requestByUuid(ctx, uuid);
  if (!request) throw knNotFound("The payment request");
  return request;
}

/** Webhooks and signing keys (Notifications API, notes.md §6). */
function notificationRoutes(api: Hono, ctx: KnContext): void {
  api.post("/v2/notification/signing-keys", (c) => {
    const now = ctx.core.clock.now();
    if (ctx.store.list("signing_key", 51).length >= 50) {
      throw new KnError(403, "RESOURCE_ERROR", "LIMIT_EXCEEDED", "An account has at most 50 signing keys: delete old ones");
    }
    const key = { signing_key_id: krn("krn:partner:global:notification:signing-key"), signing_key: randomUUID().replaceAll("-", ""), created_at: now };
    ctx.store.put("signing_key", key.signing_key_id, now, key);
    return c.json({ ...key, created_at: new Date(now).toISOString() }, 201);
  });
  api.get("/v2/notification/signing-keys", (c) =>
    c.json({
      signing_keys: ctx.store.list("signing_key", 50).map((key) => ({ signing_key_id: key.signing_key_id, created_at: new Date(key.created_at).toISOString() })),
    }),
  );
  api.delete("/v2/notification/signing-keys/:id", (c) => {
    if (!ctx.store.remove("signing_key", c.req.param("id"))) throw knNotFound("The signing key");
    return c.body(null, 204);
  });

  api.post("/v2/notification/webhooks", async (c) => {
    const body = parseKnBody(createWebhookSchema, await readKnJson(c));
    if (!ctx.store.get("signing_key", body.signing_key_id)) {
      throw new KnError(400, "INPUT_ERROR", "VALIDATION_ERROR", "signing_key_id names no signing key of this account", [
        { parameter: "signing_key_id", error_message: "unknown signing key" },
      ]);
    }
    const same = ctx.store.list("webhook", 100).find(
      (webhook) => webhook.url === body.url && webhook.signing_key_id === body.signing_key_id && sameTypes(webhook.event_types, body.event_types),
    );
    if (same) throw new KnError(409, "RESOURCE_ERROR", "CONFLICT", "The same webhook configuration already exists");
    const now = ctx.core.clock.now();
    const webhook = { webhook_id: krn("krn:partner:global:notification:webhook"), ...body, created_at: now };
    ctx.store.put("webhook", webhook.webhook_id, now, webhook);
    return c.json(webhookView(webhook), 201);
  });
  api.get("/v2/notification/webhooks", (c) => c.json({ webhooks: ctx.store.list("webhook", 100).map(webhookView) }));
  api.get("/v2/notification/webhooks/:id", (c) => {
    const webhook = ctx.store.get("webhook", c.req.param("id"));
    if (!webhook) throw knNotFound("The webhook");
    return c.json(webhookView(webhook));
  });
  api.delete("/v2/notification/webhooks/:id", (c) => {
    if (!ctx.store.remove("webhook", c.req.param("id"))) throw knNotFound("The webhook");
    return c.body(null, 204);
  });
  api.post("/v2/notification/webhooks/:id/simulate", async (c) => {
    const webhook = ctx.store.get("webhook", c.req.param("id"));
    if (!webhook) throw knNotFound("The webhook");
    const body = parseKnBody(simulateWebhookSchema, await readKnJson(c));
    emit(ctx, body.event_type, "simulated", null, { simulated: true });
    return c.json({ event_type: body.event_type, event_version: body.event_version });
  });
}

function sameTypes(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

function webhookView(webhook: WebhookRecord) {
  return { ...webhook, created_at: new Date(webhook.created_at).toISOString() };
}

/** `Authorization: Basic <API key>`, the key as-is (notes.md §1); anything else is a 401 ACCESS_ERROR. */
function apiKeyAuth(ctx: KnContext): MiddlewareHandler {
  const expected = Buffer.from(ctx.apiKey);
  return async (c, next) => {
    const given = Buffer.from(/^basic\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1] ?? "");
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    return knErrorResponse(c, new KnError(401, "ACCESS_ERROR", "UNAUTHORIZED", "Invalid API key: send Authorization: Basic <API key>"));
  };
}

function injectedFailures(ctx: KnContext): MiddlewareHandler {
  return async (c, next) => {
    const fault = ctx.faults.takeFirst("api");
    if (!fault) return next();
    return knErrorResponse(c, new KnError(fault.status, "TECHNICAL_ERROR", fault.status === 503 ? "SERVICE_UNAVAILABLE" : "INTERNAL_ERROR", "Injected fault"));
  };
}

/**
 * `Klarna-Idempotency-Key` on POST, PATCH and DELETE: within 24 hours a repeat gets the first answer without acting
 * again (notes.md §7), whatever its body. Server errors are not kept, so a retry after one acts for real.
 */
function idempotency(ctx: KnContext): MiddlewareHandler {
  return async (c, next) => {
    const key = c.req.header("klarna-idempotency-key");
    if (!key || c.req.method === "GET") return next();
    if (key.length > 255) {
      throw new KnError(400, "INPUT_ERROR", "VALIDATION_ERROR", "Klarna-Idempotency-Key is 1 to 255 characters", [
        { parameter: "Klarna-Idempotency-Key", error_message: "too long" },
      ]);
    }
    const id = `${c.req.header("authorization") ?? ""}\n${key}`;
    const storeKey = createHash("sha256").update(id).digest("hex");
    const now = ctx.core.clock.now();
    const stored = ctx.store.get("idempotency", storeKey);
    if (stored && now - stored.created_at < IDEMPOTENCY_TTL_MS) {
      return new Response(stored.body === "" ? null : stored.body, {
        status: stored.status,
        headers: { "Content-Type": "application/json" },
      });
    }
    await next();
    if (c.res.status >= 500) return;
    const fingerprint = `${c.req.method} ${c.req.path}`;
    ctx.store.put("idempotency", storeKey, now, { fingerprint, created_at: now, status: c.res.status, body: await c.res.clone().text() });
  };
}
