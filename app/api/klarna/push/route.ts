import { observed } from "@/lib/observability/route";
import { klarnaPaymentsPush } from "@/lib/payments/klarna-payments/push";
import { receiveCallback } from "@/lib/payments/webhook-inbox";

export const dynamic = "force-dynamic";

/** Klarna Payments' push; see lib/payments/order-management/push.ts. */
export const POST = observed("/api/klarna/push", "klarna-payments", (request) => receiveCallback(klarnaPaymentsPush, request));
