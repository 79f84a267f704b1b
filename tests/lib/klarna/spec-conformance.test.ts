import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as klarna from "@/lib/klarna";

const REFERENCE = path.resolve(__dirname, "../../../reference/klarna");

const property = z.looseObject({ enum: z.array(z.string()).optional(), pattern: z.string().optional() });
const objectSchema = z.looseObject({
  properties: z.record(z.string(), property),
  required: z.array(z.string()).optional(),
});
const openApi = z.object({ components: z.object({ schemas: z.record(z.string(), z.unknown()) }) });

function load(file: string): string {
  return readFileSync(path.join(REFERENCE, file), "utf8");
}
const payments = openApi.parse(JSON.parse(load("payments-v1.openapi.json"))).components.schemas;
const orderManagement = openApi.parse(JSON.parse(load("ordermanagement-v1.openapi.json"))).components.schemas;

function specObject(schemas: Record<string, unknown>, name: string) {
  return objectSchema.parse(schemas[name]);
}

function alternatives(pattern: string | undefined): string[] {
  return (pattern ?? "").replace(/^\(|\)$/g, "").split("|");
}

type Pair = [name: string, schema: z.ZodObject, spec: Record<string, unknown>, specName: string];
const pairs: Pair[] = [
  ["orderLineSchema", klarna.orderLineSchema, payments, "order_line"],
  ["orderLineReadSchema", klarna.orderLineReadSchema, orderManagement, "order_line"],
  ["addressSchema", klarna.addressSchema, payments, "address"],
  ["addressReadSchema", klarna.addressReadSchema, orderManagement, "address"],
  ["sessionRequestSchema", klarna.sessionRequestSchema, payments, "session_create"],
  ["sessionUpdateSchema", klarna.sessionUpdateSchema, payments, "session"],
  ["sessionCreatedSchema", klarna.sessionCreatedSchema, payments, "merchant_session"],
  ["sessionReadSchema", klarna.sessionReadSchema, payments, "session_read"],
  ["paymentMethodCategorySchema", klarna.paymentMethodCategorySchema, payments, "payment_method_category"],
  ["orderRequestSchema", klarna.orderRequestSchema, payments, "create_order_request"],
  ["orderCreatedSchema", klarna.orderCreatedSchema, payments, "order"],
  ["customerTokenRequestSchema", klarna.customerTokenRequestSchema, payments, "customer_token_creation_request"],
  ["customerTokenCreatedSchema", klarna.customerTokenCreatedSchema, payments, "customer_token_creation_response"],
  ["klarnaErrorBodySchema", klarna.klarnaErrorBodySchema, orderManagement, "ErrorMessageDto"],
  ["captureRequestSchema", klarna.captureRequestSchema, orderManagement, "CaptureObject"],
  ["captureSchema", klarna.captureSchema, orderManagement, "Capture"],
  ["refundRequestSchema", klarna.refundRequestSchema, orderManagement, "RefundObject"],
  ["refundSchema", klarna.refundSchema, orderManagement, "Refund"],
  ["shippingInfoSchema", klarna.shippingInfoSchema, orderManagement, "shipping_info"],
  ["shippingInfoReadSchema", klarna.shippingInfoReadSchema, orderManagement, "shipping_info"],
  ["merchantReferencesSchema", klarna.merchantReferencesSchema, orderManagement, "Update_merchant_references"],
  ["managedOrderSchema", klarna.managedOrderSchema, orderManagement, "Order"],
];

describe("schemas against Klarna's API descriptions", () => {
  // A loop rather than it.each, which ran out of memory with zod schemas and whole specs as test arguments.
  for (const [name, schema, spec, specName] of pairs) {
    it(`${name} names only fields of Klarna's ${specName}`, () => {
      const known = Object.keys(specObject(spec, specName).properties);
      expect(Object.keys(schema.shape).filter((field) => !known.includes(field))).toEqual([]);
    });

    it(`${name} requires every field Klarna's ${specName} requires`, () => {
      const required = specObject(spec, specName).required ?? [];
      const optional = required.filter((field) => schema.shape[field]?.safeParse(undefined).success !== false);
      expect(optional).toEqual([]);
    });
  }

  it("sends exactly the merchant_urls Klarna Payments knows: no validation callback, which is Kustom Checkout's", () => {
    const known = Object.keys(specObject(payments, "merchant_urls").properties);
    expect(Object.keys(klarna.merchantUrlsSchema.shape).sort()).toEqual(known.sort());
    expect(known).not.toContain("validation");
  });

  it("knows exactly Klarna's order statuses and shipping methods", () => {
    const order = specObject(orderManagement, "Order").properties;
    expect(klarna.managedOrderStatusSchema.options).toEqual(order.status?.enum);

    const shipping = specObject(orderManagement, "shipping_info").properties;
    const methods = alternatives(shipping.shipping_method?.pattern);
    expect([...klarna.shippingMethodSchema.options].sort()).toEqual(methods.sort());
  });

  it("offers every order line type Klarna takes at checkout, and only those", () => {
    const omTypes = alternatives(specObject(orderManagement, "order_line").properties.type?.pattern);
    // return_fee exists only after the purchase, in Order Management.
    const checkoutTypes = omTypes.filter((type) => type !== "return_fee");
    expect([...klarna.orderLineTypeSchema.options].sort()).toEqual(checkoutTypes.sort());
  });

  it("matches Klarna's session intents and acquiring channels", () => {
    const session = specObject(payments, "session_create").properties;
    const { intent, acquiring_channel } = klarna.sessionRequestSchema.shape;
    expect(intent.unwrap().options).toEqual(session.intent?.enum);
    expect(acquiring_channel.unwrap().options).toEqual(session.acquiring_channel?.enum);
  });
});
