import type { Hono } from "hono";
import { z } from "zod";
import type { Core } from "../core";
import { KlarnaError } from "../klarna-error";
import { categoriesFor, type CategoryId } from "../markets";
import { addressSchema } from "../schemas";
import { isValidEmail, personaFor } from "../personas";
import { authorizeSession, usableSession } from "./authorizations";
import { authenticate, invalidToken, widgetData } from "./sdk-routes";
import { paymentMethodCategories, updateSession } from "./sessions";

// Klarna Express Checkout in the SDK stand-in: Klarna.Payments.Buttons (sdk/api.js) calls these endpoints, which
// are the simulator's own design (Klarna's SDK talks to its internal services). What they answer follows
// reference/klarna/express-checkout-notes.md: one-step (auto_finalize true, the default) answers the authorization
// token and the collected shipping address; multistep (auto_finalize false) answers finalize_required with the
// client_token and keeps the authorization open until Klarna.Payments.finalize(), which issues the token.

// The address the popup collects, answered as `collected_shipping_address`: Klarna's address object
// (reference/klarna/express-checkout-notes.md, one-step result; simulator/schemas.ts), the fields the popup asks for.
const address = addressSchema
  .pick({ given_name: true, family_name: true, email: true, phone: true, street_address: true, postal_code: true, city: true, region: true, country: true })
  .strict();

const startRequest = z.object({ data: z.record(z.string(), z.unknown()).nullish() });
const confirmRequest = z.object({
  email: z.string(),
  otp: z.string(),
  auto_finalize: z.boolean().optional(),
  collect_shipping_address: z.boolean().optional(),
  shipping_address: address.optional(),
});
const finalizeRequest = z.object({ data: z.record(z.string(), z.unknown()).nullish() });

/** Multistep: the shopper approved in the popup; the token is issued at finalize (express-checkout-notes.md, step 4). */
interface PendingExpress {
  email: string;
  category: CategoryId;
  collected?: z.infer<typeof address>;
}

const WRONG_CODE = "999999";

// Klarna's playground sample customers (approved persona) per country, as the addresses Klarna's popup offers to
// collect; the shopper may change them there. Same data as lib/checkout/test-shoppers.ts.
const SAMPLE_ADDRESSES: Record<string, z.infer<typeof address>> = {
  SE: { given_name: "Testperson-se", family_name: "Approved", street_address: "Stårgatan 1", postal_code: "12345", city: "Ankeborg", phone: "+46701740615", country: "SE" },
  DE: { given_name: "Testperson-de", family_name: "Approved", street_address: "Hellersbergstraße 14", postal_code: "41460", city: "Neuss", phone: "+491711234567", country: "DE" },
  GB: { given_name: "Test", family_name: "Person-uk", street_address: "New Burlington St 10, Apt 214", postal_code: "W1S 3BE", city: "London", phone: "+447755564318", country: "GB" },
  US: { given_name: "Test", family_name: "Person-us", street_address: "509 Amsterdam Ave", postal_code: "10024", city: "New York", region: "NY", phone: "+13106683312", country: "US" },
};

