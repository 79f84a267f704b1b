import { randomBytes, randomUUID } from "node:crypto";
import type { z } from "zod";
import { HOUR, MINUTE } from "../core";
import { krn, type KnContext } from "./context";
import { KnError, knInput, knNotAllowed, knNotFound } from "./errors";
import { isValidEmail, knPersonaFor, profileFor } from "./personas";
import { tokenUsed, type PaymentRequestRecord, type PaymentRequestState, type RequestFlow, type StateReason } from "./records";
import type { createConfirmationRequestSchema, createPaymentRequestSchema } from "./schemas";
import { requestView } from "./views";
import { emit } from "./webhooks";

/**
 * A payment request lives 3 hours (current docs; older pages say 48 h, notes.md §4). The confirmation token and the
 * session token live 60 minutes (notes.md §10).
 */
export const REQUEST_LIFETIME_MS = 3 * HOUR;
export const TOKEN_LIFETIME_MS = 60 * MINUTE;

type CreateBody = z.infer<typeof createPaymentRequestSchema>;

export interface NewRequest {
  accountId: string | null;
  flow: RequestFlow;
  body: Omit<CreateBody, "payment_option_id">;
  authorize?: PaymentRequestRecord["authorize"];
  steppedUp?: boolean;
}

/** The line items, when given, add up to the amount (notes.md §3: "amount = sum of line items if given"). */
export function checkLineSum(amount: number, lines: { total_amount: number }[] | undefined, field: string): void {
  if (!lines || lines.length === 0) return;
  const sum = lines.reduce((total, line) => total + line.total_amount, 0);
  if (sum !== amount) {
    throw knInput(`${field} must equal the sum of the line items' total_amount`, [
      { parameter: field, error_message: `expected ${sum} (the sum of the line items), got ${amount}` },
    ]);
  }
}

/**
 * The confirmation-token revision's fields in the record's terms: payment_amount is the amount, payment_reference the
 * reference, merchant_reference the purchase reference, config.redirect_url where the shopper goes back to.
 */
export function fromConfirmationBody(body: z.infer<typeof createConfirmationRequestSchema>): NewRequest["body"] {
  return {
    currency: body.currency,
    amount: body.payment_amount,
    payment_request_reference: body.payment_reference,
    supplementary_purchase_data:
      body.merchant_reference || body.line_items ? { purchase_reference: body.merchant_reference, line_items: body.line_items } : undefined,
    request_customer_token: body.request_customer_token,
    customer_interaction_config: { method: "HANDOVER", return_url: body.config?.redirect_url },
  };
}

/**
 * Where the journey sends the shopper back, after a completed or a canceled journey. In the confirmation-token
 * revision the redirect URL's placeholders are filled in, URL-encoded (docs.klarna.com/websdk/v1-r6/types/payment.PaymentRequestConfig.html:
 * {klarna.payment_request.id}, .state, .payment_confirmation_token, .payment_reference).
 */
export function returnUrlFor(request: PaymentRequestRecord): string | undefined {
  const url = request.customer_interaction_config.return_url;
  if (!url || request.flow !== "confirmation") return url;
  const values: Record<string, string> = {
    id: request.payment_request_id,
    state: request.state,
    payment_confirmation_token: request.state === "PENDING_CONFIRMATION" ? (request.token?.value ?? "") : "",
    payment_reference: request.payment_request_reference ?? "",
  };
  return url.replace(/\{klarna\.payment_request\.(id|state|payment_confirmation_token|payment_reference)\}/g, (_, name: string) =>
    encodeURIComponent(values[name] ?? ""),
  );
}

