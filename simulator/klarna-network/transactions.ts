import type { z } from "zod";
import { DAY } from "../core";
import { krn, type KnContext } from "./context";
import { KnError, knInput, knNotAllowed, knNotFound } from "./errors";
import {
  checkLineSum,
  createRequest,
  customerTokenOf,
  loadRequest,
  save,
  transition,
} from "./payment-requests";
import { knPersonaFor, profileFor } from "./personas";
import type { CustomerProfile, LineItem, PaymentRequestRecord, TransactionRecord } from "./records";
import type { authorizeSchema, captureSchema, confirmSchema, refundSchema } from "./schemas";
import { capturedAmount, refundedAmount, requestView, transactionState, transactionView } from "./views";
import { emit } from "./webhooks";

/** How long an authorization can be captured (the simulator's value; Order Management's is 28 days too). */
export const AUTHORIZATION_LIFETIME_MS = 28 * DAY;
/** Klarna's limits per transaction (notes.md §5): beyond them, 403. */
export const LIMITS = { captures: 200, refunds: 200, voids: 200, actions: 500 } as const;

/**
 * A token past its 60 minutes (seeds 002 and 003) leaves the request EXPIRED (state_reason CONFIRMATION_TOKEN_EXPIRED
 * in the confirmation flow, notes.md §4). Klarna documents no error code for using it then; the simulator answers as
 * for any request that can no longer be confirmed or authorized: 403 OPERATION_NOT_ALLOWED (simulator/README.md).
 */
const tokenExpired = () => knNotAllowed("The payment request is EXPIRED: its token was valid for 60 minutes");
const tokenUnknown = () => knNotFound("The token");

function createTransaction(
  ctx: KnContext,
  input: {
    accountId: string;
    request: PaymentRequestRecord | undefined;
    currency: string;
    amount: number;
    reference: string | undefined;
    lines: LineItem[] | undefined;
    purchaseReference: string | undefined;
    customer: CustomerProfile;
  },
): TransactionRecord {
  const now = ctx.core.clock.now();
  const transaction: TransactionRecord = {
    payment_transaction_id: krn("krn:payment:eu1:transaction"),
    account_id: input.accountId,
    payment_transaction_reference: input.reference,
    payment_request_id: input.request?.payment_request_id ?? "",
    currency: input.currency,
    amount: input.amount,
    line_items: input.lines ?? input.request?.supplementary_purchase_data?.line_items ?? [],
    purchase_reference: input.purchaseReference ?? input.request?.supplementary_purchase_data?.purchase_reference,
    customer: input.customer,
    created_at: now,
    expires_at: now + AUTHORIZATION_LIFETIME_MS,
    captures: [],
    refunds: [],
    actions: 0,
  };
  ctx.store.put("transaction", transaction.payment_transaction_id, now, transaction);
  notifyTransaction(ctx, transaction, "payment.transaction.state-change.authorized");
  return transaction;
}

function notifyTransaction(ctx: KnContext, transaction: TransactionRecord, eventType: string, extra: object = {}): void {
  const view = transactionView(ctx, transaction);
  emit(ctx, eventType, transaction.payment_transaction_id, transaction.account_id, {
    payment_transaction_id: view.payment_transaction_id,
    payment_transaction_reference: view.payment_transaction_reference,
    payment_request_id: view.payment_request_id,
    state: view.state,
    amount: view.amount,
    currency: view.currency,
    captured_amount: view.captured_amount,
    refunded_amount: view.refunded_amount,
    ...extra,
  });
}

/**
 * Older merchant flow: confirm a PENDING_CONFIRMATION request with its payment confirmation token. `currency` and
 * `payment_amount` are mandatory and must match; the same token again answers the same transaction.
 */
export function confirm(ctx: KnContext, accountId: string, tokenValue: string, body: z.infer<typeof confirmSchema>) {
  const pointer = ctx.store.get("token", tokenValue);
  const request = pointer?.payment_request_id ? loadRequest(ctx, pointer.payment_request_id) : undefined;
  if (!request || request.flow !== "confirmation" || request.token?.value !== tokenValue) throw tokenUnknown();
  if (request.account_id !== null && request.account_id !== accountId) throw tokenUnknown();
  if (request.token.transaction_id !== undefined) return confirmAnswer(ctx, request, request.token.transaction_id);
  if (request.state === "EXPIRED") throw tokenExpired();
  if (request.state !== "PENDING_CONFIRMATION") {
    throw knNotAllowed(`The payment request is ${request.state} and cannot be confirmed`);
  }
  checkMatches(request, body.currency, body.payment_amount, "payment_amount");
  checkLineSum(body.payment_amount, body.line_items, "payment_amount");
  const transaction = createTransaction(ctx, {
    accountId,
    request,
    currency: body.currency,
    amount: body.payment_amount,
    reference: body.payment_transaction_reference,
    lines: body.line_items,
    purchaseReference: undefined,
    customer: request.customer ?? profileFor("customer@email.se"),
  });
  const confirmed = transition(ctx, request, "CONFIRMED", undefined, {
    token: { ...request.token, transaction_id: transaction.payment_transaction_id },
  });
  return confirmAnswer(ctx, confirmed, transaction.payment_transaction_id);
}

