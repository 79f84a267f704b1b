import { eq } from "drizzle-orm";
import { db } from "@/db";
import { orders } from "@/db/schema";

export type OrderRow = typeof orders.$inferSelect;

/** The store's order with this number, whichever provider it was paid through, or null. */
export async function orderRowByNumber(orderNumber: string): Promise<OrderRow | null> {
  const [row] = await db().select().from(orders).where(eq(orders.orderNumber, orderNumber));
  return row ?? null;
}
