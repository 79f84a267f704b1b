import { z } from "zod";
import { lenientTexts } from "../lenient-read";

/*
 * Shapes of Klarna's Network API v2 (payment requests, confirmation, authorize, payment transactions,
 * notifications), from reference/klarna-network/klarna-network-payments-v2.openapi.yaml (a hand-written extract;
 * read its notes.md). Responses require only what the store acts on; unknown fields are ignored and null reads as absent.
 */

function maybe<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === null ? undefined : value), schema.optional());
}

const amount = z.number().int().min(0);

export const lineItemSchema = z.object({
  name: z.string().min(1).max(255),
  quantity: z.number().int().min(1),
  unit_price: amount,
  total_amount: amount,
  line_item_reference: z.string().min(1).max(255).optional(),
});
export type LineItem = z.infer<typeof lineItemSchema>;

const addressSchema = lenientTexts("street_address", "street_address2", "postal_code", "city", "region", "country");

const profileSchema = z.object({
  given_name: maybe(z.string()),
  family_name: maybe(z.string()),
  email: maybe(z.string()),
  phone: maybe(z.string()),
  address: maybe(addressSchema),
});

export const klarnaCustomerSchema = z.object({
  customer_token: maybe(z.string()),
  customer_profile: maybe(profileSchema),
});

const shippingSchema = z.object({ recipient: maybe(profileSchema.omit({ address: true })), address: maybe(addressSchema) });

export const paymentRequestStateSchema = z.enum([
  "SUBMITTED",
  "IN_PROGRESS",
  "COMPLETED",
  "EXPIRED",
  "CANCELED",
  "DECLINED",
  "CREATED",
  "PENDING_CONFIRMATION",
  "CONFIRMED",
  // The Express checkout page's confirm answer prints the confirmed request as AUTHORIZED (confirm-express-checkout.json).
  "AUTHORIZED",
]);
export type PaymentRequestState = z.infer<typeof paymentRequestStateSchema>;

export const paymentRequestSchema = z.object({
  payment_request_id: z.string().min(1),
  payment_request_reference: maybe(z.string()),
  state: paymentRequestStateSchema,
  state_reason: maybe(z.string()),
  currency: maybe(z.string()),
  amount: maybe(amount),
  /** The confirmation-token revision's name for the amount (reference/seeds/002_77eec189f7ef5cc3.txt). */
  payment_amount: maybe(amount),
  payment_reference: maybe(z.string()),
  expires_at: maybe(z.string()),
  state_expires_at: maybe(z.string()),
  state_context: maybe(
    z.object({
      customer_interaction: maybe(z.object({ payment_request_url: maybe(z.string()) })),
      payment_distribution: maybe(z.object({ url: maybe(z.string()) })),
      payment_confirmation_token: maybe(z.string()),
      /** Once CONFIRMED: the transaction the confirmation made (docs .../monitor-payment-state-and-retrieve-payment-confirmation-token). */
      payment_transaction_id: maybe(z.string()),
      klarna_network_session_token: maybe(z.string()),
      payment_token: maybe(z.string()),
      klarna_customer: maybe(klarnaCustomerSchema),
      shipping: maybe(shippingSchema),
    }),
  ),
});
export type PaymentRequest = z.infer<typeof paymentRequestSchema>;

export const transactionStateSchema = z.enum(["AUTHORIZED", "EXPIRED", "COMPLETED", "CLOSED"]);
export type TransactionState = z.infer<typeof transactionStateSchema>;

export const paymentCaptureSchema = z.object({
  payment_capture_id: z.string().min(1),
  capture_amount: amount,
  payment_capture_reference: maybe(z.string()),
  created_at: maybe(z.string()),
});
export type PaymentCapture = z.infer<typeof paymentCaptureSchema>;

export const paymentRefundSchema = z.object({
  payment_refund_id: z.string().min(1),
  refund_amount: amount,
  payment_capture_id: maybe(z.string()),
  created_at: maybe(z.string()),
});
export type PaymentRefund = z.infer<typeof paymentRefundSchema>;

export const paymentTransactionSchema = z.object({
  payment_transaction_id: z.string().min(1),
  payment_transaction_reference: maybe(z.string()),
  payment_request_id: maybe(z.string()),
  state: transactionStateSchema,
  amount,
  currency: z.string().regex(/^[A-Za-z]{3}$/),
  expires_at: maybe(z.string()),
  supplementary_purchase_data: maybe(z.object({ line_items: maybe(z.array(lineItemSchema.partial({ line_item_reference: true }))) })),
  klarna_customer: maybe(klarnaCustomerSchema),
  shipping: maybe(shippingSchema),
  payment_captures: maybe(z.array(paymentCaptureSchema)),
  payment_refunds: maybe(z.array(paymentRefundSchema)),
});
export type PaymentTransaction = z.infer<typeof paymentTransactionSchema>;

