import { z } from "zod";

// Request bodies, derived from reference/klarna/*.openapi.json. Unknown properties are dropped, as
// Klarna ignores them; `null` is treated as absent before parsing (see parseBody).

const text = (max: number) => z.string().max(max);
const COUNTRY = /^[A-Za-z]{2}$/;
const CURRENCY = /^[A-Za-z]{3}$/;
const LOCALE = /^[A-Za-z]{2}(?:-[A-Za-z]{2})*$/;
const LINE_TYPES = [
  "physical",
  "discount",
  "shipping_fee",
  "sales_tax",
  "store_credit",
  "gift_card",
  "digital",
  "surcharge",
  "return_fee",
] as const;

export const addressSchema = z.object({
  attention: text(99).optional(),
  city: text(99).optional(),
  country: z.string().regex(COUNTRY).optional(),
  email: text(99).optional(),
  family_name: text(99).optional(),
  given_name: text(99).optional(),
  organization_name: text(99).optional(),
  phone: text(99).optional(),
  postal_code: text(10).optional(),
  region: text(99).optional(),
  street_address: text(99).optional(),
  street_address2: text(99).optional(),
  title: text(20).optional(),
});

export const customerSchema = z.object({
  date_of_birth: z.string().optional(),
  gender: z.string().optional(),
  last_four_ssn: z
    .string()
    .regex(/^([0-9]{4}|[0-9]{9})$/)
    .optional(),
  national_identification_number: z.string().optional(),
  organization_entity_type: z.string().optional(),
  organization_registration_id: z.string().optional(),
  title: z.string().optional(),
  type: z
    .string()
    .regex(/^(person|organization)$/)
    .optional(),
  vat_id: z.string().optional(),
});

const productIdentifiersSchema = z.object({
  brand: text(70).optional(),
  category_path: text(750).optional(),
  global_trade_item_number: text(50).optional(),
  manufacturer_part_number: text(70).optional(),
  color: text(64).optional(),
  size: text(64).optional(),
});

const subscriptionSchema = z.object({
  name: z.string().min(1).max(255),
  interval: z.enum(["DAY", "WEEK", "MONTH", "YEAR"]),
  interval_count: z.int().min(1),
});

export const orderLineSchema = z.object({
  type: z.enum(LINE_TYPES).optional(),
  reference: text(255).optional(),
  name: z.string().min(1).max(255),
  quantity: z.int().min(0),
  quantity_unit: z.string().min(1).max(8).optional(),
  unit_price: z.int().max(100_000_000),
  tax_rate: z.int().min(0).max(10_000).optional(),
  total_amount: z.int().max(100_000_000),
  total_discount_amount: z.int().min(0).optional(),
  total_tax_amount: z.int().optional(),
  merchant_data: text(1024).optional(),
  product_url: text(1024).optional(),
  image_url: text(1024).optional(),
  product_identifiers: productIdentifiersSchema.optional(),
  subscription: subscriptionSchema.optional(),
});

// Klarna Payments' merchant_urls (payments-v1 schema merchant_urls); there is no validation URL in Payments, and a
// `validation` sent anyway is dropped like any unknown property.
const merchantUrlsSchema = z.object({
  confirmation: text(2000).optional(),
  notification: text(2000).optional(),
  push: text(2000).optional(),
  authorization: text(2000).optional(),
});

