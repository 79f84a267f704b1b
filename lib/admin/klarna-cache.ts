import { eq } from "drizzle-orm";
import { db } from "@/db";
import { orders } from "@/db/schema";
import type { ManagedOrder } from "@/lib/klarna";
import { markCancelled, markCancelledAfterAcknowledgement } from "@/lib/orders/order-store";
import { purchaseFromManagedOrder } from "@/lib/payments/order-management/order-management-provider";
import type { Purchase } from "@/lib/payments/provider";

/**
 * Stores what the provider just said about a purchase (status, fraud review, amounts, authorization expiry), so the
 * list and the reconcile panel read it without calling the provider. A purchase the provider reports cancelled is
 * cancelled in the store too, once, the way the store cancels orders (lib/orders/order-store.ts).
 */
export async function rememberProviderState(purchase: Purchase): Promise<void> {
  const [row] = await db()
    .update(orders)
    .set({
      klarnaStatus: purchase.providerStatus,
      ...(purchase.fraudStatus ? { fraudStatus: purchase.fraudStatus } : {}),
      capturedAmount: purchase.capturedAmount,
      refundedAmount: purchase.refundedAmount,
      ...(purchase.authorizationExpiresAt ? { authorizationExpiresAt: purchase.authorizationExpiresAt } : {}),
    })
    .where(eq(orders.klarnaOrderId, purchase.reference))
    .returning({ id: orders.id, status: orders.status });
  if (!purchase.cancelledByProvider || !row) return;
  if (row.status === "pending") await markCancelled(row.id, purchase.cancelledByProvider);
  else if (row.status === "acknowledged") await markCancelledAfterAcknowledgement(row.id, purchase.cancelledByProvider);
}

/** The same for an order just read from Klarna Payments' Order Management by the back office. */
export async function rememberKlarnaState(klarnaOrder: ManagedOrder, cancelReason = "Cancelled at Klarna"): Promise<void> {
  const purchase = purchaseFromManagedOrder("klarna-payments", "Klarna", klarnaOrder);
  await rememberProviderState({
    ...purchase,
    cancelledByProvider: klarnaOrder.status === "CANCELLED" ? cancelReason : null,
  });
}
