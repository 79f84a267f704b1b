import { eq } from "drizzle-orm";
import { db } from "@/db";
import { orders } from "@/db/schema";
import { verifyOrderLink } from "@/lib/email/order-link";

export const dynamic = "force-dynamic";

const seeOther = (location: string) => new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });

/**
 * The link a "find my order" email carries: its signature and expiry are checked, then the shopper is sent on to
 * the order's own page. An expired or altered link goes back to the form, which says so and offers a new one.
 */
export async function GET(request: Request): Promise<Response> {
  const check = await verifyOrderLink(Object.fromEntries(new URL(request.url).searchParams));
  if (!check.ok) return seeOther(`/orders/lookup?link=${check.reason}`);
  const [order] = await db().select({ accessToken: orders.accessToken }).from(orders).where(eq(orders.orderNumber, check.orderNumber));
  if (!order) return seeOther("/orders/lookup?link=invalid");
  return seeOther(`/orders/${order.accessToken}`);
}
