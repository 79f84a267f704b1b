import { observed } from "@/lib/observability/route";
import { handleOrderPush } from "@/lib/payments/order-management/push";

export const dynamic = "force-dynamic";

/** Kustom Checkout's push, about 2 minutes after the purchase and again until acknowledged; see handleOrderPush. */
export const POST = observed("/api/kustom/push", "kustom", (request) => handleOrderPush(request, "kustom", "kustom_order_id"));
