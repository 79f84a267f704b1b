import { z } from "zod";

/*
 * Shapes of what the store sends to and reads from Klarna, taken from the specs in
 * reference/klarna/ (payments-v1.openapi.json, ordermanagement-v1.openapi.json). Field names are Klarna's.
 *
 * Request schemas carry Klarna's own limits, so a form can report a too-long tracking number before Klarna does.
 * Response schemas require only the fields the store acts on and ignore fields Klarna adds later; optional fields
 * that arrive as null read as absent, so an unexpected null never makes a real order unreadable.
 */

/** An amount in the currency's minor unit (cents, öre), as every Klarna money field is. */
const minorUnits = z.number().int();

/** Hundredths of a percent: 2500 is 25 %. */
const taxRate = z.number().int().min(0).max(10_000);

const countryCode = z.string().regex(/^[A-Za-z]{2}$/, "must be a two-letter ISO 3166 country code");
const currencyCode = z.string().regex(/^[A-Za-z]{3}$/, "must be a three-letter ISO 4217 currency code");
const locale = z.string().regex(/^[A-Za-z]{2}(?:-[A-Za-z]{2})*$/, "must be an RFC 1766 locale such as en-SE");

/** An optional field of a response: absent and null both read as undefined. */
function maybe<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === null ? undefined : value), schema.optional());
}

// ─── Shared by both APIs ──────────────────────────────────────────────────────────────────────────────────────────

export const orderLineTypeSchema = z.enum([
  "physical",
  "discount",
  "shipping_fee",
  "sales_tax",
  "digital",
  "gift_card",
  "store_credit",
  "surcharge",
]);
export type OrderLineType = z.infer<typeof orderLineTypeSchema>;

/**
 * A subscription product's order line object (reference/klarna/payments-v1.openapi.json, schema `subscription`:
 * name, interval DAY | WEEK | MONTH | YEAR, interval_count ≥ 1, all required; the customer-token API's order line has
 * the same, reference/klarna/customer-token-v1.openapi.yml).
 */
export const subscriptionSchema = z.object({
  name: z.string().min(1).max(255),
  interval: z.enum(["DAY", "WEEK", "MONTH", "YEAR"]),
  interval_count: z.number().int().min(1),
});

/**
 * The same object as Klarna reports it back: the schemas require all three fields, but Order Management's own examples
 * show `{ "interval": "MONTH" }` alone (reference/examples/order-management/spec-get-orders-order-id-200.json,
 * spec-patch-orders-order-id-authorization-request.json), so each is read as optional.
 */
export const subscriptionReadSchema = z.object({
  name: z.string().max(255).optional(),
  interval: z.enum(["DAY", "WEEK", "MONTH", "YEAR"]).optional(),
  interval_count: z.number().int().min(1).optional(),
});

/** One line of an order as the store sends it (Payments `order_line`; Order Management accepts the same). */
export const orderLineSchema = z.object({
  type: orderLineTypeSchema.optional(),
  reference: z.string().max(255).optional(),
  name: z.string().min(1).max(255),
  quantity: z.number().int().min(0),
  quantity_unit: z.string().min(1).max(8).optional(),
  /** Includes tax, excludes discount; negative on a discount line. */
  unit_price: minorUnits.max(100_000_000),
  tax_rate: taxRate.optional(),
  /** quantity × unit_price − total_discount_amount. */
  total_amount: minorUnits.max(100_000_000),
  total_discount_amount: minorUnits.min(0).optional(),
  total_tax_amount: minorUnits.optional(),
  merchant_data: z.string().max(1024).optional(),
  product_url: z.string().max(1024).optional(),
  image_url: z.string().max(1024).optional(),
  subscription: subscriptionSchema.optional(),
});
export type OrderLine = z.infer<typeof orderLineSchema>;

/** An order line as Klarna returns it. `type` stays a string: Order Management also knows `return_fee`. */
export const orderLineReadSchema = z.object({
  type: maybe(z.string()),
  reference: maybe(z.string()),
  name: z.string(),
  quantity: z.number().int(),
  quantity_unit: maybe(z.string()),
  unit_price: minorUnits,
  tax_rate: maybe(z.number().int()),
  total_amount: minorUnits,
  total_discount_amount: maybe(minorUnits),
  total_tax_amount: maybe(minorUnits),
  merchant_data: maybe(z.string()),
  product_url: maybe(z.string()),
  image_url: maybe(z.string()),
  subscription: maybe(subscriptionReadSchema),
});
export type OrderLineRead = z.infer<typeof orderLineReadSchema>;

