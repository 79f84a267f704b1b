import { timingSafeEqual } from "node:crypto";
import type { Context, Hono, MiddlewareHandler } from "hono";
import { z } from "zod";
import { HOUR, iso, type Core } from "../core";
import { faultRoutes } from "../kernel/control-routes";
import type { ProviderHooks, SimulatorProvider } from "../kernel/providers";
import { sleep } from "../kernel/merchant-calls";
import { renderCheckoutComSection } from "./dashboard";
import { CheckoutComError, errorResponse, invalid, notFound } from "./errors";
import { CheckoutComFaults, checkoutComFaultSchema } from "./faults";
import { newId } from "./ids";
import { klarnaBridge } from "./klarna-bridge";
import type { WorkflowRecord } from "./records";
import { CheckoutComRepository } from "./repository";
import { workflowRequestSchema } from "./schemas";
import { CheckoutComService, type CheckoutComSettings } from "./service";
import { WebhookSender } from "./webhooks";

export const CHECKOUT_COM_BASE = "/checkout-com";

/** The sandbox secret key the simulator accepts (the SDK's NAS shape: sk_sbox_ + 27 base32 characters). */
export const DEFAULT_SECRET_KEY = "sk_sbox_trailheadsupplycosimulatork";
export const DEFAULT_PROCESSING_CHANNEL_ID = "pc_trailheadsupplycosimulator";
/** A key is remembered for 24 hours (Checkout.com's idempotency page). */
const IDEMPOTENCY_TTL_MS = 24 * HOUR;

// The simulator's own settings, read from its environment once (simulator/README.md).
const environment = z.object({
  SIMULATOR_CHECKOUT_COM_SECRET_KEY: z.string().min(1).default(DEFAULT_SECRET_KEY),
  SIMULATOR_CHECKOUT_COM_PROCESSING_CHANNEL_ID: z.string().min(1).default(DEFAULT_PROCESSING_CHANNEL_ID),
  SIMULATOR_CHECKOUT_COM_WEBHOOK_URL: z
    .url()
    .refine(isAcceptedWebhookUrl, "SIMULATOR_CHECKOUT_COM_WEBHOOK_URL must start with https:// or http://")
    .optional(),
  SIMULATOR_CHECKOUT_COM_WEBHOOK_SIGNATURE_KEY: z.string().min(1).optional(),
  SIMULATOR_CHECKOUT_COM_SETTLE_MS: z.coerce.number().int().min(0).default(2_000),
  SIMULATOR_CHECKOUT_COM_DECIDE_MS: z.coerce.number().int().min(0).default(2_000),
});

/** Mounts Checkout.com's API under /checkout-com and its test helpers under /_sim/checkout-com. */
/** Checkout.com under CHECKOUT_COM_BASE, its helpers under /_sim/checkout-com: one line in simulator/app.ts. */
export const checkoutCom: SimulatorProvider = { name: "checkout-com", mount: (app, core) => checkoutComRoutes(app, core) };