/**
 * The confirm answer: the payment request, now CONFIRMED, whose state_context holds the `payment_transaction_id`
 * (reference/seeds/002_77eec189f7ef5cc3.txt: "the response body will contain the payment_transaction_id"; the shape is
 * the one Klarna's Express Checkout page prints, reference/examples/klarna-network/confirm-express-checkout.json, where
 * the state reads AUTHORIZED; the monitor page names the state CONFIRMED). Tokenized payments add
 * `klarna_customer.customer_token` (seed 002).
 */
function confirmAnswer(ctx: KnContext, request: PaymentRequestRecord, transactionId: string) {
  if (!ctx.store.get("transaction", transactionId)) throw knNotFound("The payment transaction");
  const current = loadRequest(ctx, request.payment_request_id) ?? request;
  return {
    ...requestView(ctx, current),
    ...(request.customer_token ? { klarna_customer: { customer_token: request.customer_token } } : {}),
  };
}

function checkMatches(request: PaymentRequestRecord, currency: string, amount: number, field: string): void {
  const expected = request.authorize?.amount ?? request.amount;
  if (currency !== request.currency) {
    throw knInput("currency does not match the payment request", [
      { parameter: "currency", error_message: `expected ${request.currency}` },
    ]);
  }
  if (amount !== expected) {
    throw knInput(`${field} does not match what the shopper approved`, [
      { parameter: field, error_message: `expected ${expected}` },
    ]);
  }
}

export interface AuthorizeTokens {
  sessionToken?: string;
  customerToken?: string;
}

/**
 * Payment authorize (acquiring partner). With `Klarna-Network-Session-Token` (or the older `Klarna-Payment-Token`):
 * the final authorization of a completed request, idempotent per token. With `Klarna-Customer-Token`: a token charge.
 * Without a token: STEP_UP_REQUIRED with a payment request for the shopper (step_up_config is then required).
 */
export function authorize(ctx: KnContext, accountId: string, tokens: AuthorizeTokens, body: z.infer<typeof authorizeSchema>) {
  checkLineSum(body.request_payment_transaction.amount, body.supplementary_purchase_data?.line_items, "request_payment_transaction.amount");
  if (tokens.sessionToken !== undefined) return finalAuthorize(ctx, accountId, tokens.sessionToken, body);
  if (tokens.customerToken !== undefined) {
    const record = customerTokenOf(ctx, tokens.customerToken, accountId);
    const persona = knPersonaFor(record.email);
    if (persona === "denied") return declined("The customer token can no longer be charged");
    if (persona === "step-up") return stepUp(ctx, accountId, body, undefined, true);
    const transaction = createTransaction(ctx, {
      accountId,
      request: undefined,
      currency: body.currency,
      amount: body.request_payment_transaction.amount,
      reference: body.request_payment_transaction.payment_transaction_reference,
      lines: body.supplementary_purchase_data?.line_items,
      purchaseReference: body.supplementary_purchase_data?.purchase_reference,
      customer: profileFor(record.email),
    });
    return approved(ctx, capture(ctx, transaction, body), undefined);
  }
  return stepUp(ctx, accountId, body, undefined, false);
}

