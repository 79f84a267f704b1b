import { z } from "zod";
import { callbackTokenSchema, klarnaOrderIdSchema } from "@/lib/checkout/callback-params";
import { findCheckoutSessionByCallbackToken } from "@/lib/checkout/session-store";
import { declaresOversizedBody, problem } from "@/lib/http/json-request";
import { finalize } from "@/lib/orders/finalize";
import { UnknownPurchaseError } from "@/lib/payments/provider";
import { findOrderByKlarnaId } from "@/lib/orders/order-store";

export const dynamic = "force-dynamic";

const querySchema = z.object({ klarna_order_id: klarnaOrderIdSchema, token: callbackTokenSchema });

/**
 * Klarna's push: "this order exists, acknowledge it". Only the id in the URL is used, never the body; the order is
 * read from Klarna. 200 once the store order exists; 404 for an order Klarna does not know; 503 when Klarna could
 * not be reached or the acknowledgement failed, so Klarna pushes again (it keeps pushing until acknowledged).
 */
export async function POST(request: Request) {
  if (declaresOversizedBody(request, 1024 * 1024)) return problem(413, "A push has no body; this one is too large.");
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = querySchema.safeParse(params);
  if (!query.success) return problem(400, "The push URL is missing its order id or token.", query.error.issues);

  const session = await findCheckoutSessionByCallbackToken(query.data.token);
  if (!session) return problem(401, "The callback token is not valid.");

  // Klarna repeats pushes; one for an order this checkout already settled needs no new read from Klarna.
  const known = await findOrderByKlarnaId(query.data.klarna_order_id);
  if (known && known.status !== "pending" && known.checkoutSessionId === session.id) {
    return Response.json({ order_number: known.orderNumber, status: known.status });
  }

  try {
    const result = await finalize({ provider: "klarna-payments", reference: query.data.klarna_order_id }, "push", { expectedSessionId: session.id });
    if (result.settlement === "failed") return problem(503, "The order is saved but Klarna could not be updated. Push again.");
    return Response.json({ order_number: result.order.orderNumber, status: result.order.status });
  } catch (error) {
    if (error instanceof UnknownPurchaseError) return problem(404, "Klarna has no such order for this checkout.");
    return problem(503, "Klarna could not be reached. Push again later.");
  }
}
