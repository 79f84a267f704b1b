import { handleOrderPush } from "@/lib/payments/order-management/push";

export const dynamic = "force-dynamic";

/** Klarna Payments' push; see handleOrderPush. */
export async function POST(request: Request) {
  return handleOrderPush(request, "klarna-payments", "klarna_order_id");
}
