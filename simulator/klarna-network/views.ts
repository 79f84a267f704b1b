import { iso } from "../core";
import type { KnContext } from "./context";
import { tokenUsed, type PaymentRequestRecord, type TransactionRecord, type TransactionState } from "./records";

/** The journey's address: the request's uuid under the simulator's public URL (Klarna: its own hosted page). */
export function journeyUrl(ctx: KnContext, request: PaymentRequestRecord): string {
  return `${ctx.core.config.publicUrl}/klarna-network/pay/${request.uuid}`;
}

/** A payment request as the API answers it (PaymentRequest in the YAML). */
export function requestView(ctx: KnContext, request: PaymentRequestRecord) {
  const open = request.state === "SUBMITTED" || request.state === "IN_PROGRESS";
  const url = journeyUrl(ctx, request);
  const tokenValid = request.token !== undefined && !tokenUsed(request.token);
  const customer = request.customer
    ? {
        klarna_customer: {
          ...(request.customer_token ? { customer_token: request.customer_token } : {}),
          customer_profile: request.customer,
        },
        shipping: { recipient: recipientOf(request.customer), address: request.customer.address },
      }
    : {};
  if (request.flow === "confirmation") return confirmationRequestView(ctx, request);
  return {
    payment_request_id: request.payment_request_id,
    payment_request_reference: request.payment_request_reference,
    state: request.state,
    ...(request.state_reason ? { state_reason: request.state_reason } : {}),
    ...(request.previous_state ? { previous_state: request.previous_state } : {}),
    currency: request.currency,
    amount: request.amount,
    created_at: iso(request.created_at),
    updated_at: iso(request.updated_at),
    expires_at: iso(request.expires_at),
    ...(request.token && (request.state === "PENDING_CONFIRMATION" || request.state === "COMPLETED")
      ? { state_expires_at: iso(request.token.expires_at) }
      : open
        ? { state_expires_at: iso(request.expires_at) }
        : {}),
    customer_interaction_config: request.customer_interaction_config,
    supplementary_purchase_data: request.supplementary_purchase_data,
    state_context: {
      ...(open
        ? {
            customer_interaction: { payment_request_id: request.payment_request_id, payment_request_url: url },
            // The older generation's name for the same address (notes.md §3).
            payment_distribution: { url },
          }
        : {}),
      ...(request.state === "PENDING_CONFIRMATION" && tokenValid ? { payment_confirmation_token: request.token?.value } : {}),
      ...(request.state === "COMPLETED" && tokenValid
        ? { klarna_network_session_token: request.token?.value, payment_token: request.token?.value }
        : {}),
      ...(request.state === "PENDING_CONFIRMATION" || request.state === "COMPLETED" || request.state === "CONFIRMED" ? customer : {}),
    },
  };
}

/**
 * A request of the confirmation-token revision (reference/seeds/002_77eec189f7ef5cc3.txt), in that revision's names:
 * `payment_amount`, `payment_reference`, `merchant_reference`, `config.redirect_url` as created
 * (docs.klarna.com/websdk/v1-r6/types/payment.PaymentRequestData.html); the journey's address in
 * `state_context.payment_distribution.url` while open, the `payment_confirmation_token` while PENDING_CONFIRMATION and
 * the `payment_transaction_id` once CONFIRMED (docs .../monitor-payment-state-and-retrieve-payment-confirmation-token:
 * "Read and store information inside the state_context"; reference/examples/klarna-network/confirm-express-checkout.json).
 */