export function checkoutComRoutes(app: Hono, core: Core, env: Record<string, string | undefined> = process.env): ProviderHooks {
  const config = environment.parse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== "")));
  const settings: CheckoutComSettings = {
    secretKey: config.SIMULATOR_CHECKOUT_COM_SECRET_KEY,
    processingChannelId: config.SIMULATOR_CHECKOUT_COM_PROCESSING_CHANNEL_ID,
    settleDelayMs: config.SIMULATOR_CHECKOUT_COM_SETTLE_MS,
    decideDelayMs: config.SIMULATOR_CHECKOUT_COM_DECIDE_MS,
  };
  const configured: WorkflowRecord | undefined = config.SIMULATOR_CHECKOUT_COM_WEBHOOK_URL
    ? {
        id: "wf_dashboardconfiguredwebhook0",
        name: "Dashboard webhook (SIMULATOR_CHECKOUT_COM_WEBHOOK_URL)",
        active: true,
        events: [],
        actions: [
          {
            type: "webhook",
            url: config.SIMULATOR_CHECKOUT_COM_WEBHOOK_URL,
            signature: config.SIMULATOR_CHECKOUT_COM_WEBHOOK_SIGNATURE_KEY
              ? { method: "HMACSHA256", key: config.SIMULATOR_CHECKOUT_COM_WEBHOOK_SIGNATURE_KEY }
              : undefined,
          },
        ],
        created_at: 0,
      }
    : undefined;

  const repo = new CheckoutComRepository(core.repo.db);
  const faults = new CheckoutComFaults();
  const webhooks = new WebhookSender(core, repo, faults, configured);
  const service = new CheckoutComService({ core, repo, klarna: klarnaBridge(app, core), faults, webhooks, settings });


  const api = `${CHECKOUT_COM_BASE}/*`;
  app.use(api, bearerAuth(settings.secretKey), idempotency(core, repo), apiFaults(faults));
  const route = (handler: (c: Context) => Promise<Response> | Response) => async (c: Context) => {
    try {
      return await handler(c);
    } catch (error) {
      if (error instanceof CheckoutComError) return errorResponse(error);
      throw error;
    }
  };
  const json = (body: unknown, status = 200) =>
    Response.json(body, { status, headers: { "Cko-Request-Id": crypto.randomUUID(), "Cko-Version": "1.0.0" } });

  app.post(`${CHECKOUT_COM_BASE}/payment-contexts`, route(async (c) => json(await service.createContext(await body(c)), 201)));
  app.get(`${CHECKOUT_COM_BASE}/payment-contexts/:id`, route((c) => json(service.getContext(param(c)))));
  app.post(`${CHECKOUT_COM_BASE}/payments`, route(async (c) => {
    const answer = await service.requestPayment(await body(c));
    return json(answer.body, answer.status);
  }));
  app.get(`${CHECKOUT_COM_BASE}/payments/:id`, route((c) => json(service.getPayment(param(c)))));
  app.get(`${CHECKOUT_COM_BASE}/payments/:id/actions`, route((c) => json(service.actions(param(c)))));
  app.post(`${CHECKOUT_COM_BASE}/payments/:id/captures`, route(async (c) => json(service.capture(param(c), await body(c)), 202)));
  app.post(`${CHECKOUT_COM_BASE}/payments/:id/refunds`, route(async (c) => json(service.refund(param(c), await body(c)), 202)));
  app.post(`${CHECKOUT_COM_BASE}/payments/:id/voids`, route(async (c) => json(service.void(param(c), await body(c)), 202)));

  // Webhooks are registered the way the current platform does it: a workflow with a signed webhook action.
  app.post(`${CHECKOUT_COM_BASE}/workflows`, route(async (c) => {
    const parsed = workflowRequestSchema.safeParse(await body(c));
    if (!parsed.success) throw invalid(...parsed.error.issues.map((issue) => `${issue.path.join("_") || "body"}_invalid`));
    const workflow: WorkflowRecord = {
      id: newId("wf"),
      name: parsed.data.name,
      active: parsed.data.active ?? true,
      events: parsed.data.conditions.flatMap((condition) => (condition.type === "event" ? Object.values(condition.events).flat() : [])),
      conditions: parsed.data.conditions.map((condition) => ({ id: newId("wfc"), ...condition })),
      actions: parsed.data.actions.map((action) => ({ id: newId("wfa"), ...action })),
      created_at: core.clock.now(),
    };
    repo.insertWorkflow(workflow);
    return json({ id: workflow.id, _links: { self: { href: `${core.config.publicUrl}${CHECKOUT_COM_BASE}/workflows/${workflow.id}` } } }, 201);
  }));
  // {data: [{id, name, active, _links}]} (reference/checkout-com/checkout-com-nas-2023-07.payments-workflows.openapi.json,
  // get-all-workflows-response).
  app.get(`${CHECKOUT_COM_BASE}/workflows`, route(() =>
    json({
      data: webhooks.workflows().map((w) => ({
        id: w.id,
        name: w.name,
        active: w.active,
        _links: { self: { href: `${core.config.publicUrl}${CHECKOUT_COM_BASE}/workflows/${w.id}` } },
      })),
    }),
  ));
  app.get(`${CHECKOUT_COM_BASE}/workflows/events/subject/:id`, route((c) =>
    json({ data: repo.eventsOf(param(c)).map((e) => ({ id: e.id, type: e.type, timestamp: iso(e.created_at) })) }),
  ));
  app.get(`${CHECKOUT_COM_BASE}/workflows/events/:id`, route((c) => {
    const event = repo.getEvent(param(c));
    if (!event) throw notFound();
    const parsed = JSON.parse(event.body) as { data: unknown; version: string };
    return json({ id: event.id, source: "gateway", type: event.type, timestamp: iso(event.created_at), version: parsed.version, data: parsed.data });
  }));
  app.post(`${CHECKOUT_COM_BASE}/workflows/events/:id/reflow`, route((c) => {
    const event = repo.getEvent(param(c));
    if (!event) throw notFound();
    webhooks.reflow(event);
    return new Response(null, { status: 202 });
  }));
  // GET /workflows/{id}: id, name, active, conditions and actions, each with its id and link, and the workflow's link
  // (reference/checkout-com/checkout-com-nas-2023-07.payments-workflows.openapi.json, get-workflow-response example).
  app.get(`${CHECKOUT_COM_BASE}/workflows/:id`, route((c) => {
    const workflow = webhooks.workflows().find((w) => w.id === param(c));
    if (!workflow) throw notFound();
    const self = `${core.config.publicUrl}${CHECKOUT_COM_BASE}/workflows/${workflow.id}`;
    const conditions = workflow.conditions ?? (workflow.events.length > 0 ? [{ id: `wfc_${workflow.id.slice(3)}`, type: "event", events: { gateway: workflow.events } }] : []);
    return json({
      id: workflow.id,
      name: workflow.name,
      active: workflow.active,
      conditions: conditions.map((condition) => ({ ...condition, _links: { self: { href: `${self}/conditions/${condition.id}` } } })),
      actions: workflow.actions.map((action, index) => {
        const id = action.id ?? `wfa_${workflow.id.slice(3)}${index}`;
        return { ...action, id, _links: { self: { href: `${self}/actions/${id}` } } };
      }),
      _links: { self: { href: self } },
    });
  }));
  app.delete(`${CHECKOUT_COM_BASE}/workflows/:id`, route((c) => {
    if (!repo.deleteWorkflow(param(c))) throw notFound();
    return new Response(null, { status: 204 });
  }));
  app.all(api, () => new Response(null, { status: 404 }));

  // Test helpers (simulator/README.md, "Checkout.com").
  const sim = "/_sim/checkout-com";
  app.get(`${sim}/payments/:id`, route((c) => {
    const payment = service.payment(param(c));
    const events = repo.eventsOf(payment.id);
    return json({
      ...service.paymentView(payment),
      action_log: service.actions(payment.id),
      events: events.map((event) => ({ id: event.id, type: event.type, at: iso(event.created_at), deliveries: repo.deliveriesOf(event.id) })),
    });
  }));
  app.get(`${sim}/contexts/:id`, route((c) => {
    const context = repo.getContext(param(c));
    if (!context) throw notFound();
    return json({ ...context, created_at: iso(context.created_at) });
  }));
  /** Ages a context (the 48-hour rule) without waiting: moves its creation time back. */
  app.post(`${sim}/contexts/:id/age`, route(async (c) => {
    const context = repo.getContext(param(c));
    if (!context) throw notFound();
    const hours = z.object({ hours: z.number().positive().max(1000) }).parse(await body(c)).hours;
    repo.saveContext({ ...context, created_at: context.created_at - hours * HOUR });
    return json({ id: context.id, created_at: iso(context.created_at - hours * HOUR) });
  }));
  faultRoutes(app, `${sim}/faults`, faults, async (c) => {
    const parsed = checkoutComFaultSchema.safeParse(await body(c));
    return parsed.success ? parsed.data : c.json({ error: "invalid fault", issues: parsed.error.issues }, 400);
  });
  const hooks: ProviderHooks = {
    async runJob(job) {
      const payload = job.payload;
      if (payload.kind !== "extension") throw new Error(`Checkout.com runs no ${payload.kind} job`);
      if (payload.task === "deliver") return webhooks.deliver(job, payload.ref);
      const reason =
        payload.task === "settle"
          ? await service.settle(payload.ref)
          : payload.task === "decide"
            ? await service.decide(payload.ref)
            : service.expire(payload.ref);
      return { job_id: job.id, kind: job.kind, due_at: iso(job.due_at), attempt: job.attempt, order_id: payload.ref, session_id: null, outcome: "sent", reason };
    },
    sessionAuthorized: (sessionId, token) => service.sessionAuthorized(sessionId, token),
    dashboardSection: () => renderCheckoutComSection(core, repo, service, webhooks),
    reset: () => {
      repo.reset();
      faults.clear();
    },
  };
  return hooks;
}

