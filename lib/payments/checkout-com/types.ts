import { z } from "zod";
import { lenient, lenientTexts } from "../lenient-read";

/*
 * What the store sends to and reads from Checkout.com for Klarna, typed from reference/checkout-com/
 * (checkout-com-klarna.openapi.yaml, hand-rebuilt from the vendor's SDK models; field names are Checkout.com's).
 * The SDK's own typings are `object`, so requests are typed here and every response is parsed before use.
 * Response schemas require only what the store acts on and let unknown fields through.
 */

const amount = z.number().int();
const optional = lenient;

// ─── Requests ────────────────────────────────────────────────────────────────────────────────────────────────────

export interface ContextItem {
  /**
   * "discount" is an order-level discount: "A new item object with type discount (items[].type: "discount"), the
   * discount amount in items[].total_amount" (reference/seeds/004_6e27f3ac1c8818d9.txt, "Discounts").
   */
  type: "physical" | "digital" | "discount";
  name: string;
  quantity: number;
  unit_price: number;
  reference: string;
  total_amount: number;
  /** Basis points: 2500 = 25 %. The seed's discount item carries none. */
  tax_rate?: number;
  tax_amount?: number;
  discount_amount?: number;
  image_url?: string;
  url?: string;
}

export interface CheckoutComAddress {
  address_line1?: string;
  address_line2?: string;
  city?: string;
  state?: string;
  zip?: string;
  country: string;
}

export interface PaymentContextRequest {
  source: {
    type: "klarna";
    account_holder: {
      first_name?: string;
      last_name?: string;
      email?: string;
      billing_address: CheckoutComAddress;
    };
  };
  amount: number;
  currency: string;
  /** The payment is captured later, after shipping (manual capture). */
  capture: false;
  processing_channel_id: string;
  reference: string;
  items: ContextItem[];
  processing: {
    locale: string;
    shipping_amount: number;
    tax_amount: number;
    custom_payment_method_ids?: string[];
  };
  shipping?: { first_name?: string; last_name?: string; address: CheckoutComAddress };
  metadata?: Record<string, string>;
}

export interface PaymentRequest {
  payment_context_id: string;
  processing_channel_id: string;
  /** The SDK refuses a payment without a known currency and amount, even with a context (notes.md §3). */
  amount: number;
  currency: string;
  reference: string;
  /**
   * Sent explicitly: `capture` defaults to true (reference/checkout-com/checkout-com-klarna.openapi.yaml,
   * PaymentRequest), and the store captures when it ships (reference/seeds/004_…, "manual capture flow").
   */
  capture: false;
  metadata?: Record<string, string>;
}

export interface ShippingInfo {
  shipping_company?: string;
  /** One of Klarna's shipping methods (Order Management's list). */
  shipping_method?: string;
  tracking_number?: string;
  tracking_uri?: string;
  return_shipping_company?: string;
  return_tracking_number?: string;
  return_tracking_uri?: string;
}

export interface CaptureRequest {
  amount: number;
  capture_type: "Final" | "NonFinal";
  reference?: string;
  items?: ContextItem[];
  /** Klarna's delivery tracking, passed through to Klarna's capture (at most 500 entries). */
  processing?: { shipping_info: ShippingInfo[] };
}

export interface RefundRequest {
  amount: number;
  reference?: string;
  items?: ContextItem[];
}

export interface VoidRequest {
  reference?: string;
}

// ─── Responses ───────────────────────────────────────────────────────────────────────────────────────────────────

export const paymentContextCreatedSchema = z.object({
  id: z.string().regex(/^pct_\w+$/),
  partner_metadata: z.object({ session_id: optional(z.string()), client_token: z.string().min(1) }),
});
export type PaymentContextCreated = z.infer<typeof paymentContextCreatedSchema>;

export const paymentContextDetailsSchema = z.object({
  id: optional(z.string()),
  status: z.string(),
  partner_metadata: optional(z.object({ session_id: optional(z.string()), client_token: optional(z.string()), order_id: optional(z.string()) })),
});
export type PaymentContextDetails = z.infer<typeof paymentContextDetailsSchema>;

export const balancesSchema = z.object({
  total_authorized: amount.default(0),
  total_voided: amount.default(0),
  available_to_void: amount.default(0),
  total_captured: amount.default(0),
  available_to_capture: amount.default(0),
  total_refunded: amount.default(0),
  available_to_refund: amount.default(0),
});
export type Balances = z.infer<typeof balancesSchema>;

const itemReadSchema = z.object({
  type: optional(z.string()),
  name: z.string(),
  quantity: z.number().int(),
  unit_price: amount,
  reference: optional(z.string()),
  total_amount: amount,
  tax_rate: optional(z.number().int()),
  tax_amount: optional(amount),
  discount_amount: optional(amount),
  image_url: optional(z.string()),
  url: optional(z.string()),
});

// The address as Checkout.com prints it back (reference/checkout-com/checkout-com-klarna.openapi.yaml, Address).
const addressReadSchema = lenientTexts("address_line1", "address_line2", "city", "state", "zip", "country");

/**
 * The answer to POST /payments. Documented twice: 202 with `status: "Pending"` and no amount or currency
 * (reference/seeds/004_6e27f3ac1c8818d9.txt, "Request a payment": id, status, payment_type, payment_plan,
 * processing.partner_order_id, processing.partner_fraud_status, _links), and 201 processed, approved or declined
 * (reference/checkout-com/checkout-com-klarna.openapi.yaml, POST /payments 201 PaymentResponse). The store accepts
 * both: only `id` and `status` are required.
 */
