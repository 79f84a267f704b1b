import { z } from "zod";
import type { CheckoutSessionKeys } from "@/lib/checkout/session-store";
import { env } from "@/lib/env";
import { addressReadSchema, orderLineReadSchema } from "@/lib/klarna";
import { appendOrderEvent } from "@/lib/orders/order-store";
import { rejectionPath, type Denial } from "@/lib/validation/denials";
import { validateOrder } from "@/lib/validation/validate-order";

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

/** The six rules of lib/validation decide, as for Klarna Payments' place order. */
export async function answerKustomValidation(session: CheckoutSessionKeys, body: KustomValidationBody): Promise<KustomValidationAnswer> {
  const started = performance.now();
  const result = await validateOrder(session, body);
  await appendOrderEvent({
    providerReference: `session:${session.id}`,
    source: "validation",
    action: "validate",
    outcome: result.ok ? "approved" : `denied: ${result.denial.reason}`,
    detail: result.ok ? result.orderNumber : result.denial.detail,
    latencyMs: performance.now() - started,
  });
  if (result.ok) return { status: 200 };
  const inCheckout = addressProblem(result.denial);
  if (inCheckout) return { status: 400, body: { error_type: "unsupported_shipping_address", error_text: inCheckout } };
  return { status: 303, location: new URL(rejectionPath(result.denial), env().STORE_URL).href };
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
