import { z } from "zod";

// Request bodies from reference/checkout-com/checkout-com-klarna.openapi.yaml (hand-rebuilt from the SDK models).
// Unknown fields are tolerated and dropped, as the real API ignores what it does not know.

const amount = z.int().min(0).max(9_999_999_999);
/**
 * The seed's discount example sends `processing.shipping_amount` and `tax_amount` as strings ("0", "1660",
 * reference/seeds/004_6e27f3ac1c8818d9.txt, "Discounts"): a string of digits is read as the amount.
 */
const amountOrDigits = z.union([amount, z.string().regex(/^\d{1,10}$/).transform(Number)]);
const metadata = z.record(z.string(), z.union([z.string().max(255), z.number(), z.boolean()]));

const address = z.object({
  address_line1: z.string().max(200).optional(),
  address_line2: z.string().max(200).optional(),
  city: z.string().max(50).optional(),
  state: z.string().max(50).optional(),
  zip: z.string().max(50).optional(),
  country: z.string().regex(/^[A-Za-z]{2}$/).optional(),
});

const phone = z.object({ country_code: z.string().max(7).optional(), number: z.string().max(25).optional() });

const accountHolder = z.object({
  first_name: z.string().max(50).optional(),
  last_name: z.string().max(50).optional(),
  email: z.string().max(255).optional(),
  billing_address: address.optional(),
  phone: phone.optional(),
});

export const itemSchema = z.object({
  // The seed prints "Physical" and "discount" (reference/seeds/004_…, "Discounts"); the case is not significant.
  type: z
    .string()
    .transform((type) => type.toLowerCase())
    .pipe(z.enum(["physical", "digital", "discount"]))
    .optional(),
  name: z.string().min(1).max(255),
  quantity: z.int().min(1),
  unit_price: amount,
  reference: z.string().max(255).optional(),
  total_amount: amount,
  tax_rate: z.int().min(0).max(10_000).optional(),
  tax_amount: amount.optional(),
  discount_amount: amount.optional(),
  url: z.string().max(1024).optional(),
  image_url: z.string().max(1024).optional(),
});

const shipping = z.object({
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  email: z.string().optional(),
  address: address.optional(),
  phone: phone.optional(),
});

export const paymentContextRequestSchema = z.object({
  source: z.object({ type: z.string(), account_holder: accountHolder.optional() }),
  amount,
  currency: z.string().regex(/^[A-Za-z]{3}$/),
  payment_type: z.string().optional(),
  capture: z.boolean().optional(),
  customer: z.object({ email: z.string().optional(), name: z.string().optional() }).optional(),
  shipping: shipping.optional(),
  processing: z
    .object({
      locale: z.string().optional(),
      custom_payment_method_ids: z.array(z.string().max(50)).max(20).optional(),
      shipping_amount: amountOrDigits.optional(),
      tax_amount: amountOrDigits.optional(),
      discount_amount: amountOrDigits.optional(),
    })
    .optional(),
  processing_channel_id: z.string().optional(),
  reference: z.string().max(50).optional(),
  description: z.string().max(100).optional(),
  items: z.array(itemSchema).max(1000).optional(),
  metadata: metadata.optional(),
});
export type PaymentContextRequest = z.infer<typeof paymentContextRequestSchema>;

export const paymentRequestSchema = z.object({
  payment_context_id: z.string().optional(),
  processing_channel_id: z.string().optional(),
  amount: amount.optional(),
  currency: z.string().regex(/^[A-Za-z]{3}$/).optional(),
  reference: z.string().max(80).optional(),
  capture: z.boolean().optional(),
  metadata: metadata.optional(),
});
export type PaymentRequestBody = z.infer<typeof paymentRequestSchema>;

/** Klarna's shipping methods (Order Management's shipping_info), which a Klarna capture passes on. */
export const SHIPPING_METHODS = [
  "PickUpStore", "Home", "BoxReg", "BoxUnreg", "PickUpPoint", "Own", "Postal", "DHLPackstation", "Digital",
  "Undefined", "PickUpWarehouse", "ClickCollect", "PalletDelivery",
] as const;

export const shippingInfoSchema = z.object({
  shipping_company: z.string().max(100).optional(),
  shipping_method: z.enum(SHIPPING_METHODS).optional(),
  tracking_number: z.string().max(100).optional(),
  tracking_uri: z.string().max(1024).optional(),
  return_shipping_company: z.string().max(100).optional(),
  return_tracking_number: z.string().max(100).optional(),
  return_tracking_uri: z.string().max(1024).optional(),
});

export const captureRequestSchema = z.object({
  amount: amount.optional(),
  capture_type: z.enum(["Final", "NonFinal"]).optional(),
  reference: z.string().max(80).optional(),
  items: z.array(itemSchema).max(1000).optional(),
  processing: z.object({ shipping_info: z.array(shippingInfoSchema).max(500).optional() }).optional(),
  metadata: metadata.optional(),
});

export const refundRequestSchema = z.object({
  amount: amount.optional(),
  reference: z.string().max(80).optional(),
  capture_action_id: z.string().optional(),
  items: z.array(itemSchema).max(1000).optional(),
  metadata: metadata.optional(),
});

export const voidRequestSchema = z.object({
  reference: z.string().max(80).optional(),
  metadata: metadata.optional(),
});

export const workflowRequestSchema = z.object({
  name: z.string().min(1).max(100),
  active: z.boolean().optional(),
  conditions: z
    .array(
      z.union([
        z.object({ type: z.literal("event"), events: z.record(z.string(), z.array(z.string())) }),
        z.object({ type: z.literal("entity"), entities: z.array(z.string()) }),
        z.object({ type: z.literal("processing_channel"), processing_channels: z.array(z.string()) }),
      ]),
    )
    .default([]),
  actions: z
    .array(
      z.object({
        type: z.literal("webhook"),
        // http:// or https:// (Checkout.com's dashboard webhooks page; routes.ts isAcceptedWebhookUrl).
        url: z.url({ protocol: /^https?$/ }),
        headers: z.record(z.string(), z.string()).optional(),
        signature: z.object({ method: z.string().optional(), key: z.string().min(1).optional() }).optional(),
      }),
    )
    .min(1),
});