/**
 * The confirm answer, in every documented shape: seed 002 says only that the 200 body "will contain the
 * payment_transaction_id" (reference/seeds/002_77eec189f7ef5cc3.txt); Klarna's Express Checkout page prints the
 * payment request, `state` AUTHORIZED, with `state_context.payment_transaction_id`
 * (reference/examples/klarna-network/confirm-express-checkout.json); the hand-written extract has a `payment_transaction`
 * object and `klarna_customer.customer_token` (reference/klarna-network/klarna-network-payments-v2.openapi.yaml). The
 * store needs the transaction id; the transaction itself is read afterwards when the answer lacks it.
 */
export const confirmAnswerSchema = z
  .object({
    payment_transaction: maybe(paymentTransactionSchema),
    payment_transaction_id: maybe(z.string().min(1)),
    state_context: maybe(
      z.object({
        payment_transaction_id: maybe(z.string().min(1)),
        klarna_customer: maybe(z.object({ customer_token: maybe(z.string()) })),
      }),
    ),
    klarna_customer: maybe(z.object({ customer_token: maybe(z.string()) })),
  })
  .transform((answer, context) => {
    const transactionId =
      answer.payment_transaction?.payment_transaction_id ?? answer.payment_transaction_id ?? answer.state_context?.payment_transaction_id;
    if (!transactionId) {
      context.addIssue({ code: "custom", path: ["payment_transaction_id"], message: "no payment_transaction_id in any documented place" });
      return z.NEVER;
    }
    return {
      transactionId,
      transaction: answer.payment_transaction,
      customerToken: answer.klarna_customer?.customer_token ?? answer.state_context?.klarna_customer?.customer_token,
    };
  });
export type ConfirmAnswer = z.infer<typeof confirmAnswerSchema>;

/**
 * The transaction inside an authorize answer: seed 003 prints it with id, reference, amount, currency, funding and
 * pricing but no `state` (reference/examples/klarna-network/authorize-final-approved.json), so only the id is
 * required; the store reads the whole transaction when it finalizes the order.
 */
const answeredTransactionSchema = z.object({
  payment_transaction_id: z.string().min(1),
  payment_transaction_reference: maybe(z.string()),
  amount: maybe(amount),
  currency: maybe(z.string()),
  state: maybe(transactionStateSchema),
  klarna_customer: maybe(klarnaCustomerSchema),
});

export const authorizeAnswerSchema = z.object({
  payment_transaction_response: z.object({
    result: z.enum(["APPROVED", "DECLINED", "STEP_UP_REQUIRED"]),
    result_reason: maybe(z.string()),
    payment_transaction: maybe(answeredTransactionSchema),
  }),
  payment_request: maybe(paymentRequestSchema),
  customer_token_response: maybe(
    z.object({
      result: maybe(z.string()),
      customer_token: maybe(z.object({ customer_token_id: z.string().min(1) })),
    }),
  ),
});
export type AuthorizeAnswer = z.infer<typeof authorizeAnswerSchema>;

export const webhookSchema = z.object({
  webhook_id: z.string().min(1),
  url: z.string(),
  event_types: z.array(z.string()),
  signing_key_id: maybe(z.string()),
  status: maybe(z.string()),
});
export const webhookListSchema = z.object({ webhooks: z.array(webhookSchema) });

/** The error body of the Network API (notes.md §8): for logs and for choosing words, never shown as is. */
export const networkErrorBodySchema = z.object({
  error_id: maybe(z.string()),
  error_type: maybe(z.string()),
  error_code: maybe(z.string()),
  error_message: maybe(z.string()),
  errors: maybe(z.array(z.object({ parameter: maybe(z.string()), error_message: maybe(z.string()) }))),
});
export type NetworkErrorBody = z.infer<typeof networkErrorBodySchema>;

/** The webhook envelope (notes.md §6). */
export const envelopeSchema = z.object({
  metadata: z.object({
    event_type: z.string().min(1),
    event_id: z.string().min(1).max(255),
    event_version: maybe(z.string()),
    occurred_at: z.string().min(1),
  }),
  payload: z.record(z.string(), z.unknown()),
});
export type Envelope = z.infer<typeof envelopeSchema>;

/** What the store reads from a payment.request.* or payment.transaction.* payload; the rest is looked up at Klarna. */
export const eventPayloadSchema = z.object({
  payment_request_id: maybe(z.string()),
  payment_transaction_id: maybe(z.string()),
  state: maybe(z.string()),
  payment_confirmation_token: maybe(z.string()),
  klarna_network_session_token: maybe(z.string()),
  payment_token: maybe(z.string()),
});
