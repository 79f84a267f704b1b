import { problem } from "@/lib/http/json-request";
import { observed } from "@/lib/observability/route";
import { BODY_LIMITS, readBoundedText, tooLarge } from "@/lib/security/body-limit";
import { networkWebhooks } from "./checkout";
import { handleNetworkWebhook } from "./webhook-events";

/**
 * Klarna's signed webhooks for payment requests and transactions: 2xx acknowledges, anything else is retried. Served
 * at /api/klarna/webhooks, the URL already registered with Klarna (app/api/klarna/webhooks/route.ts).
 */
export const networkWebhookRoute = observed("/api/klarna/webhooks", "klarna-network", async (request) => {
  const raw = await readBoundedText(request, BODY_LIMITS.klarnaNetworkWebhook);
  if (raw === null) return tooLarge(BODY_LIMITS.klarnaNetworkWebhook);
  const result = await handleNetworkWebhook(networkWebhooks, raw, request.headers);
  if (result.status === 200) return Response.json({ outcome: result.outcome }, { headers: { "Cache-Control": "no-store" } });
  return problem(result.status, result.error);
});
