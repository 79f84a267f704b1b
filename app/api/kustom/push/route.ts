import { handleOrderPush } from "@/lib/payments/order-management/push";

export const dynamic = "force-dynamic";

/** Kustom Checkout's push, about 2 minutes after the purchase and again until acknowledged; see handleOrderPush. */
export async function POST(request: Request) {
  return handleOrderPush(request, "kustom", "kustom_order_id");
}
