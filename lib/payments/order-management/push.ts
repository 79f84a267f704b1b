import { z } from "zod";
import { callbackTokenSchema, klarnaOrderIdSchema } from "@/lib/checkout/callback-params";
import { findCheckoutSessionKeysByCallbackToken } from "@/lib/checkout/session-store";
import { declaresOversizedBody, problem } from "@/lib/http/json-request";
import { finalize } from "@/lib/orders/finalize";
import { orderForCallback } from "@/lib/orders/order-store";
import { UnknownPurchaseError, type ProviderId } from "../provider";
import { paymentProvider } from "../registry";

/** The push URL's query, one schema per vendor, built once: a zod schema compiles itself when first used. */
const PUSH_QUERY = {
  klarna_order_id: z.object({ klarna_order_id: klarnaOrderIdSchema, token: callbackTokenSchema }),
  kustom_order_id: z.object({ kustom_order_id: klarnaOrderIdSchema, token: callbackTokenSchema }),
};

/**
 * A push from Klarna Payments or Kustom Checkout: "this order exists, acknowledge it". Only the id in the URL is used,
 * never the body (Kustom's retried pushes have arrived with an empty one, notes.md §7); the order is read from Order
 * Management. 200 once the store order exists and is settled; 404 for an order the vendor does not know; 503 when the
 * vendor could not be reached or the acknowledgement failed, so it pushes again (it pushes until acknowledged).
 */
export async function handleOrderPush(
  request: Request,
  provider: ProviderId,
  idParam: "klarna_order_id" | "kustom_order_id",
): Promise<Response> {
  if (declaresOversizedBody(request, 1024 * 1024)) return problem(413, "A push has no body; this one is too large.");
  const params = new URL(request.url).searchParams;
  const parsed = PUSH_QUERY[idParam].safeParse({ [idParam]: params.get(idParam) ?? undefined, token: params.get("token") ?? undefined });
  if (!parsed.success) return problem(400, "The push URL is missing its order id or token.", parsed.error.issues);
  const fields = parsed.data as Record<typeof idParam | "token", string>;
  const query = { data: { id: fields[idParam], token: fields.token } };

  // Pushes repeat; one for an order this checkout already settled is answered from one indexed read, with no new
  // read from the vendor.
  const known = await orderForCallback(provider, query.data.id, query.data.token);
  if (known && known.status !== "pending") {
    return Response.json({ order_number: known.orderNumber, status: known.status });
  }

  const [session, { vendor }] = await Promise.all([findCheckoutSessionKeysByCallbackToken(query.data.token), paymentProvider(provider)]);
  if (!session || session.provider !== provider) return problem(401, "The callback token is not valid.");

  try {
    const result = await finalize({ provider, reference: query.data.id }, "push", { expectedSessionId: session.id, expectedSession: session });
    if (result.settlement === "failed") return problem(503, `The order is saved but ${vendor} could not be updated. Push again.`);
    // Another caller holds the settlement and may yet fail; only a settled order may stop the pushes.
    if (result.settlement === "in_progress") return problem(503, "The order is being settled right now. Push again.");
    return Response.json({ order_number: result.order.orderNumber, status: result.order.status });
  } catch (error) {
    if (error instanceof UnknownPurchaseError) return problem(404, `${vendor} has no such order for this checkout.`);
    return problem(503, `${vendor} could not be reached. Push again later.`);
  }
}
