import { createHash, randomUUID } from "node:crypto";
import { MINUTE, expandUrl, type Core } from "../core";
import { notifySessionAuthorized } from "../kernel/providers";
import { KlarnaError, badValue, notFound, parseBody } from "../klarna-error";
import { categoryFor, type CategoryId } from "../markets";
import {
  AUTHORIZATION_PERIOD_MS,
  captureFullAmount,
  freshOrderState,
  klarnaReference,
  scheduleOrderCallbacks,
  sendFirstPushNow,
} from "../order-management/order-management";
import { checkOrder, mismatchedFields } from "../order-checks";
import { personaFor } from "../personas";
import type { AuthorizationRecord, OrderRecord, SessionRecord } from "../records";
import { createOrderSchema, customerTokenRequestSchema, type CreateOrderRequest } from "../schemas";
import { recordCustomerToken } from "../customer-token/token-records";
import { liveSession } from "./sessions";

/** An authorization token can be used to place an order for 60 minutes. */
const TOKEN_TTL_MS = 60 * MINUTE;
export const REDIRECT_PATH = "/payments/redirect";

export type AuthorizeOutcome = { result: "approved"; authorization_token: string } | { result: "denied" };

/**
 * The shopper confirmed in the popup (or a test asked via the control API): decide like Klarna's risk engine would
 * for this persona, then issue a token and send the authorization callback. Klarna Payments has no validation
 * callback (payments-v1 merchant_urls: confirmation, notification, push, authorization); the merchant's own checks
 * run before it places the order.
 */
export function authorizeSession(
  core: Core,
  sessionId: string,
  input: { email: string; category: CategoryId },
): AuthorizeOutcome {
  const session = usableSession(core, sessionId);
  if (!categoryFor(session.data.purchase_country, input.category)) {
    throw badValue([`Bad value: payment_method_category (${input.category} is not offered for this purchase)`]);
  }
  const persona = personaFor(input.email, session.data.purchase_country);
  if (persona.kind === "denied") return { result: "denied" };

  session.data.billing_address = { ...session.data.billing_address, email: input.email };
  const now = core.clock.now();
  for (const previous of core.klarna.sessionAuthorizations(sessionId)) {
    // A new authorization replaces the previous token (Klarna: "a new one has been created").
    if (previous.status === "active") core.klarna.saveAuthorization({ ...previous, status: "replaced" });
  }
  const token = randomUUID();
  core.klarna.insertAuthorization({
    token,
    session_id: sessionId,
    created_at: now,
    expires_at: now + TOKEN_TTL_MS,
    status: "active",
    category: input.category,
    email: input.email,
    persona,
    snapshot: session.data,
  });
  session.status = "complete";
  session.authorization_token = token;
  core.klarna.saveSession(session);
  notifySessionAuthorized(core, sessionId, token);

  const callbackUrl = session.data.merchant_urls?.authorization;
  if (callbackUrl) {
    core.scheduler.schedule(
      now,
      { kind: "authorization_callback", url: expandUrl(callbackUrl, { sessionId }), authorization_token: token },
      { sessionId },
    );
    core.scheduler.kick();
  }
  return { result: "approved", authorization_token: token };
}

/** A live session that has no order yet; Klarna answers SESSION_COMPLETED once an order exists. */
export function usableSession(core: Core, sessionId: string): SessionRecord {
  const session = liveSession(core, sessionId);
  if (session.order_id) throw new KlarnaError(404, "SESSION_COMPLETED", ["Session has already been completed"]);
  return session;
}

/** POST /payments/v1/authorizations/{token}/order */
export async function createOrder(core: Core, token: string, body: unknown) {
  const request = parseBody(createOrderSchema, body);
  const placed = {
    ...request,
    purchase_country: request.purchase_country.toUpperCase(),
    purchase_currency: request.purchase_currency.toUpperCase(),
  };
  const fingerprint = createHash("sha256").update(JSON.stringify(placed)).digest("hex");
  const authorization = core.klarna.getAuthorization(token);
  const now = core.clock.now();
  if (!authorization || authorization.status === "cancelled" || authorization.status === "replaced") {
    throw notFound("Invalid authorization token");
  }
  if (authorization.status === "consumed") {
    // One token places at most one order; the same request again gets the same answer.
    const existing = authorization.order_id ? core.klarna.getOrder(authorization.order_id) : undefined;
    if (existing && authorization.order_fingerprint === fingerprint) return placeOrderResponse(core, existing);
    throw new KlarnaError(409, "BAD_VALUE", ["The order has been already completed with different request body"]);
  }
  if (now >= authorization.expires_at) throw notFound("Invalid authorization token");

  const problems = checkOrder(placed);
  if (problems.length > 0) throw badValue(problems);
  const mismatched = mismatchedFields(authorization.snapshot, placed);
  if (mismatched.length > 0) throw new KlarnaError(409, "BAD_VALUE", [`Not matching fields: ${mismatched.join(", ")}`]);

  const session = core.klarna.getSession(authorization.session_id);
  if (!session) throw notFound("Invalid authorization token");
  const order = newOrder(core, authorization, session, placed, now);
  const inserted = core.repo.db.transaction(() => {
    if (!core.klarna.insertOrder(order)) return false;
    core.klarna.saveAuthorization({ ...authorization, status: "consumed", order_id: order.order_id, order_fingerprint: fingerprint });
    core.klarna.saveSession({ ...session, order_id: order.order_id });
    scheduleOrderCallbacks(core, order, authorization.persona);
    return true;
  })();
  if (!inserted) throw new KlarnaError(404, "SESSION_COMPLETED", ["Session has already been completed"]);
  // Klarna captures automatically only what it has accepted; a pending order waits for its fraud decision.
  if (placed.auto_capture && order.fraud_status === "ACCEPTED") captureFullAmount(core, order.order_id);
  await sendFirstPushNow(core, order);
  return placeOrderResponse(core, order);
}