/** A customer address as the store sends it (Payments limits, the stricter of the two APIs). */
export const addressSchema = z.object({
  title: z.string().max(20).optional(),
  given_name: z.string().max(99).optional(),
  family_name: z.string().max(99).optional(),
  email: z.string().max(99).optional(),
  organization_name: z.string().max(99).optional(),
  attention: z.string().max(99).optional(),
  street_address: z.string().max(99).optional(),
  street_address2: z.string().max(99).optional(),
  postal_code: z.string().max(10).optional(),
  city: z.string().max(99).optional(),
  region: z.string().max(99).optional(),
  phone: z.string().max(99).optional(),
  country: countryCode.optional(),
});
export type Address = z.infer<typeof addressSchema>;

export const addressReadSchema = z.object({
  title: maybe(z.string()),
  given_name: maybe(z.string()),
  family_name: maybe(z.string()),
  email: maybe(z.string()),
  organization_name: maybe(z.string()),
  attention: maybe(z.string()),
  street_address: maybe(z.string()),
  street_address2: maybe(z.string()),
  postal_code: maybe(z.string()),
  city: maybe(z.string()),
  region: maybe(z.string()),
  phone: maybe(z.string()),
  country: maybe(z.string()),
});
export type AddressRead = z.infer<typeof addressReadSchema>;

/** Klarna's error body, the same in both APIs. */
export const klarnaErrorBodySchema = z.object({
  error_code: z.string(),
  error_messages: maybe(z.array(z.string())),
  correlation_id: maybe(z.string()),
});
export type KlarnaErrorBody = z.infer<typeof klarnaErrorBodySchema>;

// ─── Payments API (/payments/v1) ──────────────────────────────────────────────────────────────────────────────────

const urlField = z.string().max(2000);

/**
 * Where Klarna sends the shopper and its callbacks; `{session.id}` and `{order.id}` are filled in by Klarna. Exactly
 * the Payments spec's `merchant_urls`: Klarna Payments has no validation callback (that is Kustom Checkout's), so the
 * merchant's rules run before the order is placed (lib/payments/klarna-payments/place-order.ts).
 */
export const merchantUrlsSchema = z.object({
  confirmation: urlField.optional(),
  notification: urlField.optional(),
  push: urlField.optional(),
  authorization: urlField.optional(),
});
export type MerchantUrls = z.infer<typeof merchantUrlsSchema>;

/** Body of POST /payments/v1/sessions (`session_create`). */
export const sessionRequestSchema = z.object({
  purchase_country: countryCode,
  purchase_currency: currencyCode,
  locale: locale.optional(),
  /** Must equal the sum of the order lines' total_amount. */
  order_amount: minorUnits.min(0),
  order_tax_amount: minorUnits.min(0).optional(),
  order_lines: z.array(orderLineSchema).min(1).max(1000),
  merchant_urls: merchantUrlsSchema.optional(),
  merchant_reference1: z.string().max(255).optional(),
  merchant_reference2: z.string().max(255).optional(),
  merchant_data: z.string().max(6000).optional(),
  billing_address: addressSchema.optional(),
  shipping_address: addressSchema.optional(),
  intent: z.enum(["buy", "tokenize", "buy_and_tokenize"]).optional(),
  acquiring_channel: z.enum(["ECOMMERCE", "IN_STORE", "TELESALES"]).optional(),
});
export type SessionRequest = z.infer<typeof sessionRequestSchema>;

/** Body of POST /payments/v1/sessions/{session_id}: any part of the session may change. */
export const sessionUpdateSchema = sessionRequestSchema.partial();
export type SessionUpdate = z.infer<typeof sessionUpdateSchema>;

export const paymentMethodCategorySchema = z.object({
  /** What the widget is loaded with: pay_later, pay_over_time, klarna… */
  identifier: z.string().min(1),
  name: z.string(),
  asset_urls: maybe(z.object({ descriptive: maybe(z.string()), standard: maybe(z.string()) })),
});
export type PaymentMethodCategory = z.infer<typeof paymentMethodCategorySchema>;