function confirmationRequestView(ctx: KnContext, request: PaymentRequestRecord) {
  const open = request.state === "SUBMITTED" || request.state === "IN_PROGRESS";
  const tokenValid = request.token !== undefined && !tokenUsed(request.token);
  const finished = request.state === "PENDING_CONFIRMATION" || request.state === "CONFIRMED";
  return {
    payment_request_id: request.payment_request_id,
    state: request.state,
    ...(request.state_reason ? { state_reason: request.state_reason } : {}),
    ...(request.previous_state ? { previous_state: request.previous_state } : {}),
    currency: request.currency,
    payment_amount: request.amount,
    ...(request.payment_request_reference ? { payment_reference: request.payment_request_reference } : {}),
    ...(request.supplementary_purchase_data?.purchase_reference ? { merchant_reference: request.supplementary_purchase_data.purchase_reference } : {}),
    ...(request.supplementary_purchase_data?.line_items ? { line_items: request.supplementary_purchase_data.line_items } : {}),
    ...(request.customer_interaction_config.return_url ? { config: { redirect_url: request.customer_interaction_config.return_url } } : {}),
    created_at: iso(request.created_at),
    updated_at: iso(request.updated_at),
    expires_at: iso(request.expires_at),
    // The confirm answer prints state_expires_at on the confirmed request (confirm-express-checkout.json) without saying
    // what ends then; the simulator gives the request's own end (simulator/README.md).
    ...(request.token && request.state === "PENDING_CONFIRMATION"
      ? { state_expires_at: iso(request.token.expires_at) }
      : open || request.state === "CONFIRMED"
        ? { state_expires_at: iso(request.expires_at) }
        : {}),
    state_context: {
      ...(open ? { payment_distribution: { url: journeyUrl(ctx, request) } } : {}),
      ...(request.state === "PENDING_CONFIRMATION" && tokenValid ? { payment_confirmation_token: request.token?.value } : {}),
      ...(request.state === "CONFIRMED" && request.token?.transaction_id ? { payment_transaction_id: request.token.transaction_id } : {}),
      ...(finished && request.customer
        ? {
            klarna_customer: {
              ...(request.customer_token ? { customer_token: request.customer_token } : {}),
              customer_profile: request.customer,
            },
            shipping: { recipient: recipientOf(request.customer), address: request.customer.address },
          }
        : {}),
    },
  };
}

export function recipientOf(customer: NonNullable<PaymentRequestRecord["customer"]>) {
  return { given_name: customer.given_name, family_name: customer.family_name, email: customer.email, phone: customer.phone };
}

/** Captured and refunded so far, and the state the transaction is in at `now` (notes.md §5). */
export function transactionState(transaction: TransactionRecord, now: number): TransactionState {
  const captured = capturedAmount(transaction);
  // The simulator's lifetime after completion (refunds stay possible until then): 180 days from the purchase.
  if (now >= transaction.created_at + 180 * 86_400_000) return "CLOSED";
  if (transaction.voided_at !== undefined) return captured > 0 ? "COMPLETED" : "CLOSED";
  if (captured >= transaction.amount) return "COMPLETED";
  if (now >= transaction.expires_at + 7 * 86_400_000) return captured > 0 ? "COMPLETED" : "CLOSED";
  if (now >= transaction.expires_at) return "EXPIRED";
  return "AUTHORIZED";
}

export const capturedAmount = (transaction: TransactionRecord) =>
  transaction.captures.reduce((sum, capture) => sum + capture.capture_amount, 0);
export const refundedAmount = (transaction: TransactionRecord) =>
  transaction.refunds.reduce((sum, refund) => sum + refund.refund_amount, 0);

/** A payment transaction as the API answers it (PaymentTransaction in the YAML, plus the simulator's totals). */
export function transactionView(ctx: KnContext, transaction: TransactionRecord) {
  const state = transactionState(transaction, ctx.core.clock.now());
  const captured = capturedAmount(transaction);
  return {
    payment_transaction_id: transaction.payment_transaction_id,
    payment_transaction_reference: transaction.payment_transaction_reference,
    payment_request_id: transaction.payment_request_id,
    state,
    amount: transaction.amount,
    currency: transaction.currency,
    captured_amount: captured,
    refunded_amount: refundedAmount(transaction),
    // Void releases what is left; an expired or closed authorization can no longer be captured.
    remaining_capture_amount: state === "AUTHORIZED" ? transaction.amount - captured : 0,
    created_at: iso(transaction.created_at),
    expires_at: iso(transaction.expires_at),
    ...(transaction.voided_at !== undefined ? { voided_at: iso(transaction.voided_at) } : {}),
    payment_funding: { type: "GUARANTEED", state: state === "CLOSED" && captured === 0 ? "EXPIRED" : captured > 0 ? "FUNDED" : "PENDING" },
    payment_pricing: { currency: transaction.currency },
    supplementary_purchase_data: { purchase_reference: transaction.purchase_reference, line_items: transaction.line_items },
    klarna_customer: { customer_profile: transaction.customer },
    shipping: { recipient: recipientOf(transaction.customer), address: transaction.customer.address },
    payment_captures: transaction.captures.map((capture) => ({ ...capture, created_at: iso(capture.created_at) })),
    payment_refunds: transaction.refunds.map((refund) => ({ ...refund, created_at: iso(refund.created_at) })),
  };
}
