import type { CheckoutComClient } from "./client";
import type { Payment, PaymentContextRequest, PaymentRequested } from "./types";

/** A payment context pays within 48 hours of its creation (the Klarna session behind it lives that long). */
export const CONTEXT_LIFETIME_MS = 48 * 60 * 60 * 1000;

export class ContextExpiredError extends Error {
  constructor() {
    super("This Klarna session is more than 48 hours old and can no longer be paid. A new one has been opened: please pay again.");
    this.name = "ContextExpiredError";
  }
}

export class ContextNotApprovedError extends Error {
  constructor() {
    super("Klarna has not approved this purchase yet. Please finish in Klarna's window first.");
    this.name = "ContextNotApprovedError";
  }
}

export interface OpenedContext {
  contextId: string;
  clientToken: string;
  klarnaSessionId: string | null;
}

/**
 * Opens a payment context; its `partner_metadata.client_token` feeds `Klarna.Payments.init` exactly as on the
 * direct path. The key makes a retried or doubled request open one context.
 */
export async function openPaymentContext(
  client: CheckoutComClient,
  request: PaymentContextRequest,
  idempotencyKey: string,
): Promise<OpenedContext> {
  const created = await client.requestPaymentContext(request, idempotencyKey);
  return {
    contextId: created.id,
    clientToken: created.partner_metadata.client_token,
    klarnaSessionId: created.partner_metadata.session_id ?? null,
  };
}

export function isContextExpired(createdAt: number, now = Date.now()): boolean {
  return now - createdAt >= CONTEXT_LIFETIME_MS;
}

export interface PaymentInput {
  contextId: string;
  /** When the store opened the context: one older than 48 hours is refused before Checkout.com is asked. */
  contextCreatedAt: number;
  amount: number;
  currency: string;
  processingChannelId: string;
  /** The store's checkout session, echoed on the payment so the purchase finds its way back. */
  checkoutSessionId: string;
}

/**
 * Requests the payment once Klarna approved the context (GET /payment-contexts/{id} says Approved). Both the
 * browser and the payment_context_approved webhook call this; the idempotency key is the context's, so the two
 * make one payment. Answers the payment as Checkout.com accepted it: 202 Pending (reference/seeds/004_…), or 201
 * processed, Authorized or Declined (reference/checkout-com/checkout-com-klarna.openapi.yaml); see paymentOutcome.
 */
export async function requestPaymentForContext(client: CheckoutComClient, input: PaymentInput): Promise<PaymentRequested> {
  if (isContextExpired(input.contextCreatedAt)) throw new ContextExpiredError();
  const context = await client.getPaymentContext(input.contextId);
  if (context.status !== "Approved") throw new ContextNotApprovedError();
  return client.requestPayment(
    {
      payment_context_id: input.contextId,
      processing_channel_id: input.processingChannelId,
      amount: input.amount,
      currency: input.currency,
      reference: input.checkoutSessionId,
      capture: false,
      metadata: { checkout_session_id: input.checkoutSessionId },
    },
    `payment-${input.contextId}`,
  );
}

export type PaymentOutcome = "pending" | "approved" | "declined";

/**
 * What a payment's answer says about the purchase. `Pending` is success still being decided: "Your request was
 * successful if you receive a 202 Success response code with a status field set to Pending" (reference/seeds/
 * 004_6e27f3ac1c8818d9.txt); the decision comes as payment_approved or payment_declined, or from GET /payments/{id}.
 * `Declined` (or `approved: false`) never became an authorization. Any other status (Authorized, Captured, Voided,
 * Expired, …) follows an approval.
 */
export function paymentOutcome(payment: Pick<PaymentRequested, "status" | "approved"> & { balances?: Payment["balances"] }): PaymentOutcome {
  if (payment.status === "Pending") return "pending";
  if (payment.status === "Declined" || payment.approved === false) {
    return payment.balances && payment.balances.total_authorized > 0 ? "approved" : "declined";
  }
  return "approved";
}