export function createRequest(ctx: KnContext, input: NewRequest): PaymentRequestRecord {
  const now = ctx.core.clock.now();
  checkLineSum(input.body.amount, input.body.supplementary_purchase_data?.line_items, "amount");
  const uuid = randomUUID();
  const request: PaymentRequestRecord = {
    payment_request_id: krn("krn:payment:eu1:request", uuid),
    uuid,
    account_id: input.accountId,
    flow: input.flow,
    payment_request_reference: input.body.payment_request_reference,
    currency: input.body.currency,
    amount: input.body.amount,
    supplementary_purchase_data: input.body.supplementary_purchase_data,
    customer_interaction_config: input.body.customer_interaction_config,
    request_customer_token: input.body.request_customer_token,
    state: "SUBMITTED",
    created_at: now,
    updated_at: now,
    expires_at: now + REQUEST_LIFETIME_MS,
    authorize: input.authorize,
    stepped_up: input.steppedUp,
  };
  ctx.store.put("request", request.payment_request_id, now, request);
  ctx.store.put("token", `uuid:${uuid}`, now, { token: uuid, payment_request_id: request.payment_request_id });
  ctx.core.scheduler.schedule(request.expires_at, { kind: "klarna_network", task: "expire", id: request.payment_request_id }, { orderId: request.payment_request_id });
  notify(ctx, request);
  return request;
}

/** Reads a request by id, applying any expiry that fell due (requests and tokens expire on the virtual clock). */
export function loadRequest(ctx: KnContext, id: string): PaymentRequestRecord | undefined {
  const request = ctx.store.get("request", id);
  return request ? refresh(ctx, request) : undefined;
}

export function requestByUuid(ctx: KnContext, uuid: string): PaymentRequestRecord | undefined {
  const pointer = ctx.store.get("token", `uuid:${uuid}`);
  return pointer?.payment_request_id ? loadRequest(ctx, pointer.payment_request_id) : undefined;
}

/** The request of this account (acquiring partners and merchants see only their own). */
export function ownRequest(ctx: KnContext, id: string, accountId: string | null): PaymentRequestRecord {
  const request = loadRequest(ctx, id);
  if (!request || (accountId !== null && request.account_id !== null && request.account_id !== accountId)) {
    throw knNotFound("The payment request");
  }
  return request;
}

export function refresh(ctx: KnContext, request: PaymentRequestRecord): PaymentRequestRecord {
  const now = ctx.core.clock.now();
  const open = request.state === "SUBMITTED" || request.state === "IN_PROGRESS";
  if (open && now >= request.expires_at) return transition(ctx, request, "EXPIRED");
  const waiting = request.state === "PENDING_CONFIRMATION" || request.state === "COMPLETED";
  // An unused token after 60 minutes: the approval is lost (notes.md §2 step 4, §3).
  if (waiting && request.token && !tokenUsed(request.token) && now >= request.token.expires_at) {
    return transition(ctx, request, "EXPIRED", request.flow === "confirmation" ? "CONFIRMATION_TOKEN_EXPIRED" : undefined);
  }
  return request;
}

/** Moves a request to a new state, saves it and sends the state-change webhook. */
export function transition(
  ctx: KnContext,
  request: PaymentRequestRecord,
  state: PaymentRequestState,
  reason?: StateReason,
  changes: Partial<PaymentRequestRecord> = {},
): PaymentRequestRecord {
  const next: PaymentRequestRecord = {
    ...request,
    ...changes,
    previous_state: request.state,
    state,
    state_reason: reason,
    updated_at: ctx.core.clock.now(),
  };
  save(ctx, next);
  notify(ctx, next);
  return next;
}

export function save(ctx: KnContext, request: PaymentRequestRecord): void {
  ctx.store.put("request", request.payment_request_id, request.created_at, request);
}

/**
 * Event names: `payment.request.state-change.<state>` in lower case with dashes (submitted, in-progress, completed,
 * expired, canceled, declined: notes.md §6). The older flow's PENDING_CONFIRMATION is announced as
 * `payment.request.state-change.authorized` (the v1 sample's name) carrying the payment_confirmation_token, and
 * CONFIRMED as `…confirmed` (the simulator's name; UNVERIFIED).
 */
export function eventTypeFor(state: PaymentRequestState): string {
  if (state === "PENDING_CONFIRMATION") return "payment.request.state-change.authorized";
  return `payment.request.state-change.${state.toLowerCase().replaceAll("_", "-")}`;
}

