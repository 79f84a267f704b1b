import { handleWebhook } from "@/lib/payments/checkout-com/webhooks";
import { storeWebhookDeps } from "@/lib/payments/checkout-com/store-checkout";

/** Checkout.com's webhooks: the raw body is verified (Cko-Signature) before it is parsed. */
export async function POST(request: Request): Promise<Response> {
  const raw = await request.text();
  try {
    const outcome = await handleWebhook(raw, request.headers.get("cko-signature"), storeWebhookDeps());
    return Response.json(outcome.body, { status: outcome.status });
  } catch (error) {
    // Checkout.com could not be read: answer non-2xx so it delivers the event again, and say why in the log.
    console.error("Checkout.com webhook not processed; Checkout.com will deliver it again:", error);
    return Response.json({ error: "Try again later" }, { status: 503 });
  }
}
