import { createHash, randomUUID } from "node:crypto";
import { MINUTE, expandUrl, type Core } from "./core";
import { notifySessionAuthorized } from "./hooks";
import { KlarnaError, badValue, notFound, parseBody } from "./klarna-error";
import { categoryFor, type CategoryId } from "./markets";
import { captureFullAmount, scheduleOrderCallbacks, sendFirstPushNow } from "./order-management";
import { checkOrder, mismatchedFields } from "./order-checks";
import { personaFor } from "./personas";
import type { AuthorizationRecord, OrderRecord, SessionRecord } from "./records";
import { createOrderSchema, customerTokenRequestSchema, type CreateOrderRequest } from "./schemas";
import { liveSession } from "./sessions";

/** An authorization token can be used to place an order for 60 minutes. */
const TOKEN_TTL_MS = 60 * MINUTE;
/** Order Management's default authorization period. */
const ORDER_AUTHORIZATION_MS = 28 * 24 * 60 * MINUTE;

export type AuthorizeOutcome =
  | { result: "approved"; authorization_token: string }
  | { result: "denied" }
  | { result: "redirect"; location: string }
  | { result: "validation_failed" };

/**
 * The shopper confirmed in the popup (or a test asked via the control API): decide like Klarna's risk engine would
 * for this persona, let the merchant validate the order, then issue a token and send the authorization callback.
 */
export async function authorizeSession(
  core: Core,
  sessionId: string,
  input: { email: string; category: CategoryId },
): Promise<AuthorizeOutcome> {
  const session = usableSession(core, sessionId);
  if (!categoryFor(session.data.purchase_country, input.category)) {
    throw badValue([`Bad value: payment_method_category (${input.category} is not offered for this purchase)`]);
  }
  const persona = personaFor(input.email, session.data.purchase_country);
  if (persona.kind === "denied") return { result: "denied" };

  session.data.billing_address = { ...session.data.billing_address, email: input.email };
  core.repo.saveSession(session);

  const validation = await validateWithMerchant(core, session);
  if (validation !== "approved") return validation;

  // The validation call awaited the merchant: read the session again so nothing written meanwhile is lost.
  const current = usableSession(core, sessionId);
  const now = core.clock.now();
  for (const previous of core.repo.sessionAuthorizations(sessionId)) {
    // A new authorization replaces the previous token (Klarna: "a new one has been created").
    if (previous.status === "active") core.repo.saveAuthorization({ ...previous, status: "replaced" });
  }
  const token = randomUUID();
  core.repo.insertAuthorization({
    token,
    session_id: sessionId,
    created_at: now,
    expires_at: now + TOKEN_TTL_MS,
    status: "active",
    category: input.category,
    email: input.email,
    persona,
    snapshot: current.data,
  });
  current.status = "complete";
  current.authorization_token = token;
  core.repo.saveSession(current);
  notifySessionAuthorized(core, sessionId, token);

  const callbackUrl = current.data.merchant_urls?.authorization;
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

/**
 * The validation callback (Klarna Checkout's rule, offered here for Payments too): 2xx approves, 303 with a
 * Location denies and sends the shopper there, no answer within 3 s approves unless the merchant required success,
 * in which case it waits 10 s and fails the purchase.
 */
async function validateWithMerchant(
  core: Core,
  session: SessionRecord,
): Promise<"approved" | { result: "redirect"; location: string } | { result: "validation_failed" }> {
  const { data } = session;
  const url = data.merchant_urls?.validation;
  if (!url) return "approved";
  const strict = data.options?.require_validate_callback_success === true || data.require_validate_callback_success === true;
  const outcome = await core.merchant.call({
    kind: "validation",
    url: expandUrl(url, { sessionId: session.session_id }),
    sessionId: session.session_id,
    attempt: 1,
    timeoutMs: strict ? core.config.timeouts.strictValidationMs : core.config.timeouts.validationMs,
    body: {
      session_id: session.session_id,
      purchase_country: data.purchase_country,
      purchase_currency: data.purchase_currency,
      locale: data.locale,
      order_amount: data.order_amount,
      order_tax_amount: data.order_tax_amount ?? 0,
      order_lines: data.order_lines,
      billing_address: data.billing_address,
      shipping_address: data.shipping_address,
      customer: data.customer,
      merchant_reference1: data.merchant_reference1,
      merchant_reference2: data.merchant_reference2,
      merchant_data: data.merchant_data,
      merchant_urls: data.merchant_urls,
    },
  });
  if (outcome.status === 303 && outcome.location) {
    return { result: "redirect", location: new URL(outcome.location, outcome.url).href };
  }
  const succeeded = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
  if (succeeded || !strict) return "approved";
  return { result: "validation_failed" };
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
  const authorization = core.repo.getAuthorization(token);
  const now = core.clock.now();
  if (!authorization || authorization.status === "cancelled" || authorization.status === "replaced") {
    throw notFound("Invalid authorization token");
  }
  if (authorization.status === "consumed") {
    // One token places at most one order; the same request again gets the same answer.
    const existing = authorization.order_id ? core.repo.getOrder(authorization.order_id) : undefined;
    if (existing && authorization.order_fingerprint === fingerprint) return placeOrderResponse(existing);
    throw new KlarnaError(409, "BAD_VALUE", ["The order has been already completed with different request body"]);
  }
  if (now >= authorization.expires_at) throw notFound("Invalid authorization token");

  const problems = checkOrder(placed);
  if (problems.length > 0) throw badValue(problems);
  const mismatched = mismatchedFields(authorization.snapshot, placed);
  if (mismatched.length > 0) throw new KlarnaError(409, "BAD_VALUE", [`Not matching fields: ${mismatched.join(", ")}`]);

  const session = core.repo.getSession(authorization.session_id);
  if (!session) throw notFound("Invalid authorization token");
  const order = newOrder(core, authorization, session, placed, now);
  const inserted = core.repo.db.transaction(() => {
    if (!core.repo.insertOrder(order)) return false;
    core.repo.saveAuthorization({ ...authorization, status: "consumed", order_id: order.order_id, order_fingerprint: fingerprint });
    core.repo.saveSession({ ...session, order_id: order.order_id });
    scheduleOrderCallbacks(core, order, authorization);
    return true;
  })();
  if (!inserted) throw new KlarnaError(404, "SESSION_COMPLETED", ["Session has already been completed"]);
  // Klarna captures automatically only what it has accepted; a pending order waits for its fraud decision.
  if (placed.auto_capture && order.fraud_status === "ACCEPTED") captureFullAmount(core, order.order_id);
  await sendFirstPushNow(core, order);
  return placeOrderResponse(order);
}

function newOrder(
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
    expires_at: now + ORDER_AUTHORIZATION_MS,
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
    fraud_status: authorization.persona.kind === "pending" ? "PENDING" : "ACCEPTED",
    authorized_payment_method: category?.authorizedPaymentMethod ?? { type: "invoice" },
    initial_payment_method: {
      type: category?.omType ?? "INVOICE",
      number_of_installments: category?.installments,
    },
    cancelled: false,
    released: false,
    acknowledged_at: null,
    captures: [],
    refunds: [],
    shipping_info: [],
  };
}

