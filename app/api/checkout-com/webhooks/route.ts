import { handleWebhook } from "@/lib/payments/checkout-com/webhooks";
import { storeWebhookDeps } from "@/lib/payments/checkout-com/store-checkout";
import { BODY_LIMITS, readBoundedText, tooLarge } from "@/lib/security/body-limit";

/** Checkout.com's webhooks: the raw body is verified (Cko-Signature) before it is parsed. */
export async function POST(request: Request): Promise<Response> {
  const raw = await readBoundedText(request, BODY_LIMITS.checkoutComWebhook);
  if (raw === null) return tooLarge(BODY_LIMITS.checkoutComWebhook);
  try {
    const outcome = await handleWebhook(raw, request.headers.get("cko-signature"), storeWebhookDeps());
    return Response.json(outcome.body, { status: outcome.status });
  } catch (error) {
    // Checkout.com could not be read: answer non-2xx so it delivers the event again, and say why in the log.
    console.error("Checkout.com webhook not processed; Checkout.com will deliver it again:", error);
    return Response.json({ error: "Try again later" }, { status: 503 });
  }
}
