import { z } from "zod";
import { callbackTokenSchema } from "@/lib/checkout/callback-params";
import { placeOrder, repeatNeedsNothing } from "@/lib/payments/klarna-payments/place-order";
import { findCheckoutSessionWithOrderByCallbackToken } from "@/lib/checkout/session-store";
import { problem, readJsonBody } from "@/lib/http/json-request";
import { observed } from "@/lib/observability/route";
import { BODY_LIMITS, refuseDeclaredOversize } from "@/lib/security/body-limit";

export const dynamic = "force-dynamic";

const bodySchema = z.object({
  authorization_token: z.string().min(1).max(2048),
  session_id: z.string().min(1).max(255),
});

/**
 * Klarna's authorization callback, sent when the shopper approves a payment. If the browser never places the order
 * (a closed tab, a lost connection), this places it, through the same claim as the browser, so only one order results.
 */
export const POST = observed("/api/klarna/authorization", "klarna-payments", async (request) => {
  const oversized = refuseDeclaredOversize(request, BODY_LIMITS.klarnaCallback);
  if (oversized) return oversized;
  const token = callbackTokenSchema.safeParse(new URL(request.url).searchParams.get("token") ?? undefined);
  if (!token.success) return problem(400, "The callback URL is missing its token.", token.error.issues);
  const body = await readJsonBody(request, bodySchema, BODY_LIMITS.klarnaCallback);
  if (!body.ok) return body.response;

  const found = await findCheckoutSessionWithOrderByCallbackToken(token.data);
  if (!found) return problem(401, "The callback token is not valid.");
  const { session, order } = found;
  if (session.klarnaSessionId !== body.value.session_id) return problem(403, "This token belongs to another session.");
  // A repeat with nothing left to do (place-order.ts `repeatNeedsNothing`) is answered as placed from this one read.
  if (repeatNeedsNothing(session, order)) return Response.json({ status: "placed" });

  // The session just read is handed on, not read again.
  const result = await placeOrder(session, body.value.authorization_token, "authorization");
  // A token that is not this session's authorization (another session's, or one for a session not yet authorized)
  // is refused before anything is written: no order number, no change to the session.
  if (result.status === "failed" && result.refusal === "foreign_authorization") return problem(403, result.message);
  // Klarna retries any non-2xx answer (up to 3 attempts), so only a failure that may pass later gets one (503).
  // Anything else is final, refusals included: 200 says the callback was handled and spares Klarna the retries.
  if (result.status === "failed" && result.retryable) return problem(503, result.message);
  return Response.json({ status: result.status });
});
