import { callbackTokenSchema } from "@/lib/checkout/callback-params";
import { findCheckoutSessionKeysByCallbackToken } from "@/lib/checkout/session-store";
import { problem, readJsonBody } from "@/lib/http/json-request";
import { observed } from "@/lib/observability/route";
import { BODY_LIMITS, refuseDeclaredOversize } from "@/lib/security/body-limit";
import { answerKustomValidation, kustomValidationBodySchema } from "@/lib/payments/kustom/validation";

export const dynamic = "force-dynamic";

/**
 * Kustom's validation callback, with the whole order, when the shopper presses buy. Kustom waits 3 s at most, so this
 * reads the local database only and claims the coupon in one statement.
 */
export const POST = observed("/api/kustom/validation", "kustom", async (request) => {
  const oversized = refuseDeclaredOversize(request, BODY_LIMITS.kustomValidation);
  if (oversized) return oversized;
  const token = callbackTokenSchema.safeParse(new URL(request.url).searchParams.get("token") ?? undefined);
  if (!token.success) return problem(400, "The validation URL is missing its token.", token.error.issues);
  const body = await readJsonBody(request, kustomValidationBodySchema, BODY_LIMITS.kustomValidation);
  if (!body.ok) return body.response;

  const session = await findCheckoutSessionKeysByCallbackToken(token.data);
  if (!session || session.provider !== "kustom") return problem(401, "The callback token is not valid.");
  if (session.klarnaSessionId !== body.value.order_id) return problem(404, "No such checkout for this token.");
  if (session.providerReference) return problem(409, "This checkout already became an order.");

  const answer = await answerKustomValidation(session, body.value);
  if (answer.status === 200) return new Response(null, { status: 200 });
  if (answer.status === 400) return Response.json(answer.body, { status: 400, headers: { "Cache-Control": "no-store" } });
  return new Response(null, { status: 303, headers: { Location: answer.location, "Cache-Control": "no-store" } });
}, { deepContext: false });