function notify(ctx: KnContext, request: PaymentRequestRecord): void {
  const view = requestView(ctx, request);
  const context = view.state_context as Record<string, unknown>;
  // The confirmation-token revision's payloads name the references payment_reference and merchant_reference (notes.md §6: v1 samples).
  const references =
    request.flow === "confirmation"
      ? { payment_reference: request.payment_request_reference, merchant_reference: request.supplementary_purchase_data?.purchase_reference }
      : { payment_request_reference: request.payment_request_reference };
  emit(ctx, eventTypeFor(request.state), request.payment_request_id, request.account_id, {
    payment_request_id: request.payment_request_id,
    ...references,
    state: request.state,
    previous_state: request.previous_state,
    ...(request.state_reason ? { state_reason: request.state_reason } : {}),
    ...pick(context, ["payment_confirmation_token", "klarna_network_session_token", "payment_token", "klarna_customer", "shipping"]),
  });
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]));
}

/** DELETE: SUBMITTED or IN_PROGRESS, and COMPLETED until it is finalized (notes.md §4); else 403. */
export function cancelRequest(ctx: KnContext, request: PaymentRequestRecord): PaymentRequestRecord {
  const cancellable =
    request.state === "SUBMITTED" ||
    request.state === "IN_PROGRESS" ||
    ((request.state === "COMPLETED" || request.state === "PENDING_CONFIRMATION") && !tokenUsed(request.token));
  if (request.state === "CANCELED") return request;
  if (!cancellable) throw knNotAllowed(`A payment request in state ${request.state} cannot be canceled`);
  return transition(ctx, request, "CANCELED", "PARTNER_CANCELED");
}

/** The shopper opened the journey and gave an e-mail: SUBMITTED → IN_PROGRESS. */
export function startJourney(ctx: KnContext, request: PaymentRequestRecord, email: string): PaymentRequestRecord {
  assertOpen(request);
  const customer = profileFor(email);
  if (request.state === "IN_PROGRESS") {
    const next = { ...request, customer, journey_step: "code" as const, updated_at: ctx.core.clock.now() };
    save(ctx, next);
    return next;
  }
  return transition(ctx, request, "IN_PROGRESS", undefined, { customer, journey_step: "code" });
}

/**
 * One step of the hosted journey: e-mail, code (any six digits but 999999), the extra check, restart or cancel.
 * Answers the request after the step, or an error to show beside the field.
 */
export function journeyStep(
  ctx: KnContext,
  request: PaymentRequestRecord,
  form: Record<string, string>,
): { request: PaymentRequestRecord; error?: string } {
  const open = request.state === "SUBMITTED" || request.state === "IN_PROGRESS";
  if (!open) return { request };
  switch (form.step) {
    case "email": {
      const email = (form.email ?? "").trim();
      if (!isValidEmail(email)) return { request, error: "Enter a valid e-mail address, such as customer@email.se." };
      return { request: startJourney(ctx, request, email) };
    }
    case "code": {
      if (request.journey_step !== "code") return { request };
      const code = (form.code ?? "").trim();
      if (!/^\d{6}$/.test(code)) return { request, error: "Enter the six digits of the code." };
      if (code === "999999") return { request, error: "That code is not right. Try again." };
      if (needsExtraStep(request)) {
        const next = { ...request, journey_step: "verify" as const, updated_at: ctx.core.clock.now() };
        save(ctx, next);
        return { request: next };
      }
      return { request: completeJourney(ctx, request) };
    }
    case "verify": {
      if (request.journey_step !== "verify") return { request };
      if (!/^\d{4}-\d{2}-\d{2}$/.test(form.birth ?? "")) return { request, error: "Enter your date of birth." };
      return { request: completeJourney(ctx, request) };
    }
    case "restart": {
      const next = { ...request, journey_step: undefined, updated_at: ctx.core.clock.now() };
      save(ctx, next);
      return { request: next };
    }
    case "cancel":
      return { request: abortJourney(ctx, request) };
    default:
      return { request, error: "Something went wrong. Try again." };
  }
}

/** The shopper left the journey: back to SUBMITTED (PURCHASE_FLOW_ABORTED), so the store may send them again. */
export function abortJourney(ctx: KnContext, request: PaymentRequestRecord): PaymentRequestRecord {
  if (request.state !== "IN_PROGRESS") return request;
  return transition(ctx, request, "SUBMITTED", "PURCHASE_FLOW_ABORTED", { journey_step: undefined });
}