/** The path's id (the routes are typed loosely, so Hono cannot prove it is there). */
const param = (c: Context) => c.req.param("id") ?? "";

async function body(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalid("request_body_malformed");
  }
}

/** Bearer secret key; anything else is Checkout.com's 401 with an empty body. */
function bearerAuth(secretKey: string): MiddlewareHandler {
  const expected = Buffer.from(`Bearer ${secretKey}`);
  return async (c, next) => {
    const given = Buffer.from(c.req.header("authorization") ?? "");
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    return new Response(null, { status: 401 });
  };
}

function apiFaults(faults: CheckoutComFaults): MiddlewareHandler {
  return async (_c, next) => {
    const taken = faults.takeTarget("api");
    for (const fault of taken) if (fault.mode === "slow" && fault.delay_ms) await sleep(fault.delay_ms);
    const failing = taken.find((fault) => fault.mode === "fail");
    if (failing) return errorResponse(new CheckoutComError(failing.status ?? 503, "service_unavailable"));
    return next();
  };
}

/**
 * `Cko-Idempotency-Key` on POSTs (reference/checkout-com/notes.md §8, Checkout.com's idempotency page): a repeat
 * within 24 h gets the first answer, status and body, without acting again, but only if that answer was a 2xx
 * (after a 4xx/5xx nothing is kept and the repeat is processed). The vendor replays the first answer whatever the
 * repeat's body, and documents no header marking a replay, so neither is invented here. While the first request is
 * still running a repeat is a 409 (notes.md §8 flags this as stated by research, not by a stored page).
 */
