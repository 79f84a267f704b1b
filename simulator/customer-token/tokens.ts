import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Core } from "../core";
import { KlarnaError, badValue, parseBody } from "../klarna-error";
import { newOrder } from "../klarna-payments/authorizations";
import { checkOrder } from "../order-checks";
import { scheduleOrderCallbacks } from "../order-management/order-management";
import type { OrderRecord } from "../records";
import { addressSchema, orderLineSchema } from "../schemas";

/*
 * Klarna's customer-token API (reference/klarna/customer-token-v1.openapi.yml, from api-evangelist/klarna
 * openapi/klarna-customer-token-api-openapi.yml): read a token, place an order with it, cancel it. A token is made
 * by POST /payments/v1/authorizations/{token}/customer-token (klarna-payments/authorizations.ts), which records it
 * here with the authorization it came from (its persona, payment category and approved session).
 */

export { recordCustomerToken, tokenStore, type CustomerTokenRecord, type TokenStatus } from "./token-records";
import { tokenStore, type CustomerTokenRecord } from "./token-records";

/** "Invalid customer-token ID", 404 NOT_FOUND (reference: Klarna's check-the-details-of-a-customer-token page). */
function tokenNotFound(): KlarnaError {
  return new KlarnaError(404, "NOT_FOUND", ["Invalid customer-token ID"]);
}

export function getToken(core: Core, tokenId: string): CustomerTokenRecord {
  const token = tokenStore(core).get("token", tokenId);
  if (!token) throw tokenNotFound();
  return token;
}

/**
 * GET /customer-token/v1/tokens/{customerToken}: schema `customer_token` (required payment_method_type and status;
 * card and direct_debit only for those payment methods, which the simulator's categories never are).
 */
export function readToken(core: Core, tokenId: string) {
  const token = getToken(core, tokenId);
  return { payment_method_type: token.payment_method_type, status: token.status };
}

const statusUpdateSchema = z.object({ status: z.enum(["CANCELLED"]) });

/** PATCH /customer-token/v1/tokens/{customerToken}/status: only CANCELLED is allowed (202; 400 otherwise; 404). */
export function updateTokenStatus(core: Core, tokenId: string, body: unknown): void {
  const token = getToken(core, tokenId);
  const request = parseBody(statusUpdateSchema, body);
  tokenStore(core).update("token", tokenId, { ...token, status: request.status });
}

/**
 * Schema `customer_token_order`: required order_amount (≥ 1), order_lines (1–1000), order_tax_amount (≥ 0) and
 * purchase_currency; merchant references, merchant_data, merchant_urls (confirmation required when sent),
 * shipping_address, auto_capture optional. Order lines are the Payments ones, `subscription` object included.
 */
const tokenOrderSchema = z.object({
  purchase_currency: z.string().regex(/^[A-Za-z]{3}$/),
  // The KCO "place order token" page's example sends a locale too; accepted, not required.
  locale: z.string().optional(),
  order_amount: z.int().min(1),
  order_tax_amount: z.int().min(0),
  order_lines: z.array(orderLineSchema).min(1).max(1000),
  merchant_reference1: z.string().max(255).optional(),
  merchant_reference2: z.string().max(255).optional(),
  merchant_data: z.string().max(6000).optional(),
  merchant_urls: z.object({ confirmation: z.string().max(2000), push: z.string().max(2000).optional() }).optional(),
  shipping_address: addressSchema.optional(),
  auto_capture: z.boolean().optional(),
  attachment: z.object({ body: z.string(), content_type: z.string() }).optional(),
});

/**
 * POST /customer-token/v1/tokens/{customerToken}/order: 200 `order` (order_id, fraud_status, redirect_url), 404 for
 * an unknown token, 403 when the token may not be charged (cancelled or suspended, or a refusal the test asked for;
 * the body is `ErrorV2`: error_code, error_messages, correlation_id, fraud_status, reason), 400 for a bad body and
 * 409 when it does not match the token (its currency). The order is an ordinary Order Management order.
 * Klarna-Idempotency-Key is handled by the route's idempotency middleware.
 */
export function createTokenOrder(core: Core, tokenId: string, body: unknown) {
  const token = getToken(core, tokenId);
  const request = parseBody(tokenOrderSchema, body);
  if (token.status !== "ACTIVE") {
    throw new KlarnaError(403, "NOT_ALLOWED", [`The customer token is ${token.status.toLowerCase()} and cannot be charged`]);
  }
  if (token.refuse_next > 0) {
    tokenStore(core).update("token", tokenId, { ...token, refuse_next: token.refuse_next - 1 });
    throw new KlarnaError(403, "PAYMENT_METHOD_FAILED", ["Klarna could not approve a charge on this customer token"]);
  }
  if (request.purchase_currency.toUpperCase() !== token.purchase_currency) {
    throw new KlarnaError(409, "BAD_VALUE", ["Not matching fields: purchase_currency"]);
  }
  const placed = { ...request, purchase_country: token.purchase_country, purchase_currency: token.purchase_currency };
  const problems = checkOrder(placed);
  if (problems.length > 0) throw badValue(problems);

  const now = core.clock.now();
  const orderId = randomUUID();
  const authorization = token.authorization;
  const order: OrderRecord = {
    ...newOrder(
      core,
      // A token order is its own purchase: none of the first session's callback URLs or merchant references, only
      // what is sent with it.
      {
        ...authorization,
        snapshot: {
          ...authorization.snapshot,
          merchant_urls: undefined,
          merchant_reference1: undefined,
          merchant_reference2: undefined,
          merchant_data: undefined,
        },
      },
      // One order per session is the store's unique key: a token order is keyed by itself.
      { session_id: `customer-token:${orderId}` } as never,
      { ...placed, merchant_urls: request.merchant_urls, locale: request.locale ?? token.locale },
      now,
    ),
    order_id: orderId,
  };
  core.repo.db.transaction(() => {
    core.klarna.insertOrder(order);
    tokenStore(core).update("token", tokenId, { ...token, order_ids: [...token.order_ids, orderId] });
    scheduleOrderCallbacks(core, order, authorization.persona);
  })();
  return { order_id: orderId, fraud_status: order.fraud_status, redirect_url: `${core.config.publicUrl}/payments/redirect/${orderId}` };
}
