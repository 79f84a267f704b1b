import { z } from "zod";
import { callbackTokenSchema, klarnaOrderIdSchema } from "@/lib/checkout/callback-params";
import { findCheckoutSessionByCallbackToken } from "@/lib/checkout/session-store";
import { problem, readJsonBody } from "@/lib/http/json-request";
import { addLogContext } from "@/lib/observability/logger";
import { observed } from "@/lib/observability/route";
import { BODY_LIMITS, refuseDeclaredOversize } from "@/lib/security/body-limit";
import { finalize } from "@/lib/orders/finalize";
import { UnknownPurchaseError } from "@/lib/payments/provider";

export const dynamic = "force-dynamic";

const bodySchema = z.object({
  order_id: klarnaOrderIdSchema,
  event_type: z.enum(["FRAUD_RISK_ACCEPTED", "FRAUD_RISK_REJECTED", "FRAUD_RISK_STOPPED"]),
});

/**
 * Klarna's notification: the fraud review of a PENDING order (US and GB) has ended. The body only says which order
 * to look at; the decision itself is read from Order Management by finalize, which records it and, if Klarna
 * cancelled the order, marks it cancelled so it is never shipped.
 */
export const POST = observed("/api/klarna/notification", "klarna-payments", async (request) => {
  const oversized = refuseDeclaredOversize(request, BODY_LIMITS.klarnaCallback);
  if (oversized) return oversized;
  const token = callbackTokenSchema.safeParse(new URL(request.url).searchParams.get("token") ?? undefined);
  if (!token.success) return problem(400, "The notification URL is missing its token.", token.error.issues);
  const body = await readJsonBody(request, bodySchema, BODY_LIMITS.klarnaCallback);
  if (!body.ok) return body.response;
  const session = await findCheckoutSessionByCallbackToken(token.data);
  if (!session) return problem(401, "The callback token is not valid.");

  try {
    const result = await finalize({ provider: "klarna-payments", reference: body.value.order_id }, "notification", { expectedSessionId: session.id });
    addLogContext({ orderNumber: result.order.orderNumber });
    return Response.json({ status: result.order.status, fraud_status: result.order.fraudStatus });
  } catch (error) {
    if (error instanceof UnknownPurchaseError) return problem(404, "Klarna has no such order for this checkout.");
    return problem(503, "Klarna could not be reached. Send the notification again later.");
  }
});