function idempotency(core: Core, repo: CheckoutComRepository): MiddlewareHandler {
  const running = new Set<string>();
  return async (c, next) => {
    const key = c.req.header("cko-idempotency-key");
    if (!key || c.req.method !== "POST") return next();
    const stored = repo.getAnswer(key);
    if (stored && core.clock.now() - stored.created_at < IDEMPOTENCY_TTL_MS) {
      return new Response(stored.body === "" ? null : stored.body, {
        status: stored.status,
        headers: { "Content-Type": "application/json" },
      });
    }
    if (running.has(key)) return errorResponse(new CheckoutComError(409, "request_in_progress", ["idempotency_key_in_use"]));
    running.add(key);
    try {
      await next();
    } finally {
      running.delete(key);
    }
    if (c.res.status < 200 || c.res.status >= 300) return;
    repo.putAnswer(key, { fingerprint: "", created_at: core.clock.now(), status: c.res.status, body: await c.res.clone().text() });
  };
}

/**
 * A webhook endpoint is an http:// or https:// URL: "The endpoint URL should be prefixed with either https:// or
 * http://" (Checkout.com's dashboard webhooks page, https://www.checkout.com/docs/business-operations/use-the-dashboard/developers/webhooks,
 * cited in reference/checkout-com/notes.md §10). Checkout.com documents plain HTTP as accepted, so the simulator
 * accepts it too (issue 21 item 5 assumed the opposite); any other scheme is refused.
 */
export function isAcceptedWebhookUrl(value: string): boolean {
  try {
    return ["https:", "http:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