export function expressRoutes(app: Hono, core: Core): void {
  const pending = new Map<string, PendingExpress>();

  /** authorize() from the button: applies an order payload if the page passed one, then opens the popup. */
  app.post("/kp/sdk/express/authorize", async (c) => {
    const sessionId = authenticate(c, core);
    if (!sessionId) return invalidToken(c);
    const request = startRequest.safeParse(await c.req.json().catch(() => ({})));
    if (!request.success) return c.json({ ready: false, result: { approved: false, show_form: false } });
    try {
      let session = usableSession(core, sessionId);
      if (request.data.data && Object.keys(request.data.data).length > 0) session = updateSession(core, sessionId, request.data.data);
      const category = categoriesFor(session.data.purchase_country)[0];
      if (!category) return c.json({ ready: false, result: { approved: false, show_form: false } });
      const country = session.data.purchase_country;
      return c.json({
        ready: true,
        popup: { ...widgetData(core, session, category), email: session.data.billing_address?.email ?? "" },
        address: { ...(SAMPLE_ADDRESSES[country] ?? { country }), ...session.data.shipping_address },
      });
    } catch (error) {
      if (!(error instanceof KlarnaError)) throw error;
      return c.json({ ready: false, result: { approved: false, show_form: false } });
    }
  });

  /** The shopper confirmed in the popup: the persona decides (sample-customer-data), as for Klarna.Payments.authorize. */
  app.post("/kp/sdk/express/confirm", async (c) => {
    const sessionId = authenticate(c, core);
    if (!sessionId) return invalidToken(c);
    const request = confirmRequest.safeParse(await c.req.json().catch(() => ({})));
    if (!request.success) return c.json({ result: "error", message: "Something went wrong. Please try again." });
    const { otp, email, auto_finalize = true, collect_shipping_address = false } = request.data;
    if (!/^\d{6}$/.test(otp) || otp === WRONG_CODE) return c.json({ result: "wrong_code" });
    if (!isValidEmail(email)) return c.json({ result: "invalid_email" });
    try {
      const session = usableSession(core, sessionId);
      const country = session.data.purchase_country;
      const category = categoriesFor(country)[0];
      if (!category) return c.json({ result: "error", message: "Klarna is not offered for this purchase." });
      if (personaFor(email, country).kind === "denied") return c.json({ result: "denied" });
      const collected = collect_shipping_address
        ? { ...request.data.shipping_address, email, country: (request.data.shipping_address?.country ?? country).toUpperCase() }
        : undefined;
      if (collected) {
        session.data.shipping_address = { ...session.data.shipping_address, ...collected };
        core.klarna.saveSession(session);
      }
      const common = { session_id: sessionId, ...(collected ? { collected_shipping_address: collected } : {}) };
      if (!auto_finalize) {
        pending.set(sessionId, { email, category: category.identifier, collected });
        return c.json({
          result: "finalize_required",
          ...common,
          client_token: session.client_token,
          payment_method_categories: paymentMethodCategories(core, country),
        });
      }
      const outcome = authorizeSession(core, sessionId, { email, category: category.identifier });
      if (outcome.result === "denied") return c.json({ result: "denied" });
      return c.json({ result: "approved", ...common, authorization_token: outcome.authorization_token });
    } catch (error) {
      if (error instanceof KlarnaError) return c.json({ result: "error", message: "This Klarna session is no longer available." });
      throw error;
    }
  });

  /**
   * Klarna.Payments.finalize() after a multistep Express authorization: applies the order payload the page submits
   * (changed amount, shipping address) and issues the token. Answers `handled: false` when the session has no open
   * Express authorization, so the stand-in uses the ordinary finalize.
   */
  app.post("/kp/sdk/express/finalize", async (c) => {
    const sessionId = authenticate(c, core);
    if (!sessionId) return invalidToken(c);
    const open = pending.get(sessionId);
    if (!open) return c.json({ handled: false });
    const request = finalizeRequest.safeParse(await c.req.json().catch(() => ({})));
    try {
      const data = request.success ? request.data.data : undefined;
      if (data && Object.keys(data).length > 0) updateSession(core, sessionId, data);
      const outcome = authorizeSession(core, sessionId, { email: open.email, category: open.category });
      pending.delete(sessionId);
      if (outcome.result === "denied") return c.json({ handled: true, result: { approved: false, show_form: false } });
      return c.json({
        handled: true,
        result: {
          show_form: true,
          approved: true,
          finalize_required: false,
          authorization_token: outcome.authorization_token,
          session_id: sessionId,
          ...(open.collected ? { collected_shipping_address: open.collected } : {}),
        },
      });
    } catch (error) {
      if (!(error instanceof KlarnaError)) throw error;
      const fields = error.messages.map((message) => /^Bad value: ([^\s(]+)/.exec(message)?.[1] ?? "").filter(Boolean);
      return c.json({ handled: true, result: { approved: false, show_form: true, error: { invalid_fields: fields } } });
    }
  });
}
