import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";
import type { AddressRead, OrderLineRead } from "@/lib/klarna/types";
import { createKlarnaWire, segment, type KlarnaWire } from "@/lib/payments/order-management/wire";

/*
 * Klarna's customer-token API v1 (reference/klarna/customer-token-v1.openapi.yml, copied from api-evangelist/klarna
 * openapi/klarna-customer-token-api-openapi.yml), on the same wire as Klarna Payments (Basic auth, Klarna's error
 * body, Klarna-Idempotency-Key) at KLARNA_API_URL.
 */

/** Answer to GET /customer-token/v1/tokens/{customerToken}: schema `customer_token` (payment_method_type, status required). */
export const customerTokenSchema = z.object({
  /** "Status of token, can be active, cancelled, suspended" (the spec's example ACTIVE); kept as Klarna spells it. */
  status: z.string().min(1),
  payment_method_type: z.string().min(1),
});
export type CustomerToken = z.infer<typeof customerTokenSchema>;

/** Answer to POST …/order: schema `order` (order_id, fraud_status; redirect_url is required there but never used here). */
export const tokenOrderCreatedSchema = z.object({
  order_id: z.string().min(1),
  fraud_status: z.string().optional(),
  redirect_url: z.string().optional(),
});

/** Body of POST …/order: schema `customer_token_order` (order_amount, order_lines, order_tax_amount, purchase_currency required). */
export interface TokenOrderRequest {
  purchase_currency: string;
  order_amount: number;
  order_tax_amount: number;
  /** Each subscription line keeps its `subscription` object (schema order_line.subscription). */
  order_lines: OrderLineRead[];
  merchant_reference1?: string;
  merchant_reference2?: string;
  shipping_address?: AddressRead;
  auto_capture?: boolean;
}

let wire: KlarnaWire | undefined;

function klarnaWire(): KlarnaWire {
  if (!wire) {
    const config = env();
    wire = createKlarnaWire({
      apiUrl: config.KLARNA_API_URL,
      username: config.KLARNA_USERNAME,
      password: config.KLARNA_PASSWORD,
      timeoutMs: config.KLARNA_TIMEOUT_MS,
    });
  }
  return wire;
}

export const customerTokens = {
  read(token: string): Promise<CustomerToken> {
    return klarnaWire().readJson(
      { operation: "customerToken.read", method: "GET", path: `/customer-token/v1/tokens/${segment(token)}` },
      customerTokenSchema,
    );
  },

  /** One charge; `idempotencyKey` names the attempt, so a repeat after a lost answer gets the same order. */
  createOrder(token: string, request: TokenOrderRequest, idempotencyKey: string): Promise<z.infer<typeof tokenOrderCreatedSchema>> {
    return klarnaWire().readJson(
      {
        operation: "customerToken.createOrder",
        method: "POST",
        path: `/customer-token/v1/tokens/${segment(token)}/order`,
        body: request,
        idempotencyKey,
      },
      tokenOrderCreatedSchema,
    );
  },

  /** PATCH …/status with `{ status: "CANCELLED" }`, the only value the spec's `customer_token_status_update_request` allows (202). */
  cancel(token: string): Promise<void> {
    return klarnaWire().noContent({
      operation: "customerToken.updateStatus",
      method: "PATCH",
      path: `/customer-token/v1/tokens/${segment(token)}/status`,
      body: { status: "CANCELLED" },
    });
  },
};
