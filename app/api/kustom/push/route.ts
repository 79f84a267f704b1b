import { observed } from "@/lib/observability/route";
import { kustomPush } from "@/lib/payments/kustom/push";
import { receiveCallback } from "@/lib/payments/webhook-inbox";

export const dynamic = "force-dynamic";

/** Kustom Checkout's push, about 2 minutes after the purchase and again until acknowledged; see lib/payments/order-management/push.ts. */
export const POST = observed("/api/kustom/push", "kustom", (request) => receiveCallback(kustomPush, request));