/** Answer to creating a session (`merchant_session`). */
export const sessionCreatedSchema = z.object({
  session_id: z.string().min(1),
  client_token: z.string().min(1),
  payment_method_categories: maybe(z.array(paymentMethodCategorySchema)).transform((value) => value ?? []),
});
export type SessionCreated = z.infer<typeof sessionCreatedSchema>;

/** Answer to reading a session (`session_read`). */
export const sessionReadSchema = z.object({
  /** "complete" once an order has been placed from it. */
  status: z.enum(["complete", "incomplete"]),
  purchase_country: maybe(z.string()),
  purchase_currency: z.string(),
  locale: maybe(z.string()),
  order_amount: minorUnits,
  order_tax_amount: maybe(minorUnits),
  order_lines: z.array(orderLineReadSchema),
  client_token: maybe(z.string()),
  authorization_token: maybe(z.string()),
  expires_at: maybe(z.string()),
  intent: maybe(z.string()),
  merchant_reference1: maybe(z.string()),
  merchant_reference2: maybe(z.string()),
  merchant_data: maybe(z.string()),
  billing_address: maybe(addressReadSchema),
  shipping_address: maybe(addressReadSchema),
  payment_method_categories: maybe(z.array(paymentMethodCategorySchema)),
});
export type SessionRead = z.infer<typeof sessionReadSchema>;

/** Body of POST /payments/v1/authorizations/{token}/order (`create_order_request`). */
export const orderRequestSchema = sessionRequestSchema.omit({ intent: true, acquiring_channel: true }).extend({
  auto_capture: z.boolean().optional(),
});
export type OrderRequest = z.infer<typeof orderRequestSchema>;

/**
 * Answer to placing an order (`order`). The id names the order; with `fraud_status` and `authorized_payment_method` it
 * may stand for the order on the first authorization callback (lib/payments/klarna-payments/placement-purchase.ts);
 * otherwise the order is read from Order Management.
 */
export const orderCreatedSchema = z.object({
  order_id: z.string().min(1),
  redirect_url: maybe(z.string()),
  fraud_status: maybe(z.string()),
  // An object in payments-v1.openapi.json (`authorized_payment_method`), the type alone as a string in the step-3 page's
  // success response (reference/examples/klarna-payments/docs-step-3-create-an-order-200.json): both are read, as the
  // object.
  authorized_payment_method: maybe(
    z.union([
      z.object({
        type: z.string(),
        number_of_days: maybe(z.number().int()),
        number_of_installments: maybe(z.number().int()),
      }),
      z.string().transform((type) => ({ type, number_of_days: undefined, number_of_installments: undefined })),
    ]),
  ),
});
export type OrderCreated = z.infer<typeof orderCreatedSchema>;

/** Body of POST /payments/v1/authorizations/{token}/customer-token. */
export const customerTokenRequestSchema = z.object({
  purchase_country: countryCode,
  purchase_currency: currencyCode,
  locale,
  description: z.string().min(1).max(255),
  intended_use: z.literal("SUBSCRIPTION"),
  billing_address: addressSchema.optional(),
});
export type CustomerTokenRequest = z.infer<typeof customerTokenRequestSchema>;

export const customerTokenCreatedSchema = z.object({
  token_id: z.string().min(1),
  redirect_url: maybe(z.string()),
  payment_method_reference: maybe(z.string()),
  billing_address: maybe(addressReadSchema),
});
export type CustomerTokenCreated = z.infer<typeof customerTokenCreatedSchema>;

// ─── Order Management API (/ordermanagement/v1) ───────────────────────────────────────────────────────────────────

export const shippingMethodSchema = z.enum([
  "PickUpStore",
  "Home",
  "BoxReg",
  "BoxUnreg",
  "PickUpPoint",
  "Own",
  "Postal",
  "DHLPackstation",
  "Digital",
  "Undefined",
  "PickUpWarehouse",
  "ClickCollect",
  "PalletDelivery",
]);
export type ShippingMethod = z.infer<typeof shippingMethodSchema>;