function placeOrderResponse(order: OrderRecord) {
  const confirmation = order.merchant_urls.confirmation;
  return {
    order_id: order.order_id,
    redirect_url: confirmation
      ? expandUrl(confirmation, { orderId: order.order_id, sessionId: order.session_id })
      : undefined,
    fraud_status: order.fraud_status,
    authorized_payment_method: order.authorized_payment_method,
  };
}

/** DELETE /payments/v1/authorizations/{token} */
export function cancelAuthorization(core: Core, token: string): void {
  const authorization = core.repo.getAuthorization(token);
  if (!authorization || authorization.status !== "active" || core.clock.now() >= authorization.expires_at) {
    throw notFound("Invalid authorization token");
  }
  core.repo.saveAuthorization({ ...authorization, status: "cancelled" });
}

/** POST /payments/v1/authorizations/{token}/customer-token */
export function createCustomerToken(core: Core, token: string, body: unknown) {
  const request = parseBody(customerTokenRequestSchema, body);
  const authorization = core.repo.getAuthorization(token);
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
  return {
    token_id: randomUUID(),
    payment_method_reference: randomUUID(),
    billing_address: request.billing_address ?? authorization.snapshot.billing_address,
    customer: customer && { date_of_birth: customer.date_of_birth, gender: customer.gender },
  };
}

function klarnaReference(): string {
  return randomUUID().replaceAll("-", "").slice(0, 8).toUpperCase();
}
