import { z } from "zod";
import { addressSchema, orderLineSchema } from "../schemas";

// Kustom Checkout v3 request bodies, from reference/kustom/checkout-v3.openapi.yaml (components.schemas.order).
// Unknown properties are dropped, as the API ignores them; read-only fields sent by the merchant are ignored too.

const text = (max: number) => z.string().max(max);

/**
 * The URLs Kustom calls during the purchase with the shopper's data must be HTTPS: "All communication with the
 * validation URI will be encrypted. For that reason you must use the HTTPS protocol for this URI"
 * (reference/seeds/001_d410d88aa6cf8734.txt); the spec says "(must be https, max 2000 characters)" of validation,
 * shipping_option_update, address_update and country_change (reference/kustom/checkout-v3.openapi.yaml
 * merchant_urls; reference/kustom/notes.md §5). Kustom refuses a bad property with 400 BAD_VALUE naming it
 * (notes.md §9), which parseBody answers. The simulator's assumption, so a store on a developer's machine works:
 * plain HTTP is accepted on a loopback host (localhost, 127.0.0.0/8, [::1]), which Kustom could never reach anyway
 * (simulator/README.md, Kustom Checkout).
 */
const callbackUrl = text(2000).refine(isHttpsOrLoopback, { message: "must be an https URL" });

export function isHttpsOrLoopback(value: string): boolean {
  let url: URL;
  try {
    // Kustom fills in {checkout.order.id}; the braces are not valid in a URL until then.
    url = new URL(value.replaceAll("{checkout.order.id}", "id"));
  } catch {
    return false;
  }
  if (url.protocol === "https:") return true;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return url.protocol === "http:" && (host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host));
}

/** merchant_urls: terms, checkout, confirmation and push are required, each at most 2000 characters. */
const merchantUrlsSchema = z.object({
  terms: text(2000),
  checkout: text(2000),
  confirmation: text(2000),
  push: text(2000),
  validation: callbackUrl.optional(),
  notification: text(2000).optional(),
  cancellation_terms: text(2000).optional(),
  shipping_option_update: callbackUrl.optional(),
  address_update: callbackUrl.optional(),
  country_change: callbackUrl.optional(),
});

// checkout-v3.openapi.yaml components.schemas.shipping_attributes (weight in grams, dimensions in mm, tags).
const shippingAttributesSchema = z.object({
  weight: z.int().min(0).optional(),
  dimensions: z.object({ height: z.int().min(0).optional(), width: z.int().min(0).optional(), length: z.int().min(0).optional() }).optional(),
  tags: z.array(z.string()).optional(),
});

// Kustom's order line requires tax_rate and total_tax_amount (order_line.required in the spec), and may carry
// shipping_attributes, which Kustom keeps and returns with the line.
const kustomOrderLineSchema = orderLineSchema.extend({
  tax_rate: z.int().min(0).max(10_000),
  total_tax_amount: z.int(),
  shipping_attributes: shippingAttributesSchema.optional(),
});

const kustomAddressSchema = addressSchema.extend({
  street_name: text(99).optional(),
  street_number: text(99).optional(),
  house_extension: text(99).optional(),
  care_of: text(99).optional(),
});

// The options the simulator acts on are checked; the rest of checkout-v3's options (colours, checkboxes,
// shipping_details…) only style Kustom's own iframe and are kept as sent, so an order reads back as it was created.
const optionsSchema = z.looseObject({
  require_validate_callback_success: z.boolean().optional(),
  allow_separate_shipping_address: z.boolean().optional(),
  date_of_birth_mandatory: z.boolean().optional(),
  title_mandatory: z.boolean().optional(),
  phone_mandatory: z.boolean().optional(),
  show_subtotal_detail: z.boolean().optional(),
  auto_capture: z.boolean().optional(),
  color_button: z.string().regex(/^#[A-Fa-f0-9]{6}$/).optional(),
  color_button_text: z.string().regex(/^#[A-Fa-f0-9]{6}$/).optional(),
});

const customerSchema = z.object({
  type: z.enum(["person", "organization"]).optional(),
  gender: z.string().optional(),
  date_of_birth: z.string().optional(),
  organization_registration_id: z.string().optional(),
  vat_id: z.string().optional(),
});

const orderFields = {
  purchase_country: z.string().regex(/^[A-Za-z]{2}$/),
  purchase_currency: z.string().regex(/^[A-Za-z]{3}$/),
  locale: z.string().regex(/^[A-Za-z]{2}(?:-[A-Za-z]{2})*$/),
  order_amount: z.int().min(0),
  order_tax_amount: z.int().min(0),
  order_lines: z.array(kustomOrderLineSchema).min(1).max(1000),
  merchant_urls: merchantUrlsSchema,
  billing_address: kustomAddressSchema.optional(),
  shipping_address: kustomAddressSchema.optional(),
  customer: customerSchema.optional(),
  merchant_reference1: text(255).optional(),
  merchant_reference2: text(255).optional(),
  merchant_data: text(6000).optional(),
  options: optionsSchema.optional(),
  shipping_countries: z.array(z.string().regex(/^[A-Za-z]{2}$/)).optional(),
  billing_countries: z.array(z.string().regex(/^[A-Za-z]{2}$/)).optional(),
  tags: z.array(z.string()).optional(),
};

export const checkoutCreateSchema = z.object(orderFields);
/** An update sends only what changes; what it leaves out stays (updateOrderMerchant). */
export const checkoutUpdateSchema = z.object(orderFields).partial();

/** What the shopper types into the hosted checkout (or a test passes to /_sim/kustom/orders/{id}/complete). */
export const shopperDetailsSchema = z.object({
  email: z.string().max(99),
  postal_code: text(10).optional(),
  given_name: text(99).optional(),
  family_name: text(99).optional(),
  street_address: text(99).optional(),
  city: text(99).optional(),
  phone: text(99).optional(),
  payment_method_category: z.enum(["pay_later", "pay_over_time", "pay_now"]).optional(),
});

export type KustomCheckoutOrder = z.infer<typeof checkoutCreateSchema>;
export type KustomAddress = z.infer<typeof kustomAddressSchema>;
export type ShopperDetails = z.infer<typeof shopperDetailsSchema>;
