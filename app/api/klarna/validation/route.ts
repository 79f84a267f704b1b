import { z } from "zod";
import { callbackTokenSchema } from "@/lib/checkout/callback-params";
import { findCheckoutSessionByCallbackToken } from "@/lib/checkout/session-store";
import { env } from "@/lib/env";
import { problem, readJsonBody } from "@/lib/http/json-request";
import { addressReadSchema, orderLineReadSchema } from "@/lib/klarna";
import { appendOrderEvent } from "@/lib/orders/order-store";
import { rejectionPath } from "@/lib/validation/denials";
import { validateOrder } from "@/lib/validation/validate-order";

export const dynamic = "force-dynamic";

const bodySchema = z.object({
  session_id: z.string().min(1).max(255),
  purchase_country: z.string().regex(/^[A-Za-z]{2}$/),
  purchase_currency: z.string().regex(/^[A-Za-z]{3}$/),
  order_amount: z.number().int().min(0),
  order_tax_amount: z.number().int().optional(),
  order_lines: z.array(orderLineReadSchema).min(1).max(1000),
  billing_address: addressReadSchema.nullish(),
  shipping_address: addressReadSchema.nullish(),
});

/**
 * Klarna's validation callback, called with the whole order when the shopper confirms. 200 approves; 303 with a
 * Location denies and sends the shopper to a page that says why. Klarna waits 3 s at most, so this only reads the
 * local database and claims the coupon in one statement.
 */
export async function POST(request: Request) {
  const started = performance.now();
  const token = callbackTokenSchema.safeParse(new URL(request.url).searchParams.get("token") ?? undefined);
  if (!token.success) return problem(400, "The validation URL is missing its token.", token.error.issues);
  const body = await readJsonBody(request, bodySchema, 1024 * 1024);
  if (!body.ok) return body.response;

  const session = await findCheckoutSessionByCallbackToken(token.data);
  if (!session) return problem(401, "The callback token is not valid.");
  if (session.klarnaSessionId !== body.value.session_id) return problem(404, "No such session for this token.");
  if (session.klarnaOrderId) return problem(409, "This checkout already became an order.");

  const result = await validateOrder(session, body.value);
  await appendOrderEvent({
    klarnaOrderId: `session:${session.id}`,
    source: "validation",
    action: "validate",
    outcome: result.ok ? "approved" : `denied: ${result.denial.reason}`,
    detail: result.ok ? result.orderNumber : result.denial.detail,
    latencyMs: performance.now() - started,
  });
  if (result.ok) return new Response(null, { status: 200 });
  return new Response(null, {
    status: 303,
    headers: { Location: new URL(rejectionPath(result.denial), env().STORE_URL).href, "Cache-Control": "no-store" },
  });
}
