import type {
  Capture,
  CaptureRequest,
  ManagedOrder,
  MerchantReferences,
  RefundRequest,
  ShippingInfo,
} from "@/lib/klarna/types";
import { captureSchema, managedOrderSchema } from "@/lib/klarna/types";
import { orderEditsApi } from "./edits-client";
import { checkedKey, segment, type Idempotent, type KlarnaWire } from "./wire";

/**
 * Klarna's Order Management API (reference/klarna-payments/notes.md), which Kustom serves at its own host as well:
 * one implementation, on each provider's wire.
 */
export function orderManagementApi(wire: KlarnaWire) {
  const { readJson, noContent, created } = wire;
  return {
    // Changes before and around delivery: authorization, customer details, due dates, send-outs (edits-client.ts).
    ...orderEditsApi(wire),

    async get(orderId: string): Promise<ManagedOrder> {
      return readJson({ operation: "orders.get", method: "GET", path: orderPath(orderId) }, managedOrderSchema);
    },

    /** Stops Klarna's push retries. Acknowledging twice is harmless, so the key is optional here. */
    async acknowledge(orderId: string, options?: Partial<Idempotent>): Promise<void> {
      return noContent({
        operation: "orders.acknowledge",
        method: "POST",
        path: `${orderPath(orderId)}/acknowledge`,
        idempotencyKey: options?.idempotencyKey === undefined ? undefined : checkedKey(options.idempotencyKey),
      });
    },

    async capture(orderId: string, request: CaptureRequest, options: Idempotent): Promise<{ captureId: string }> {
      const captureId = await created(
        {
          operation: "orders.capture",
          method: "POST",
          path: `${orderPath(orderId)}/captures`,
          body: request,
          idempotencyKey: checkedKey(options.idempotencyKey),
        },
        "Capture-Id",
      );
      return { captureId };
    },

    async getCapture(orderId: string, captureId: string): Promise<Capture> {
      const path = `${orderPath(orderId)}/captures/${segment(captureId)}`;
      return readJson({ operation: "orders.getCapture", method: "GET", path }, captureSchema);
    },

    async addShippingInfo(
      orderId: string,
      captureId: string,
      shippingInfo: readonly ShippingInfo[],
      options: Idempotent,
    ): Promise<void> {
      return noContent({
        operation: "orders.addShippingInfo",
        method: "POST",
        path: `${orderPath(orderId)}/captures/${segment(captureId)}/shipping-info`,
        body: { shipping_info: shippingInfo },
        idempotencyKey: checkedKey(options.idempotencyKey),
      });
    },

    async refund(orderId: string, request: RefundRequest, options: Idempotent): Promise<{ refundId: string }> {
      const refundId = await created(
        {
          operation: "orders.refund",
          method: "POST",
          path: `${orderPath(orderId)}/refunds`,
          body: request,
          idempotencyKey: checkedKey(options.idempotencyKey),
        },
        "Refund-Id",
      );
      return { refundId };
    },

    async cancel(orderId: string, options: Idempotent): Promise<void> {
      return noContent({
        operation: "orders.cancel",
        method: "POST",
        path: `${orderPath(orderId)}/cancel`,
        idempotencyKey: checkedKey(options.idempotencyKey),
      });
    },

    async releaseRemainingAuthorization(orderId: string, options: Idempotent): Promise<void> {
      return noContent({
        operation: "orders.releaseRemainingAuthorization",
        method: "POST",
        path: `${orderPath(orderId)}/release-remaining-authorization`,
        idempotencyKey: checkedKey(options.idempotencyKey),
      });
    },

    async extendAuthorizationTime(orderId: string, options: Idempotent): Promise<void> {
      return noContent({
        operation: "orders.extendAuthorizationTime",
        method: "POST",
        path: `${orderPath(orderId)}/extend-authorization-time`,
        idempotencyKey: checkedKey(options.idempotencyKey),
      });
    },

    async updateMerchantReferences(
      orderId: string,
      references: MerchantReferences,
      options: Idempotent,
    ): Promise<void> {
      return noContent({
        operation: "orders.updateMerchantReferences",
        method: "PATCH",
        path: `${orderPath(orderId)}/merchant-references`,
        body: references,
        idempotencyKey: checkedKey(options.idempotencyKey),
      });
    },
  };
}

export type OrderManagementApi = ReturnType<typeof orderManagementApi>;

/** A client that reaches Order Management: Klarna Payments' and Kustom's. */
export interface OrderManagementClient {
  orders: OrderManagementApi;
}

function orderPath(orderId: string): string {
  return `/ordermanagement/v1/orders/${segment(orderId)}`;
}

