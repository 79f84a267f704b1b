import { eq } from "drizzle-orm";
import { db } from "@/db";
import { orders } from "@/db/schema";
import type { StoreOrder } from "@/lib/orders/order-store";
import { rememberProviderState } from "@/lib/admin/klarna-cache";
import { summarize, type TransactionSummary } from "./back-office";
import { purchaseFromTransaction } from "./provider";
import { networkClient } from "./settings";
import { findNetworkCheckoutByTransaction } from "./storage";

/**
 * The order with this number if it was paid by Klarna payment request (its reference is a payment transaction the
 * store made), so the back office shows the transaction instead of Order Management. Orders will carry their
 * provider in a column of their own; until then the store's checkout record says it.
 */
export async function networkOrderByNumber(orderNumber: string): Promise<StoreOrder | null> {
  const [order] = await db().select().from(orders).where(eq(orders.orderNumber, orderNumber));
  if (!order) return null;
  return (await findNetworkCheckoutByTransaction(order.providerReference)) ? order : null;
}

/**
 * Reads the payment transaction from Klarna and writes what it says (state, captured and refunded amounts, a void
 * or expiry before any capture) on the order row, so the orders list and reconcile agree with the order page after
 * a change made in the back office, not only after the payment.transaction.* webhook
 * (reference/klarna-network/notes.md: transaction states and amounts). Returns the summary the page shows.
 */
export async function syncNetworkOrder(transactionId: string): Promise<TransactionSummary> {
  const transaction = await networkClient().readTransaction(transactionId);
  await rememberProviderState(await purchaseFromTransaction(transaction));
  return summarize(transaction);
}
