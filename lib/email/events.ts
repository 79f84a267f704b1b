/**
 * Which shopper emails an order event calls for. The store records every change to an order as an event
 * (lib/orders/order-store.ts `appendOrderEvent`), from every provider and every source (push, webhook, reconcile,
 * back office); this is the one place that reads them for email. Pure: no database, so it is tested alone.
 */
import type { ShippingInfo } from "@/lib/klarna/types";

export type EmailKind = "confirmation" | "shipping" | "refund" | "cancellation" | "order_link";

export interface EmailEvent {
  action: string;
  outcome: string;
  detail?: string | null;
  /** What a capture shipped with, when the event is a capture (lib/admin/order-management.ts). */
  shippingInfo?: ShippingInfo | null;
  /** The refunded amount in minor units, when the event is a refund. */
  amount?: number | null;
}

export interface DueEmail {
  kind: EmailKind;
  /** Unique per order: the same event seen twice gives the same key, so it is mailed once. */
  eventKey: string;
  payload: Record<string, unknown>;
}

/** The part of an event's detail that names one change (a capture or refund id, or the form's idempotency key). */
function changeId(detail: string | null | undefined): string {
  const capture = detail?.match(/\((?:capture|refund) ([^)]+)\)/);
  if (capture?.[1]) return capture[1];
  const key = detail?.match(/\[key:([^\]]*)\]$/);
  return key?.[1] ?? detail ?? "";
}

export function emailsFor(event: EmailEvent): DueEmail[] {
  const { action, outcome } = event;
  // Settled: the shop has taken the order (acknowledged at Klarna, or accepted by the payment request's webhook).
  if (outcome === "acknowledged") return [{ kind: "confirmation", eventKey: "placed", payload: {} }];
  // One cancellation per order, whoever cancelled it (the provider, the store's checks, or a merchant).
  if (action === "cancel" && (outcome === "cancelled" || outcome === "ok")) {
    return [{ kind: "cancellation", eventKey: "cancelled", payload: { reason: event.detail ?? null } }];
  }
  if (action === "release" && outcome === "ok") {
    return [{ kind: "cancellation", eventKey: "cancelled", payload: { reason: null } }];
  }
  if (action === "capture" && outcome === "ok") {
    return [{ kind: "shipping", eventKey: `captured:${changeId(event.detail)}`, payload: { shippingInfo: event.shippingInfo ?? null } }];
  }
  if (action === "shipping_info" && outcome === "ok" && event.shippingInfo) {
    return [{ kind: "shipping", eventKey: `tracking:${changeId(event.detail)}`, payload: { shippingInfo: event.shippingInfo } }];
  }
  if (action === "refund" && outcome === "ok") {
    return [{ kind: "refund", eventKey: `refunded:${changeId(event.detail)}`, payload: { amount: event.amount ?? null } }];
  }
  return [];
}
