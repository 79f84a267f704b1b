import { z } from "zod";
import { callbackTokenSchema } from "@/lib/checkout/callback-params";
import type { CheckoutSessionKeys } from "@/lib/checkout/session-store";
import { env } from "@/lib/env";
import { addressReadSchema, orderLineReadSchema } from "@/lib/klarna";
import { problem, readJsonBody } from "@/lib/http/json-request";
import { appendOrderEvent } from "@/lib/orders/order-store";
import { BODY_LIMITS, refuseDeclaredOversize } from "@/lib/security/body-limit";
import { rejectionPath, type Denial } from "@/lib/validation/denials";
import { validateOrder, validationReadByCallbackToken, type ValidationReads } from "@/lib/validation/validate-order";
import type { CallbackModule } from "../webhook-inbox";

/** The body of Kustom's validation callback: the whole checkout order (checkout-v3-callbacks.openapi.yaml). */
export const kustomValidationBodySchema = z.object({
  order_id: z.string().min(1).max(255),
  purchase_country: z.string().regex(/^[A-Za-z]{2}$/),
  purchase_currency: z.string().regex(/^[A-Za-z]{3}$/),
  order_amount: z.number().int().min(0),
  order_tax_amount: z.number().int().optional(),
  order_lines: z.array(orderLineReadSchema).min(1).max(1000),
  billing_address: addressReadSchema.nullish(),
  shipping_address: addressReadSchema.nullish(),
});
export type KustomValidationBody = z.infer<typeof kustomValidationBodySchema>;

/**
 * Kustom's answers to a validation callback (notes.md §6): 200 approves; a 303 with a Location denies and sends the
 * shopper there; a 400 with `error_type` and `error_text` keeps the shopper in the checkout and shows the text, which
 * suits an address the shopper can change.
 */
export type KustomValidationAnswer =
  | { status: 200 }
  | { status: 303; location: string }
  | { status: 400; body: { error_type: "unsupported_shipping_address" | "address_error"; error_text: string } };

/**
 * The six rules of lib/validation decide, as for Klarna Payments' place order; `read` is what they read, when it was
 * read with the session.
 */
export async function answerKustomValidation(
  session: CheckoutSessionKeys,
  body: KustomValidationBody,
  read?: ValidationReads,
): Promise<KustomValidationAnswer> {
  const started = performance.now();
  const result = await validateOrder(session, body, read);
  // Kustom's validation comes before Kustom creates its order, and reads its checkout with the rules (`read`), so it is
  // never told the checkout was placed meanwhile; were it, the order exists, and nothing is refused.
  const denial = result.ok || "placed" in result ? null : result.denial;
  await appendOrderEvent({
    providerReference: `session:${session.id}`,
    source: "validation",
    action: "validate",
    outcome: denial ? `denied: ${denial.reason}` : "approved",
    detail: denial ? denial.detail : result.ok ? result.orderNumber : null,
    latencyMs: performance.now() - started,
  });
  if (!denial) return { status: 200 };
  const inCheckout = addressProblem(denial);
  if (inCheckout) return { status: 400, body: { error_type: "unsupported_shipping_address", error_text: inCheckout } };
  return { status: 303, location: new URL(rejectionPath(denial), env().STORE_URL).href };
}

/** A delivery address the store cannot serve: the shopper fixes it in the checkout, rather than losing it. */
function addressProblem(denial: Denial): string | null {
  if (denial.reason === "undeliverable_postcode") {
    return "We cannot deliver to this postcode. Please choose another delivery address.";
  }
  if (denial.reason === "undeliverable_country") {
    return "Something in your cart cannot be shipped to this country. Choose another delivery address, or remove the item from your cart.";
  }
  return null;
}

/**
 * Kustom's validation callback, with the whole order, when the shopper presses buy, as a module for `receiveCallback`
 * (lib/payments/webhook-inbox.ts). Kustom waits 3 s at most (reference/kustom/notes.md §6), so it reads the local
 * database only, in one round trip, one statement: the checkout session by the token in the URL
 * (merchant_urls.validation, reference/kustom/checkout-v3-callbacks.openapi.yaml) and, by the same token, what the
 * rules read (the cart's lines, its code, the block list; lib/validation/validate-order.ts); the rules claim the code in one write batch. It is recorded in the order's event log,
 * not in the webhook inbox: a validation has no event id and is answered once. So: at most 3 round trips, 2 once
 * the checkout holds its code's use (or has none).
 */
export const kustomValidation: CallbackModule<
  { token: string; body: KustomValidationBody },
  { session: CheckoutSessionKeys; body: KustomValidationBody; read: ValidationReads }
> = {
  provider: "kustom",
  async parse(request) {
    const oversized = refuseDeclaredOversize(request, BODY_LIMITS.kustomValidation);
    if (oversized) return { ok: false, response: oversized };
    const token = callbackTokenSchema.safeParse(new URL(request.url).searchParams.get("token") ?? undefined);
    if (!token.success) return { ok: false, response: problem(400, "The validation URL is missing its token.", token.error.issues) };
    const body = await readJsonBody(request, kustomValidationBodySchema, BODY_LIMITS.kustomValidation);
    if (!body.ok) return { ok: false, response: body.response };
    return { ok: true, value: { token: token.data, body: body.value } };
  },
  async verify({ token, body }) {
    const { session, read } = await validationReadByCallbackToken(token, body);
    if (!session || session.provider !== "kustom") return { ok: false, response: problem(401, "The callback token is not valid.") };
    if (session.klarnaSessionId !== body.order_id) return { ok: false, response: problem(404, "No such checkout for this token.") };
    if (session.providerReference) return { ok: false, response: problem(409, "This checkout already became an order.") };
    return { ok: true, value: { session, body, read } };
  },
  async apply({ session, body, read }) {
    const answer = await answerKustomValidation(session, body, read);
    if (answer.status === 200) return new Response(null, { status: 200 });
    if (answer.status === 400) return Response.json(answer.body, { status: 400, headers: { "Cache-Control": "no-store" } });
    return new Response(null, { status: 303, headers: { Location: answer.location, "Cache-Control": "no-store" } });
  },
};
