import { randomUUID } from "node:crypto";
import { signClientToken } from "../client-token";
import { HOUR, iso, type Core } from "../core";
import { KlarnaError, badValue, notFound, parseBody } from "../klarna-error";
import { categoriesFor, marketFor } from "../markets";
import { checkOrder } from "../order-checks";
import type { SessionRecord } from "../records";
import { sessionCreateSchema, sessionUpdateSchema, type SessionCreate } from "../schemas";

/** Klarna Payments sessions live 48 hours. */
const SESSION_TTL_MS = 48 * HOUR;

export const BADGE_PATH = "/payment-method/assets/badges/generic/klarna.svg";

export function createSession(core: Core, body: unknown) {
  const data = normalise(parseBody(sessionCreateSchema, body));
  const problems = checkOrder(data);
  if (problems.length > 0) throw badValue(problems);
  const market = marketFor(data.purchase_country);
  const now = core.clock.now();
  const sessionId = randomUUID();
  const { publicUrl } = core.config;
  const clientToken = signClientToken(
    {
      session_id: sessionId,
      base_url: publicUrl,
      design: data.design ?? "klarna",
      language: data.locale.slice(0, 2).toLowerCase(),
      purchase_country: data.purchase_country,
      environment: "playground",
      merchant_name: core.config.merchantName,
      session_type: "PAYMENTS",
      client_event_base_url: publicUrl,
      scheme: true,
      experiments: [],
      region: market?.region ?? "eu",
      order_amount: data.order_amount,
      offering_opts: 2,
      oo: "d2",
      version: "klarna-simulator-1",
    },
    core.secret,
  );
  core.klarna.insertSession({
    session_id: sessionId,
    created_at: now,
    expires_at: now + SESSION_TTL_MS,
    client_token: clientToken,
    status: "incomplete",
    data,
  });
  return {
    session_id: sessionId,
    client_token: clientToken,
    payment_method_categories: paymentMethodCategories(core, data.purchase_country),
  };
}

/** A session that exists and has not expired, or Klarna's 404 for an invalid session id. */
export function liveSession(core: Core, sessionId: string): SessionRecord {
  const session = core.klarna.getSession(sessionId);
  if (!session || core.clock.now() >= session.expires_at) throw notFound("Invalid session id");
  return session;
}

/** The session as the Payments API returns it (session_read in the spec). */
export function sessionView(core: Core, session: SessionRecord) {
  const { data } = session;
  const customer = data.customer && {
    date_of_birth: data.customer.date_of_birth,
    gender: data.customer.gender,
    organization_entity_type: data.customer.organization_entity_type,
    organization_registration_id: data.customer.organization_registration_id,
    title: data.customer.title,
    type: data.customer.type,
    vat_id: data.customer.vat_id,
  };
  return {
    acquiring_channel: data.acquiring_channel ?? "ECOMMERCE",
    attachment: data.attachment,
    authorization_token: session.authorization_token,
    billing_address: data.billing_address,
    client_token: session.client_token,
    custom_payment_method_ids: data.custom_payment_method_ids,
    customer,
    design: data.design,
    expires_at: iso(session.expires_at),
    intent: data.intent ?? "buy",
    locale: data.locale,
    merchant_data: data.merchant_data,
    merchant_reference1: data.merchant_reference1,
    merchant_reference2: data.merchant_reference2,
    merchant_urls: data.merchant_urls,
    options: data.options,
    order_amount: data.order_amount,
    order_lines: data.order_lines,
    order_tax_amount: data.order_tax_amount ?? 0,
    payment_method_categories: paymentMethodCategories(core, data.purchase_country),
    purchase_country: data.purchase_country,
    purchase_currency: data.purchase_currency,
    shipping_address: data.shipping_address,
    status: session.status,
  };
}

/** Applies an update (REST update, or the data passed to the SDK's load/authorize) after Klarna's checks. */
export function updateSession(core: Core, sessionId: string, body: unknown): SessionRecord {
  const session = liveSession(core, sessionId);
  if (session.order_id) throw new KlarnaError(404, "SESSION_COMPLETED", ["Session has already been completed"]);
  const update = parseBody(sessionUpdateSchema, body);
  const data = normalise({ ...session.data, ...update });
  const problems = checkOrder(data);
  if (problems.length > 0) throw badValue(problems);
  session.data = data;
  core.klarna.saveSession(session);
  return session;
}

export function paymentMethodCategories(core: Core, country: string) {
  const badge = `${core.config.publicUrl}${BADGE_PATH}`;
  return categoriesFor(country).map((category) => ({
    asset_urls: { descriptive: badge, standard: badge },
    identifier: category.identifier,
    name: category.name,
  }));
}

function normalise(data: SessionCreate): SessionRecord["data"] {
  const country = data.purchase_country.toUpperCase();
  return {
    ...data,
    purchase_country: country,
    purchase_currency: data.purchase_currency.toUpperCase(),
    locale: data.locale ?? marketFor(country)?.locale ?? "en-US",
  };
}
