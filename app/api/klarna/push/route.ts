import { observed } from "@/lib/observability/route";
import { handleOrderPush } from "@/lib/payments/order-management/push";

export const dynamic = "force-dynamic";

/** Klarna Payments' push; see handleOrderPush. */
export const POST = observed("/api/klarna/push", "klarna-payments", (request) =>
  handleOrderPush(request, "klarna-payments", "klarna_order_id"),
);
