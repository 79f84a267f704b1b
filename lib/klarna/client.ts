import "server-only";
import { orderManagementApi } from "@/lib/payments/order-management/client";
import { createKlarnaWire, segment, type Idempotent, type KlarnaWireOptions } from "@/lib/payments/order-management/wire";
import {
  customerTokenCreatedSchema,
  orderCreatedSchema,
  sessionCreatedSchema,
  sessionReadSchema,
  type CustomerTokenCreated,
  type CustomerTokenRequest,
  type OrderCreated,
  type OrderRequest,
  type SessionCreated,
  type SessionRead,
  type SessionRequest,
  type SessionUpdate,
} from "./types";

export type KlarnaClientOptions = KlarnaWireOptions;
export type { Idempotent };

export type KlarnaClient = ReturnType<typeof createKlarnaClient>;

/**
 * A typed client for Klarna's Payments and Order Management APIs, on Klarna's wire API and the shared transport.
 * Every answer is validated before it is returned.
 */
export function createKlarnaClient(options: KlarnaClientOptions) {
  const wire = createKlarnaWire(options);
  const { readJson, noContent } = wire;
  return {
    payments: {
      async createSession(request: SessionRequest): Promise<SessionCreated> {
        return readJson(
          { operation: "payments.createSession", method: "POST", path: "/payments/v1/sessions", body: request },
          sessionCreatedSchema,
        );
      },

      async readSession(sessionId: string): Promise<SessionRead> {
        const path = `/payments/v1/sessions/${segment(sessionId)}`;
        return readJson({ operation: "payments.readSession", method: "GET", path }, sessionReadSchema);
      },

      async updateSession(sessionId: string, request: SessionUpdate): Promise<void> {
        const path = `/payments/v1/sessions/${segment(sessionId)}`;
        return noContent({ operation: "payments.updateSession", method: "POST", path, body: request });
      },

      async placeOrder(authorizationToken: string, request: OrderRequest): Promise<OrderCreated> {
        const path = `/payments/v1/authorizations/${segment(authorizationToken)}/order`;
        return readJson({ operation: "payments.placeOrder", method: "POST", path, body: request }, orderCreatedSchema);
      },

      async cancelAuthorization(authorizationToken: string): Promise<void> {
        const path = `/payments/v1/authorizations/${segment(authorizationToken)}`;
        return noContent({ operation: "payments.cancelAuthorization", method: "DELETE", path });
      },

      async createCustomerToken(
        authorizationToken: string,
        request: CustomerTokenRequest,
      ): Promise<CustomerTokenCreated> {
        const path = `/payments/v1/authorizations/${segment(authorizationToken)}/customer-token`;
        return readJson(
          { operation: "payments.createCustomerToken", method: "POST", path, body: request },
          customerTokenCreatedSchema,
        );
      },
    },

    orders: orderManagementApi(wire),
  };
}