const colour = z.string().regex(/^#[A-Fa-f0-9]{6}$/);
const optionsSchema = z.object({
  color_border: colour.optional(),
  color_border_selected: colour.optional(),
  color_details: colour.optional(),
  color_text: colour.optional(),
  radius_border: z.string().optional(),
});

const orderFields = {
  purchase_country: z.string().regex(COUNTRY),
  purchase_currency: z.string().regex(CURRENCY),
  locale: z.string().regex(LOCALE).optional(),
  order_amount: z.int().min(0),
  order_tax_amount: z.int().min(0).optional(),
  order_lines: z.array(orderLineSchema).min(1).max(1000),
  billing_address: addressSchema.optional(),
  shipping_address: addressSchema.optional(),
  customer: customerSchema.optional(),
  merchant_reference1: text(255).optional(),
  merchant_reference2: text(255).optional(),
  merchant_data: text(6000).optional(),
  merchant_urls: merchantUrlsSchema.optional(),
  custom_payment_method_ids: z.array(z.string()).optional(),
};

const sessionFields = {
  ...orderFields,
  acquiring_channel: z.enum(["ECOMMERCE", "IN_STORE", "TELESALES"]).optional(),
  attachment: z.object({ body: z.string(), content_type: z.string() }).optional(),
  design: z.string().optional(),
  intent: z.enum(["buy", "tokenize", "buy_and_tokenize"]).optional(),
  options: optionsSchema.optional(),
};

export const sessionCreateSchema = z.object(sessionFields);
export const sessionUpdateSchema = z.object(sessionFields).partial();
export const createOrderSchema = z.object({ ...orderFields, auto_capture: z.boolean().optional() });

export const customerTokenRequestSchema = z.object({
  description: z.string(),
  intended_use: z.enum(["SUBSCRIPTION"]),
  locale: z.string().regex(LOCALE),
  purchase_country: z.string().regex(COUNTRY),
  purchase_currency: z.string().regex(CURRENCY),
  billing_address: addressSchema.optional(),
  customer: customerSchema.optional(),
});

// Order Management's order line is a little looser than the Payments one (see ordermanagement-v1.openapi.json).
const omOrderLineSchema = orderLineSchema.extend({
  name: z.string().max(255),
  quantity_unit: z.string().max(10).optional(),
  tax_rate: z.int().min(0).optional(),
});

const shippingInfoSchema = z.object({
  // Its length is Order Management's 422, not a 400 (checked in order-management.ts).
  shipping_company: z.string().optional(),
  shipping_method: z
    .string()
    .regex(
      /^(PickUpStore|Home|BoxReg|BoxUnreg|PickUpPoint|Own|Postal|DHLPackstation|Digital|Undefined|PickUpWarehouse|ClickCollect|PalletDelivery)$/,
    )
    .optional(),
  tracking_number: text(100).optional(),
  tracking_uri: text(1024).optional(),
  return_shipping_company: text(100).optional(),
  return_tracking_number: text(100).optional(),
  return_tracking_uri: text(1024).optional(),
});

export const captureRequestSchema = z.object({
  captured_amount: z.int().min(0).max(100_000_000),
  reference: text(255).optional(),
  order_lines: z.array(omOrderLineSchema).max(1000).optional(),
  shipping_delay: z.int().min(0).optional(),
  shipping_info: z.array(shippingInfoSchema).max(500).optional(),
});

export const refundRequestSchema = z.object({
  refunded_amount: z.int().min(0).max(100_000_000),
  reference: text(255).optional(),
  order_lines: z.array(omOrderLineSchema).max(1000).optional(),
});

export const shippingInfoUpdateSchema = z.object({ shipping_info: z.array(shippingInfoSchema).min(1).max(500) });

export const updateAuthorizationSchema = z.object({
  order_amount: z.int().min(0).max(100_000_000),
  order_lines: z.array(omOrderLineSchema).max(1000).optional(),
});

export const merchantReferencesSchema = z.object({
  merchant_reference1: text(255).optional(),
  merchant_reference2: text(255).optional(),
});

export const customerDetailsSchema = z.object({
  billing_address: addressSchema.optional(),
  shipping_address: addressSchema.optional(),
});

export const extendDueDateSchema = z.object({ number_of_days: z.int() });

export type Address = z.infer<typeof addressSchema>;
export type Customer = z.infer<typeof customerSchema>;
export type OrderLine = z.infer<typeof orderLineSchema>;
export type OmOrderLine = z.infer<typeof omOrderLineSchema>;
export type MerchantUrls = z.infer<typeof merchantUrlsSchema>;
export type ShippingInfo = z.infer<typeof shippingInfoSchema>;
export type SessionCreate = z.infer<typeof sessionCreateSchema>;
export type CreateOrderRequest = z.infer<typeof createOrderSchema>;