export function newOrder(
  core: Core,
  authorization: AuthorizationRecord,
  session: SessionRecord,
  placed: CreateOrderRequest,
  now: number,
): OrderRecord {
  const category = categoryFor(placed.purchase_country, authorization.category);
  const approved = authorization.snapshot;
  const billing = { ...approved.billing_address, ...placed.billing_address };
  if (!billing.email) billing.email = authorization.email;
  return {
    order_id: randomUUID(),
    session_id: session.session_id,
    authorization_token: authorization.token,
    klarna_reference: klarnaReference(),
    created_at: now,
    expires_at: now + AUTHORIZATION_PERIOD_MS,
    purchase_country: placed.purchase_country,
    purchase_currency: placed.purchase_currency,
    locale: placed.locale ?? approved.locale,
    order_amount: placed.order_amount,
    original_order_amount: placed.order_amount,
    order_tax_amount: placed.order_tax_amount ?? 0,
    order_lines: placed.order_lines,
    billing_address: billing,
    shipping_address: placed.shipping_address ?? approved.shipping_address ?? billing,
    customer: placed.customer ?? approved.customer,
    merchant_reference1: placed.merchant_reference1 ?? approved.merchant_reference1,
    merchant_reference2: placed.merchant_reference2 ?? approved.merchant_reference2,
    merchant_data: placed.merchant_data ?? approved.merchant_data,
    // Push, notification and confirmation URLs come with the order; the session's fill the gaps.
    merchant_urls: { ...approved.merchant_urls, ...placed.merchant_urls },
    ...freshOrderState(authorization.persona, category),
  };
}

/** Where a customer token's redirect_url leads: the session's confirmation URL, its ids filled in. */
export function sessionConfirmationUrl(core: Core, sessionId: string): string | undefined {
  const session = core.klarna.getSession(sessionId);
  const confirmation = session?.data.merchant_urls?.confirmation;
  return confirmation && session ? expandUrl(confirmation, { sessionId, orderId: session.order_id }) : undefined;
}

/** Where Klarna's redirect_url of a placed order leads: the merchant's confirmation URL, ids filled in. */
export function confirmationUrl(core: Core, orderId: string): string | undefined {
  const order = core.klarna.getOrder(orderId);
  const confirmation = order && (order.api ?? "klarna") === "klarna" ? order.merchant_urls.confirmation : undefined;
  return confirmation && order ? expandUrl(confirmation, { orderId: order.order_id, sessionId: order.session_id }) : undefined;
}

// redirect_url is a Klarna URL that sends the shopper on to the confirmation URL (payments-v1 order.redirect_url:
// "URL to redirect the customer to after placing the order"), served by payments-routes.ts.
function placeOrderResponse(core: Core, order: OrderRecord) {
  return {
    order_id: order.order_id,
    redirect_url: order.merchant_urls.confirmation ? `${core.config.publicUrl}${REDIRECT_PATH}/${order.order_id}` : undefined,
    fraud_status: order.fraud_status,
    authorized_payment_method: order.authorized_payment_method,
  };
}

/** DELETE /payments/v1/authorizations/{token} */
export function cancelAuthorization(core: Core, token: string): void {
  const authorization = core.klarna.getAuthorization(token);
  if (!authorization || authorization.status !== "active" || core.clock.now() >= authorization.expires_at) {
    throw notFound("Invalid authorization token");
  }
  core.klarna.saveAuthorization({ ...authorization, status: "cancelled" });
}

/** POST /payments/v1/authorizations/{token}/customer-token */
export function createCustomerToken(core: Core, token: string, body: unknown) {
  const request = parseBody(customerTokenRequestSchema, body);
  const authorization = core.klarna.getAuthorization(token);
  if (
    !authorization ||
    authorization.status === "cancelled" ||
    authorization.status === "replaced" ||
    core.clock.now() >= authorization.expires_at
  ) {
    throw notFound("Invalid authorization token");
  }
  const intent = authorization.snapshot.intent ?? "buy";
  if (intent === "buy") {
    throw new KlarnaError(403, "INVALID_OPERATION", ["Not allowed to create customer token for intent buy"]);
  }
  if (request.purchase_country.toUpperCase() !== authorization.snapshot.purchase_country) {
    throw new KlarnaError(409, "BAD_VALUE", ["Not matching fields: purchase_country"]);
  }
  const customer = request.customer ?? authorization.snapshot.customer;
  // payments-v1 customer_token_creation_response.redirect_url ("URL to redirect the customer to after placing the
  // order"): like an order's, a Klarna URL that sends the shopper on to the session's confirmation URL.
  const confirmation = authorization.snapshot.merchant_urls?.confirmation;
  const tokenId = randomUUID();
  // Kept so the customer-token API (simulator/customer-token/) can read and charge it later.
  recordCustomerToken(core, tokenId, authorization, request);
  return {
    token_id: tokenId,
    redirect_url: confirmation ? `${core.config.publicUrl}${REDIRECT_PATH}/sessions/${authorization.session_id}` : undefined,
    payment_method_reference: randomUUID(),
    billing_address: request.billing_address ?? authorization.snapshot.billing_address,
    customer: customer && { date_of_birth: customer.date_of_birth, gender: customer.gender },
  };
}
