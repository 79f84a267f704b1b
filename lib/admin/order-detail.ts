import { eq } from "drizzle-orm";
import { db } from "@/db";
import { checkoutSessions, orders } from "@/db/schema";
import { describeKlarnaError, type ManagedOrder } from "@/lib/klarna";
import { orderEventsOf, type StoreOrder } from "@/lib/orders/order-store";
import { readLiveOrder } from "./order-management";

export interface OrderDetail {
  order: StoreOrder;
  /** Klarna's order as it is now, or null when Klarna could not be read (then `klarnaProblem` says why). */
  live: ManagedOrder | null;
  klarnaProblem: string | null;
  events: Awaited<ReturnType<typeof orderEventsOf>>;
}

/** An order for its back-office page: the store's row, Klarna's live view (remembered on the row) and the log. */
export async function loadOrderDetail(orderNumber: string): Promise<OrderDetail | null> {
  const [row] = await db().select().from(orders).where(eq(orders.orderNumber, orderNumber));
  if (!row) return null;
  let live: ManagedOrder | null = null;
  let klarnaProblem: string | null = null;
  try {
    live = await readLiveOrder(row);
  } catch (error) {
    klarnaProblem = describeKlarnaError(error);
  }
  // Read after Klarna, so a cancellation Klarna reported is already on the row.
  const [order] = await db().select().from(orders).where(eq(orders.id, row.id));
  // The validation callback's events are kept under the checkout session, from before the order existed.
  const events = await orderEventsOf(row.providerReference, row.checkoutSessionId);
  return { order: order ?? row, live, klarnaProblem, events };
}

/** The Express checkout flow the order was paid through (checkout_sessions.express), or null for an ordinary checkout. */
export async function expressFlowOf(order: Pick<StoreOrder, "checkoutSessionId">): Promise<"one_step" | "multi_step" | null> {
  if (!order.checkoutSessionId) return null;
  const [session] = await db()
    .select({ express: checkoutSessions.express })
    .from(checkoutSessions)
    .where(eq(checkoutSessions.id, order.checkoutSessionId));
  return session?.express ?? null;
}