/** Tracking details the customer sees in the Klarna app. */
export const shippingInfoSchema = z.object({
  /** As specific as possible: "DHL US", not "DHL". */
  shipping_company: z.string().max(100).optional(),
  shipping_method: shippingMethodSchema.optional(),
  tracking_number: z.string().max(100).optional(),
  tracking_uri: z.string().max(1024).optional(),
  return_shipping_company: z.string().max(100).optional(),
  return_tracking_number: z.string().max(100).optional(),
  return_tracking_uri: z.string().max(1024).optional(),
});
export type ShippingInfo = z.infer<typeof shippingInfoSchema>;

export const shippingInfoReadSchema = z.object({
  shipping_company: maybe(z.string()),
  shipping_method: maybe(z.string()),
  tracking_number: maybe(z.string()),
  tracking_uri: maybe(z.string()),
  return_shipping_company: maybe(z.string()),
  return_tracking_number: maybe(z.string()),
  return_tracking_uri: maybe(z.string()),
});
export type ShippingInfoRead = z.infer<typeof shippingInfoReadSchema>;

/** Body of POST /ordermanagement/v1/orders/{order_id}/captures (`CaptureObject`). */
export const captureRequestSchema = z.object({
  captured_amount: minorUnits.min(0).max(100_000_000),
  /** Shown to the customer. */
  description: z.string().max(255).optional(),
  /** Appears in the settlement files. */
  reference: z.string().max(255).optional(),
  order_lines: z.array(orderLineSchema).max(1000).optional(),
  shipping_info: z.array(shippingInfoSchema).max(500).optional(),
  /** Days until shipping; values above 0 must first be enabled by Klarna for the merchant. */
  shipping_delay: z.number().int().min(0).optional(),
});
export type CaptureRequest = z.infer<typeof captureRequestSchema>;

export const captureSchema = z.object({
  capture_id: z.string().min(1),
  captured_amount: minorUnits,
  captured_at: maybe(z.string()),
  description: maybe(z.string()),
  reference: maybe(z.string()),
  klarna_reference: maybe(z.string()),
  refunded_amount: maybe(minorUnits),
  order_lines: maybe(z.array(orderLineReadSchema)),
  shipping_info: maybe(z.array(shippingInfoReadSchema)),
  billing_address: maybe(addressReadSchema),
  shipping_address: maybe(addressReadSchema),
});
export type Capture = z.infer<typeof captureSchema>;

/** Body of POST /ordermanagement/v1/orders/{order_id}/refunds (`RefundObject`). */
export const refundRequestSchema = z.object({
  refunded_amount: minorUnits.min(0).max(100_000_000),
  description: z.string().max(255).optional(),
  reference: z.string().max(255).optional(),
  order_lines: z.array(orderLineSchema).max(1000).optional(),
});
export type RefundRequest = z.infer<typeof refundRequestSchema>;

export const refundSchema = z.object({
  refund_id: z.string().min(1),
  refunded_amount: minorUnits,
  refunded_at: maybe(z.string()),
  description: maybe(z.string()),
  reference: maybe(z.string()),
  order_lines: maybe(z.array(orderLineReadSchema)),
});
export type Refund = z.infer<typeof refundSchema>;

/** Body of PATCH /ordermanagement/v1/orders/{order_id}/merchant-references. */
export const merchantReferencesSchema = z.object({
  merchant_reference1: z.string().max(255).optional(),
  merchant_reference2: z.string().max(255).optional(),
});
export type MerchantReferences = z.infer<typeof merchantReferencesSchema>;

export const managedOrderStatusSchema = z.enum([
  "AUTHORIZED",
  "PART_CAPTURED",
  "CAPTURED",
  "CANCELLED",
  "EXPIRED",
  "CLOSED",
]);
export type ManagedOrderStatus = z.infer<typeof managedOrderStatusSchema>;

/** PENDING orders must not be shipped until Klarna notifies that fraud review accepted them. */
export const fraudStatusSchema = z.enum(["ACCEPTED", "PENDING", "REJECTED"]);
export type FraudStatus = z.infer<typeof fraudStatusSchema>;

