import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import type { Read } from "@/db/batch";
import { subscriptionRenewals } from "@/db/schema";

/**
 * The order number a renewal's period was given (sent to Klarna as merchant_reference1), as a read that shares a
 * round trip with others (db/batch.ts): one row for a renewal's Klarna order, none for other orders.
 */
export function renewalOrderNumberRead(klarnaOrderId: string): Read<{ orderNumber: string }> {
  const statement = () =>
    db().select({ orderNumber: subscriptionRenewals.orderNumber }).from(subscriptionRenewals).where(eq(subscriptionRenewals.klarnaOrderId, klarnaOrderId));
  return { query: statement, prepared: () => statement().all() };
}
