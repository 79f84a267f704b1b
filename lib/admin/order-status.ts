import { sql, type SQL } from "drizzle-orm";
import { orders } from "@/db/schema";

/** The statuses the back office shows, derived from the store's row and its cache of Klarna's view. */
export const ADMIN_ORDER_STATUSES = [
  "placed",
  "acknowledged",
  "part-captured",
  "captured",
  "refunded",
  "cancelled",
  "expired",
] as const;
export type AdminOrderStatus = (typeof ADMIN_ORDER_STATUSES)[number];

export const ADMIN_STATUS_LABELS: Record<AdminOrderStatus, string> = {
  placed: "Placed",
  acknowledged: "Acknowledged",
  "part-captured": "Part-captured",
  captured: "Captured",
  refunded: "Refunded",
  cancelled: "Cancelled",
  expired: "Expired",
};

export function isAdminOrderStatus(value: unknown): value is AdminOrderStatus {
  return typeof value === "string" && (ADMIN_ORDER_STATUSES as readonly string[]).includes(value);
}

/** Klarna's default authorization period: captures are possible for 28 days unless Klarna said otherwise. */
export const DEFAULT_AUTHORIZATION_DAYS = 28;

export interface StatusInputs {
  status: "pending" | "acknowledged" | "cancelled";
  providerStatus: string | null;
  orderAmount: number;
  capturedAmount: number;
  refundedAmount: number;
  authorizationExpiresAt: string | null;
  createdAt: string;
}

/**
 * When the authorization ends: Klarna's `expires_at` once the store has read it, otherwise the default period from
 * the order's creation (an estimate until the order is first opened or reconciled).
 */
export function authorizationExpiry(order: Pick<StatusInputs, "authorizationExpiresAt" | "createdAt">): Date {
  if (order.authorizationExpiresAt) return new Date(order.authorizationExpiresAt);
  return new Date(new Date(order.createdAt).getTime() + DEFAULT_AUTHORIZATION_DAYS * 86_400_000);
}

/**
 * The back-office status. Mirrored by {@link derivedStatusSql} so the list can filter on it; a test keeps the two
 * in step.
 */
export function deriveOrderStatus(order: StatusInputs, now: Date = new Date()): AdminOrderStatus {
  if (order.status === "cancelled" || order.providerStatus === "CANCELLED") return "cancelled";
  if (order.capturedAmount > 0) {
    if (order.refundedAmount >= order.capturedAmount) return "refunded";
    if (order.providerStatus === "PART_CAPTURED") return "part-captured";
    // Klarna reports a released or expired partial capture as CAPTURED: nothing more will be captured.
    if (order.providerStatus === "CAPTURED" || order.providerStatus === "EXPIRED" || order.providerStatus === "CLOSED") {
      return "captured";
    }
    return order.capturedAmount >= order.orderAmount ? "captured" : "part-captured";
  }
  if (order.providerStatus === "EXPIRED" || authorizationExpiry(order) <= now) return "expired";
  return order.status === "pending" ? "placed" : "acknowledged";
}

/** SQL for the authorization's end, as {@link authorizationExpiry}; ISO strings compare in time order. */
export const authorizationExpirySql: SQL<string> = sql<string>`coalesce(${orders.authorizationExpiresAt}, strftime('%Y-%m-%dT%H:%M:%fZ', ${orders.createdAt}, '+${sql.raw(String(DEFAULT_AUTHORIZATION_DAYS))} days'))`;

/** {@link deriveOrderStatus} as an SQL expression over the orders table. */
export function derivedStatusSql(now: Date): SQL<AdminOrderStatus> {
  const at = now.toISOString();
  return sql<AdminOrderStatus>`case
    when ${orders.status} = 'cancelled' or ${orders.providerStatus} = 'CANCELLED' then 'cancelled'
    when ${orders.capturedAmount} > 0 and ${orders.refundedAmount} >= ${orders.capturedAmount} then 'refunded'
    when ${orders.capturedAmount} > 0 and ${orders.providerStatus} = 'PART_CAPTURED' then 'part-captured'
    when ${orders.capturedAmount} > 0 and ${orders.providerStatus} in ('CAPTURED', 'EXPIRED', 'CLOSED') then 'captured'
    when ${orders.capturedAmount} > 0 and ${orders.capturedAmount} >= ${orders.orderAmount} then 'captured'
    when ${orders.capturedAmount} > 0 then 'part-captured'
    when ${orders.providerStatus} = 'EXPIRED' or ${authorizationExpirySql} <= ${at} then 'expired'
    when ${orders.status} = 'pending' then 'placed'
    else 'acknowledged'
  end`;
}