/** GET /ordermanagement/v1/orders/{order_id}: the source of truth for an order (`Order`). */
export const managedOrderSchema = z.object({
  order_id: z.string().min(1),
  status: managedOrderStatusSchema,
  fraud_status: fraudStatusSchema,
  order_amount: minorUnits,
  // Not acted on, and ordermanagement-v1.openapi.json (Order) neither requires it nor prints an example of it.
  original_order_amount: maybe(minorUnits),
  captured_amount: minorUnits,
  refunded_amount: minorUnits,
  remaining_authorized_amount: minorUnits,
  purchase_currency: z.string(),
  purchase_country: maybe(z.string()),
  locale: maybe(z.string()),
  order_lines: z.array(orderLineReadSchema),
  billing_address: maybe(addressReadSchema),
  shipping_address: maybe(addressReadSchema),
  merchant_reference1: maybe(z.string()),
  merchant_reference2: maybe(z.string()),
  merchant_data: maybe(z.string()),
  klarna_reference: maybe(z.string()),
  created_at: maybe(z.string()),
  /** Captures are only possible until then. */
  expires_at: maybe(z.string()),
  captures: maybe(z.array(captureSchema)).transform((value) => value ?? []),
  refunds: maybe(z.array(refundSchema)).transform((value) => value ?? []),
  shipping_info: maybe(z.array(shippingInfoReadSchema)),
  initial_payment_method: maybe(
    z.object({
      type: maybe(z.string()),
      description: maybe(z.string()),
      number_of_installments: maybe(z.number().int()),
    }),
  ),
});
export type ManagedOrder = z.infer<typeof managedOrderSchema>;

// ─── Checkout API v3 (/checkout/v3), Kustom Checkout (formerly Klarna Checkout) ──────────────────────────────────
// reference/kustom/checkout-v3.openapi.yaml; Kustom serves the same API at its own hosts (notes.md §1).

/** Kustom fills `{checkout.order.id}` into each URL; `validation` is called before the purchase completes. */
export const checkoutMerchantUrlsSchema = z.object({
  terms: urlField,
  checkout: urlField,
  confirmation: urlField,
  push: urlField,
  validation: urlField.optional(),
  notification: urlField.optional(),
});
export type CheckoutMerchantUrls = z.infer<typeof checkoutMerchantUrlsSchema>;

/** Body of POST /checkout/v3/orders and of its update (`order`, the merchant's part). */
export const checkoutOrderRequestSchema = z.object({
  purchase_country: countryCode,
  purchase_currency: currencyCode,
  locale,
  order_amount: minorUnits.min(0),
  order_tax_amount: minorUnits.min(0),
  order_lines: z.array(orderLineSchema).min(1).max(1000),
  merchant_urls: checkoutMerchantUrlsSchema,
  merchant_reference1: z.string().max(255).optional(),
  merchant_reference2: z.string().max(255).optional(),
  shipping_countries: z.array(countryCode).optional(),
  billing_countries: z.array(countryCode).optional(),
  options: z
    .object({
      /** Without an answer to the validation callback, fail the purchase after 10 s instead of approving after 3 s. */
      require_validate_callback_success: z.boolean().optional(),
      allow_separate_shipping_address: z.boolean().optional(),
      phone_mandatory: z.boolean().optional(),
    })
    .optional(),
});
export type CheckoutOrderRequest = z.infer<typeof checkoutOrderRequestSchema>;

export const checkoutOrderStatusSchema = z.enum(["checkout_incomplete", "checkout_complete", "created"]);

/** A checkout order as Kustom returns it. `html_snippet` is the checkout, or once complete the confirmation. */
export const checkoutOrderSchema = z.object({
  order_id: z.string().min(1),
  /**
   * Read in lower case: Kustom's guides print `checkout_incomplete`/`checkout_complete` (reference/kustom/notes.md §4,
   * §8), while the spec's example is `CHECKOUT_INCOMPLETE` (reference/kustom/checkout-v3.openapi.yaml, order.status;
   * reference/examples/kustom/spec-get-orders-order-id-200.json). Both are documented, so both are accepted.
   */
  status: z.string().transform((status) => status.toLowerCase()),
  purchase_country: z.string(),
  purchase_currency: z.string(),
  locale: maybe(z.string()),
  order_amount: minorUnits,
  order_tax_amount: maybe(minorUnits),
  order_lines: z.array(orderLineReadSchema),
  html_snippet: maybe(z.string()),
  merchant_reference1: maybe(z.string()),
  merchant_reference2: maybe(z.string()),
  billing_address: maybe(addressReadSchema),
  shipping_address: maybe(addressReadSchema),
  completed_at: maybe(z.string()),
});
export type CheckoutOrder = z.infer<typeof checkoutOrderSchema>;
