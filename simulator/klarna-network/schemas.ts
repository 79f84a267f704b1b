import { z } from "zod";

const amount = z.int().min(0).max(2_147_483_647);
const currency = z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code in upper case");
const text = (max: number) => z.string().min(1).max(max);

export const lineItemSchema = z.object({
  name: text(255),
  quantity: z.int().min(1),
  unit_price: amount,
  total_amount: amount,
  line_item_reference: text(255).optional(),
  subscription_reference: text(255).optional(),
});

export const supplementarySchema = z.object({
  purchase_reference: text(255).optional(),
  line_items: z.array(lineItemSchema).max(1000).optional(),
});

export const interactionSchema = z.object({
  method: z.literal("HANDOVER"),
  return_url: z.url().max(2000).optional(),
  app_return_url: z.string().max(2000).optional(),
});

export const requestCustomerTokenSchema = z.object({
  scopes: z.array(z.enum(["payment:customer_present", "payment:customer_not_present", "customer:login"])).min(1),
  customer_token_reference: text(255).optional(),
});

export const createPaymentRequestSchema = z.object({
  currency,
  amount,
  payment_request_reference: text(255).optional(),
  payment_option_id: text(255).optional(),
  supplementary_purchase_data: supplementarySchema.optional(),
  request_customer_token: requestCustomerTokenSchema.optional(),
  customer_interaction_config: interactionSchema,
});

export const confirmSchema = z.object({
  currency,
  payment_amount: amount,
  payment_transaction_reference: text(255).optional(),
  line_items: z.array(lineItemSchema).max(1000).optional(),
});

export const authorizeSchema = z.object({
  currency,
  supplementary_purchase_data: supplementarySchema.optional(),
  request_payment_transaction: z.object({
    amount,
    payment_option_id: text(255).optional(),
    payment_transaction_reference: text(255).optional(),
    capture: z.enum(["NOW", "LATER"]).optional(),
  }),
  step_up_config: z
    .object({ payment_request_reference: text(255).optional(), customer_interaction_config: interactionSchema })
    .optional(),
  request_customer_token: requestCustomerTokenSchema.optional(),
});

const shippingSchema = z.object({
  tracking_number: text(100).optional(),
  tracking_url: z.url().max(1024).optional(),
  shipping_carrier: text(100).optional(),
});

export const captureSchema = z.object({
  capture_amount: amount.optional(),
  payment_capture_reference: text(255).optional(),
  line_items: z.array(lineItemSchema).max(1000).optional(),
  shipping: z.array(shippingSchema).max(10).optional(),
});

export const refundSchema = z.object({
  refund_amount: amount,
  payment_refund_reference: text(255).optional(),
  line_items: z.array(lineItemSchema).max(1000).optional(),
});

export const createWebhookSchema = z.object({
  url: z.url().max(2000),
  event_types: z.array(text(200)).min(1).max(100),
  event_version: z.string().default("v2"),
  signing_key_id: text(255),
  status: z.enum(["ENABLED", "DISABLED"]).default("ENABLED"),
});

export const simulateWebhookSchema = z.object({ event_type: text(200), event_version: z.string().default("v2") });
