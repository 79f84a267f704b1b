import type { ManagedOrder } from "@/lib/klarna";
import { markCancelled, markCancelledAfterAcknowledgement, recordProviderState } from "@/lib/orders/order-store";
import { purchaseFromManagedOrder } from "@/lib/payments/order-management/order-management-provider";
import { DEFAULT_PROVIDER_ID, type ProviderId, type Purchase } from "@/lib/payments/provider";
import { paymentProvider } from "@/lib/payments/registry";

/**
 * Stores what the provider just said about a purchase (status, fraud review, amounts, authorization expiry), so the
 * list and the reconcile panel read it without calling the provider. A purchase the provider reports cancelled is
 * cancelled in the store too, once, the way the store cancels orders (lib/orders/order-store.ts).
 */
export async function rememberProviderState(purchase: Purchase): Promise<void> {
  const row = await recordProviderState(purchase);
  if (!purchase.cancelledByProvider || !row) return;
  if (row.status === "pending") await markCancelled(row.id, purchase.cancelledByProvider);
  else if (row.status === "acknowledged") await markCancelledAfterAcknowledgement(row.id, purchase.cancelledByProvider);
}

/** The same for an order just read from Order Management (Klarna's or Kustom's) by the back office. */
export async function rememberKlarnaState(
  klarnaOrder: ManagedOrder,
  provider: ProviderId = DEFAULT_PROVIDER_ID,
  cancelReason?: string,
): Promise<void> {
  const { vendor } = await paymentProvider(provider);
  const purchase = purchaseFromManagedOrder(provider, vendor, klarnaOrder);
  await rememberProviderState({
    ...purchase,
    cancelledByProvider: klarnaOrder.status === "CANCELLED" ? (cancelReason ?? `Cancelled at ${vendor}`) : null,
  });
}