export const paymentRequestedSchema = z.object({
  id: z.string().regex(/^pay_\w+$/),
  status: z.string(),
  approved: optional(z.boolean()),
  amount: optional(amount),
  currency: optional(z.string()),
  reference: optional(z.string()),
  response_summary: optional(z.string()),
  payment_type: optional(z.string()),
  payment_plan: optional(z.object({ financing: optional(z.boolean()) })),
  processing: optional(z.object({ partner_order_id: optional(z.string()), partner_fraud_status: optional(z.string()) })),
});
export type PaymentRequested = z.infer<typeof paymentRequestedSchema>;

export const paymentSchema = z.object({
  id: z.string().regex(/^pay_\w+$/),
  status: z.string(),
  approved: optional(z.boolean()),
  amount,
  currency: z.string(),
  reference: optional(z.string()),
  payment_type: optional(z.string()),
  payment_plan: optional(z.object({ financing: optional(z.boolean()) })),
  requested_on: optional(z.string()),
  expires_on: optional(z.string()),
  response_summary: optional(z.string()),
  balances: balancesSchema.default(balancesSchema.parse({})),
  source: optional(
    z.object({
      type: optional(z.string()),
      account_holder: optional(
        z.object({
          first_name: optional(z.string()),
          last_name: optional(z.string()),
          email: optional(z.string()),
          billing_address: optional(addressReadSchema),
        }),
      ),
    }),
  ),
  customer: optional(z.object({ email: optional(z.string()), name: optional(z.string()) })),
  shipping: optional(z.object({ first_name: optional(z.string()), last_name: optional(z.string()), address: optional(addressReadSchema) })),
  processing: optional(
    z.object({
      locale: optional(z.string()),
      partner_order_id: optional(z.string()),
      partner_session_id: optional(z.string()),
      partner_status: optional(z.string()),
      partner_fraud_status: optional(z.string()),
      /** The GET example of reference/seeds/004_… names the fraud status `fraud_status`; the 202 `partner_fraud_status`. */
      fraud_status: optional(z.string()),
      custom_payment_method_ids: optional(z.array(z.string())),
      tax_amount: optional(amount),
      shipping_amount: optional(amount),
      discount_amount: optional(amount),
    }),
  ),
  items: optional(z.array(itemReadSchema)),
  metadata: optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
});
export type Payment = z.infer<typeof paymentSchema>;

export const paymentActionSchema = z.object({
  id: z.string(),
  type: z.string(),
  amount: optional(amount),
  approved: optional(z.boolean()),
  processed_on: optional(z.string()),
  reference: optional(z.string()),
  response_code: optional(z.string()),
  response_summary: optional(z.string()),
});
export const paymentActionsSchema = z.array(paymentActionSchema);
export type PaymentAction = z.infer<typeof paymentActionSchema>;

/**
 * A capture's, refund's or void's 202: `action_id` (reference/seeds/004_…, "Capture a payment"), which the seed's
 * refund example prints as `actionId` ("Refund a payment"); both are read.
 */
export const actionAcceptedSchema = z
  .object({ action_id: optional(z.string().regex(/^act_\w+$/)), actionId: optional(z.string().regex(/^act_\w+$/)), reference: optional(z.string()) })
  .refine((answer) => answer.action_id !== undefined || answer.actionId !== undefined, { message: "action_id is missing" })
  .transform(({ action_id, actionId, reference }) => ({ action_id: (action_id ?? actionId)!, reference }));
export type ActionAccepted = z.infer<typeof actionAcceptedSchema>;

export const workflowsSchema = z.object({
  data: z.array(z.object({ id: z.string(), name: optional(z.string()), active: optional(z.boolean()) })).default([]),
});
export const workflowSchema = z.object({
  id: z.string(),
  actions: z.array(z.object({ type: z.string(), url: optional(z.string()) })).default([]),
});
export const idResponseSchema = z.object({ id: z.string() });

/** The error body of a 403/409/422 (request_id, error_type, error_codes). */
export const errorBodySchema = z.object({
  request_id: optional(z.string()),
  error_type: optional(z.string()),
  error_codes: optional(z.array(z.string())),
});

// ─── Webhooks ────────────────────────────────────────────────────────────────────────────────────────────────────

/** The twelve events a Klarna payment produces (issue 11); anything else is acknowledged and ignored. */
export const KLARNA_EVENT_TYPES = [
  "payment_pending",
  "payment_approved",
  "payment_context_approved",
  "payment_declined",
  "payment_captured",
  "payment_capture_declined",
  "payment_capture_pending",
  "payment_expired",
  "payment_refunded",
  "payment_refund_declined",
  "payment_voided",
  "payment_void_declined",
] as const;
export type KlarnaEventType = (typeof KLARNA_EVENT_TYPES)[number];

export const webhookEventSchema = z.object({
  id: z.string().regex(/^evt_\w+$/),
  type: z.string(),
  created_on: z.string(),
  data: z.object({
    id: z.string().regex(/^(pay|pct)_\w+$/),
    action_id: optional(z.string()),
    amount: optional(amount),
    reference: optional(z.string()),
    response_summary: optional(z.string()),
  }),
});
export type WebhookEvent = z.infer<typeof webhookEventSchema>;
