import { eq } from "drizzle-orm";
import { db } from "@/db";
import { orders } from "@/db/schema";
import type { StoreOrder } from "@/lib/orders/order-store";
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