function assertOpen(request: PaymentRequestRecord): void {
  if (request.state !== "SUBMITTED" && request.state !== "IN_PROGRESS") {
    throw new KnError(409, "RESOURCE_ERROR", "PAYMENT_REQUEST_NOT_OPEN", `The payment request is ${request.state}`);
  }
}

/**
 * True when this journey has the extra identity check: the step-up persona's, in the confirmation flow (Klarna steps
 * up inside the journey) or in a step-up a final authorize asked for.
 */
export function needsExtraStep(request: PaymentRequestRecord): boolean {
  if (request.customer === undefined || knPersonaFor(request.customer.email) !== "step-up") return false;
  return request.flow === "confirmation" || request.stepped_up === true;
}

/**
 * The shopper finished the journey. The confirmation flow refuses a declined shopper here (DECLINED); otherwise
 * a token is issued: PENDING_CONFIRMATION with a payment_confirmation_token, or COMPLETED with a
 * klarna_network_session_token, each valid 60 minutes. A customer token is issued when one was requested.
 */
export function completeJourney(ctx: KnContext, request: PaymentRequestRecord): PaymentRequestRecord {
  assertOpen(request);
  if (!request.customer) throw knInput("The shopper has not given an e-mail address yet");
  const persona = knPersonaFor(request.customer.email);
  if (persona === "denied" && request.flow === "confirmation") {
    return transition(ctx, request, "DECLINED", "PERMANENT", { journey_step: undefined });
  }
  const now = ctx.core.clock.now();
  const token = { value: `${request.flow === "confirmation" ? "kct" : "kns"}_${randomBytes(24).toString("base64url")}`, expires_at: now + TOKEN_LIFETIME_MS };
  ctx.store.put("token", token.value, now, { token: token.value, payment_request_id: request.payment_request_id });
  const customerToken = request.request_customer_token ? issueCustomerToken(ctx, request) : undefined;
  ctx.core.scheduler.schedule(token.expires_at, { kind: "klarna_network", task: "expire", id: request.payment_request_id }, { orderId: request.payment_request_id });
  return transition(ctx, request, request.flow === "confirmation" ? "PENDING_CONFIRMATION" : "COMPLETED", undefined, {
    journey_step: undefined,
    token,
    customer_token: customerToken,
  });
}

function issueCustomerToken(ctx: KnContext, request: PaymentRequestRecord): string {
  const id = krn("krn:customer-token:eu1", randomUUID());
  const now = ctx.core.clock.now();
  ctx.store.put("token", id, now, {
    token: id,
    customer_token: {
      customer_token_id: id,
      customer_token_reference: request.request_customer_token?.customer_token_reference,
      scopes: request.request_customer_token?.scopes ?? [],
      email: request.customer?.email ?? "",
      account_id: request.account_id,
      created_at: now,
    },
  });
  return id;
}

/** A customer token of this account, or 404/400 as Klarna would refuse an unknown one. */
export function customerTokenOf(ctx: KnContext, token: string, accountId: string | null) {
  const record = ctx.store.get("token", token)?.customer_token;
  if (!record || (record.account_id !== null && accountId !== null && record.account_id !== accountId)) {
    throw new KnError(400, "INPUT_ERROR", "INVALID_CUSTOMER_TOKEN", "The customer token is not valid");
  }
  return record;
}

/**
 * A token charge made by creating a request with `Klarna-Customer-Token` (notes.md §3: it may answer already
 * completed): approved shoppers skip the journey, step-up shoppers go through it, declined ones are refused.
 */
export function chargeWithCustomerToken(ctx: KnContext, request: PaymentRequestRecord, token: string): PaymentRequestRecord {
  const record = customerTokenOf(ctx, token, request.account_id);
  const persona = knPersonaFor(record.email);
  const started = startJourney(ctx, request, record.email);
  if (persona === "denied") return transition(ctx, started, "DECLINED", "PERMANENT");
  if (persona === "step-up") return transition(ctx, started, "SUBMITTED", "CUSTOMER_ACTION_REQUIRED");
  return completeJourney(ctx, started);
}