function finalAuthorize(ctx: KnContext, accountId: string, tokenValue: string, body: z.infer<typeof authorizeSchema>) {
  const pointer = ctx.store.get("token", tokenValue);
  const request = pointer?.payment_request_id ? loadRequest(ctx, pointer.payment_request_id) : undefined;
  if (!request || request.flow !== "session" || request.token?.value !== tokenValue) throw tokenUnknown();
  if (request.account_id !== null && request.account_id !== accountId) throw tokenUnknown();
  // The same token again answers what the first call answered (idempotent per token).
  if (request.token.answer !== undefined) return JSON.parse(request.token.answer) as unknown;
  if (request.state === "EXPIRED") throw tokenExpired();
  if (request.state !== "COMPLETED") throw knNotAllowed(`The payment request is ${request.state}`);
  checkMatches(request, body.currency, body.request_payment_transaction.amount, "request_payment_transaction.amount");
  const persona = knPersonaFor(request.customer?.email ?? "");
  let answer: unknown;
  let transactionId: string | undefined;
  if (persona === "denied") {
    answer = declined("Klarna could not approve this purchase");
  } else if (persona === "step-up" && !request.stepped_up) {
    answer = stepUp(ctx, accountId, body, request, true);
  } else {
    const transaction = createTransaction(ctx, {
      accountId,
      request,
      currency: body.currency,
      amount: body.request_payment_transaction.amount,
      reference: body.request_payment_transaction.payment_transaction_reference ?? request.authorize?.payment_transaction_reference,
      lines: body.supplementary_purchase_data?.line_items,
      purchaseReference: body.supplementary_purchase_data?.purchase_reference,
      customer: request.customer ?? profileFor("customer@email.se"),
    });
    transactionId = transaction.payment_transaction_id;
    answer = approved(ctx, capture(ctx, transaction, body), request);
  }
  // The token is single-use: once answered, it only replays that answer (notes.md §2 step 4).
  save(ctx, { ...request, token: { ...request.token, transaction_id: transactionId, answer: JSON.stringify(answer) } });
  return answer;
}

/** `capture: "NOW"` captures the whole amount at once (auto-capture, notes.md §2). */
function capture(ctx: KnContext, transaction: TransactionRecord, body: z.infer<typeof authorizeSchema>): TransactionRecord {
  if (body.request_payment_transaction.capture !== "NOW") return transaction;
  return addCapture(ctx, transaction, { capture_amount: transaction.amount, line_items: transaction.line_items });
}

function approved(ctx: KnContext, transaction: TransactionRecord, request: PaymentRequestRecord | undefined) {
  return {
    payment_transaction_response: { result: "APPROVED", payment_transaction: transactionView(ctx, transaction) },
    ...(request?.customer_token
      ? {
          customer_token_response: {
            result: "APPROVED",
            customer_token: {
              customer_token_id: request.customer_token,
              customer_token_reference: request.request_customer_token?.customer_token_reference,
            },
          },
        }
      : {}),
  };
}

function declined(reason: string) {
  return { payment_transaction_response: { result: "DECLINED", result_reason: reason } };
}

function stepUp(
  ctx: KnContext,
  accountId: string,
  body: z.infer<typeof authorizeSchema>,
  previous: PaymentRequestRecord | undefined,
  steppedUp: boolean,
) {
  const interaction = body.step_up_config?.customer_interaction_config ?? previous?.customer_interaction_config;
  if (!interaction) {
    throw knInput("step_up_config is required when the call carries no token", [
      { parameter: "step_up_config", error_message: "required without a token" },
    ]);
  }
  const request = createRequest(ctx, {
    accountId,
    flow: "session",
    body: {
      currency: body.currency,
      amount: body.request_payment_transaction.amount,
      payment_request_reference: body.step_up_config?.payment_request_reference ?? previous?.payment_request_reference,
      supplementary_purchase_data: body.supplementary_purchase_data ?? previous?.supplementary_purchase_data,
      request_customer_token: body.request_customer_token ?? previous?.request_customer_token,
      customer_interaction_config: interaction,
    },
    authorize: {
      amount: body.request_payment_transaction.amount,
      payment_transaction_reference:
        body.request_payment_transaction.payment_transaction_reference ?? previous?.authorize?.payment_transaction_reference,
    },
    steppedUp,
  });
  return {
    payment_transaction_response: { result: "STEP_UP_REQUIRED", result_reason: "CUSTOMER_ACTION_REQUIRED" },
    payment_request: requestView(ctx, request),
  };
}

export function ownTransaction(ctx: KnContext, accountId: string, id: string): TransactionRecord {
  const transaction = ctx.store.get("transaction", id);
  if (!transaction || transaction.account_id !== accountId) throw knNotFound("The payment transaction");
  return transaction;
}

function countAction(transaction: TransactionRecord, kind: "captures" | "refunds" | "voids", used: number): void {
  if (used >= LIMITS[kind]) {
    throw new KnError(403, "RESOURCE_ERROR", "LIMIT_EXCEEDED", `A payment transaction allows at most ${LIMITS[kind]} ${kind}`);
  }
  if (transaction.actions >= LIMITS.actions) {
    throw new KnError(403, "RESOURCE_ERROR", "LIMIT_EXCEEDED", `A payment transaction allows at most ${LIMITS.actions} actions`);
  }
}

