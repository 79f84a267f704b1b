import { eq } from "drizzle-orm";
import { db } from "@/db";
import { orders } from "@/db/schema";
import type { ManagedOrder } from "@/lib/klarna";
import { markCancelled, markCancelledAfterAcknowledgement } from "@/lib/orders/order-store";

/**
 * Stores what Klarna just said about an order (status, fraud review, amounts, authorization expiry), so the
 * list and the reconcile panel read it without calling Klarna. An order Klarna reports cancelled is cancelled in the
 * store too, once, the way the store cancels orders (lib/orders/order-store.ts).
 */
export async function rememberKlarnaState(klarnaOrder: ManagedOrder, cancelReason = "Cancelled at Klarna"): Promise<void> {
  const [row] = await db()
    .update(orders)
    .set({
      klarnaStatus: klarnaOrder.status,
      fraudStatus: klarnaOrder.fraud_status,
      capturedAmount: klarnaOrder.captured_amount,
      refundedAmount: klarnaOrder.refunded_amount,
      ...(klarnaOrder.expires_at ? { authorizationExpiresAt: new Date(klarnaOrder.expires_at).toISOString() } : {}),
    })
    .where(eq(orders.klarnaOrderId, klarnaOrder.order_id))
    .returning({ id: orders.id, status: orders.status });
  if (klarnaOrder.status !== "CANCELLED" || !row) return;
  if (row.status === "pending") await markCancelled(row.id, cancelReason);
  else if (row.status === "acknowledged") await markCancelledAfterAcknowledgement(row.id, cancelReason);
}
