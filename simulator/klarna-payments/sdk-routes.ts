import type { Context, Hono } from "hono";
import { cors } from "hono/cors";
import { z } from "zod";
import { authorizeSession, usableSession } from "./authorizations";
import { verifyClientToken } from "../client-token";
import type { Core } from "../core";
import { KlarnaError } from "../klarna-error";
import { categoryFor, type CategoryInfo } from "../markets";
import { isValidEmail } from "../personas";
import type { SessionRecord } from "../records";
import { BADGE_PATH, updateSession } from "./sessions";
import { readJson } from "../routes/http";

// The browser SDK stand-in (sdk/api.js) talks to these endpoints, authenticated by the signed client token.
// They are the simulator's own design: Klarna's real SDK talks to Klarna's internal services.

const loadRequest = z.object({ payment_method_category: z.string(), data: z.record(z.string(), z.unknown()).optional() });
const confirmRequest = z.object({ payment_method_category: z.string(), email: z.string(), otp: z.string() });

type Failure = { approved: false; show_form: boolean; error?: { message?: string; invalid_fields?: string[] } };

/** The one-time code that the playground always rejects (sample-customer-data). */
const WRONG_CODE = "999999";

export function sdkRoutes(app: Hono, core: Core): void {
  app.use("/kp/sdk/*", cors({ origin: "*", allowMethods: ["POST", "OPTIONS"], allowHeaders: ["Authorization", "Content-Type"] }));

  app.post("/kp/sdk/load", async (c) => {
    const sessionId = authenticate(c, core);
    if (!sessionId) return invalidToken(c);
    const request = loadRequest.safeParse(await readJson(c));
    if (!request.success) return c.json({ show_form: false, error: { message: "payment_method_category is required" } });
    const prepared = prepare(core, sessionId, request.data.payment_method_category, request.data.data);
    if ("failure" in prepared) return c.json({ show_form: false, error: prepared.failure.error });
    return c.json({ show_form: true, widget: widgetData(core, prepared.session, prepared.category) });
  });

  app.post("/kp/sdk/authorize", async (c) => {
    const sessionId = authenticate(c, core);
    if (!sessionId) return invalidToken(c);
    const request = loadRequest.safeParse(await readJson(c));
    if (!request.success) return c.json({ ready: false, result: { approved: false, show_form: false } });
    const prepared = prepare(core, sessionId, request.data.payment_method_category, request.data.data);
    if ("failure" in prepared) return c.json({ ready: false, result: prepared.failure });
    const email = prepared.session.data.billing_address?.email;
    if (!isValidEmail(email)) {
      const failure: Failure = { approved: false, show_form: true, error: { invalid_fields: ["billing_address.email"] } };
      return c.json({ ready: false, result: failure });
    }
    return c.json({ ready: true, popup: { ...widgetData(core, prepared.session, prepared.category), email } });
  });

  app.post("/kp/sdk/authorize/confirm", async (c) => {
    const sessionId = authenticate(c, core);
    if (!sessionId) return invalidToken(c);
    const request = confirmRequest.safeParse(await readJson(c));
    if (!request.success) return c.json({ result: "error", message: "Something went wrong. Please try again." });
    const { otp, email, payment_method_category } = request.data;
    if (!/^\d{6}$/.test(otp) || otp === WRONG_CODE) return c.json({ result: "wrong_code" });
    if (!isValidEmail(email)) return c.json({ result: "invalid_email" });
    const category = categoryFor(usableSessionOrUndefined(core, sessionId)?.data.purchase_country ?? "", payment_method_category);
    if (!category) return c.json({ result: "error", message: "This Klarna session is no longer available." });
    try {
      return c.json(authorizeSession(core, sessionId, { email, category: category.identifier }));
    } catch (error) {
      if (error instanceof KlarnaError) return c.json({ result: "error", message: "This Klarna session is no longer available." });
      throw error;
    }
  });

  app.post("/kp/sdk/finalize", (c) => {
    const sessionId = authenticate(c, core);
    if (!sessionId) return invalidToken(c);
    const session = usableSessionOrUndefined(core, sessionId);
    const token = session?.authorization_token;
    const authorization = token ? core.klarna.getAuthorization(token) : undefined;
    if (authorization?.status === "active" && core.clock.now() < authorization.expires_at) {
      return c.json({ approved: true, show_form: true, authorization_token: authorization.token });
    }
    return c.json({ approved: false, show_form: false });
  });
}

export function authenticate(c: Context, core: Core): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
  return match?.[1] ? verifyClientToken(match[1], core.secret) : undefined;
}

export function invalidToken(c: Context): Response {
  return c.json({ error: "invalid_client_token", message: "The client token is not one this simulator issued" }, 401);
}

function usableSessionOrUndefined(core: Core, sessionId: string): SessionRecord | undefined {
  try {
    return usableSession(core, sessionId);
  } catch {
    return undefined;
  }
}

/** Checks the session and category, and applies the data the page passed to load() or authorize(). */
function prepare(
  core: Core,
  sessionId: string,
  categoryId: string,
  data: Record<string, unknown> | undefined,
): { session: SessionRecord; category: CategoryInfo } | { failure: Failure } {
  let session = usableSessionOrUndefined(core, sessionId);
  if (!session) {
    return { failure: { approved: false, show_form: false, error: { message: "This Klarna session has expired or is already completed" } } };
  }
  const category = categoryFor(session.data.purchase_country, categoryId);
  if (!category) {
    return {
      failure: { approved: false, show_form: false, error: { message: `${categoryId} is not offered for this purchase` } },
    };
  }
  if (data && Object.keys(data).length > 0) {
    try {
      session = updateSession(core, sessionId, data);
    } catch (error) {
      if (!(error instanceof KlarnaError)) throw error;
      const fields = error.messages.map((message) => /^Bad value: ([^\s(]+)/.exec(message)?.[1] ?? "").filter(Boolean);
      return { failure: { approved: false, show_form: true, error: { invalid_fields: fields } } };
    }
  }
  return { session, category };
}

export function widgetData(core: Core, session: SessionRecord, category: CategoryInfo) {
  return {
    identifier: category.identifier,
    name: category.name,
    description: category.description,
    installments: category.installments,
    badge_url: `${core.config.publicUrl}${BADGE_PATH}`,
    merchant_name: core.config.merchantName,
    order_amount: session.data.order_amount,
    purchase_currency: session.data.purchase_currency,
    purchase_country: session.data.purchase_country,
    locale: session.data.locale,
  };
}