function addCapture(ctx: KnContext, transaction: TransactionRecord, body: z.infer<typeof captureSchema>): TransactionRecord {
  const now = ctx.core.clock.now();
  const state = transactionState(transaction, now);
  if (state !== "AUTHORIZED") throw knNotAllowed(`The payment transaction is ${state}: nothing can be captured`);
  countAction(transaction, "captures", transaction.captures.length);
  const remaining = transaction.amount - capturedAmount(transaction);
  const amount = body.capture_amount ?? remaining;
  if (amount <= 0) throw knInput("capture_amount must be more than 0", [{ parameter: "capture_amount", error_message: "must be positive" }]);
  if (amount > remaining) {
    throw new KnError(403, "RESOURCE_ERROR", "CAPTURE_NOT_ALLOWED", `capture_amount ${amount} is more than the ${remaining} left to capture`);
  }
  checkLineSum(amount, body.line_items, "capture_amount");
  const next: TransactionRecord = {
    ...transaction,
    actions: transaction.actions + 1,
    captures: [
      ...transaction.captures,
      {
        payment_capture_id: krn("krn:payment:eu1:capture"),
        capture_amount: amount,
        payment_capture_reference: body.payment_capture_reference,
        line_items: body.line_items ?? [],
        shipping: body.shipping ?? [],
        created_at: now,
      },
    ],
  };
  ctx.store.put("transaction", next.payment_transaction_id, next.created_at, next);
  notifyTransaction(ctx, next, "payment.transaction.captured", { payment_capture_id: next.captures.at(-1)?.payment_capture_id });
  return next;
}

export function captureTransaction(ctx: KnContext, transaction: TransactionRecord, body: z.infer<typeof captureSchema>) {
  const next = addCapture(ctx, transaction, body);
  const created = next.captures.at(-1)!;
  return { ...created, created_at: new Date(created.created_at).toISOString() };
}

/** Refund by capture (up to what that capture has left) or by transaction (line items required). */
export function refundTransaction(
  ctx: KnContext,
  transaction: TransactionRecord,
  body: z.infer<typeof refundSchema>,
  captureId: string | undefined,
) {
  const now = ctx.core.clock.now();
  const state = transactionState(transaction, now);
  if (state === "CLOSED") throw knNotAllowed("The payment transaction is CLOSED: nothing can be refunded");
  countAction(transaction, "refunds", transaction.refunds.length);
  if (body.refund_amount <= 0) throw knInput("refund_amount must be more than 0", [{ parameter: "refund_amount", error_message: "must be positive" }]);
  let refundable = capturedAmount(transaction) - refundedAmount(transaction);
  if (captureId !== undefined) {
    const captured = transaction.captures.find((entry) => entry.payment_capture_id === captureId);
    if (!captured) throw knNotFound("The payment capture");
    const refundedOnCapture = transaction.refunds
      .filter((refund) => refund.payment_capture_id === captureId)
      .reduce((sum, refund) => sum + refund.refund_amount, 0);
    refundable = Math.min(refundable, captured.capture_amount - refundedOnCapture);
  } else if (!body.line_items || body.line_items.length === 0) {
    throw knInput("A refund of the transaction needs line_items", [{ parameter: "line_items", error_message: "required" }]);
  }
  if (body.refund_amount > refundable) {
    throw new KnError(403, "RESOURCE_ERROR", "REFUND_NOT_ALLOWED", `refund_amount ${body.refund_amount} is more than the ${refundable} captured and not refunded`);
  }
  checkLineSum(body.refund_amount, body.line_items, "refund_amount");
  const refund = {
    payment_refund_id: krn("krn:payment:eu1:refund"),
    refund_amount: body.refund_amount,
    payment_refund_reference: body.payment_refund_reference,
    payment_capture_id: captureId,
    line_items: body.line_items ?? [],
    created_at: now,
  };
  const next = { ...transaction, actions: transaction.actions + 1, refunds: [...transaction.refunds, refund] };
  ctx.store.put("transaction", next.payment_transaction_id, next.created_at, next);
  notifyTransaction(ctx, next, "payment.transaction.refunded", { payment_refund_id: refund.payment_refund_id });
  return { ...refund, created_at: new Date(now).toISOString() };
}

/** Void: only while AUTHORIZED and not fully captured; CLOSED when nothing was captured, else COMPLETED. */
export function voidTransaction(ctx: KnContext, transaction: TransactionRecord) {
  const state = transactionState(transaction, ctx.core.clock.now());
  if (state !== "AUTHORIZED") throw knNotAllowed(`The payment transaction is ${state}: only an authorized transaction can be voided`);
  countAction(transaction, "voids", 0);
  const next = { ...transaction, actions: transaction.actions + 1, voided_at: ctx.core.clock.now() };
  ctx.store.put("transaction", next.payment_transaction_id, next.created_at, next);
  const view = transactionView(ctx, next);
  notifyTransaction(ctx, next, `payment.transaction.state-change.${view.state.toLowerCase()}`);
  return view;
}

