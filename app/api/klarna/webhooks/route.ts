import { declaresOversizedBody, problem } from "@/lib/http/json-request";
import { handleNetworkWebhook } from "@/lib/payments/klarna-network/webhook-events";

const LIMIT = 256 * 1024;

/** Klarna's signed webhooks for payment requests and transactions: 2xx acknowledges, anything else is retried. */
export async function POST(request: Request): Promise<Response> {
  if (declaresOversizedBody(request, LIMIT)) return problem(413, `The body is larger than ${LIMIT} bytes.`);
  const raw = await request.text();
  if (raw.length > LIMIT) return problem(413, `The body is larger than ${LIMIT} bytes.`);
  const result = await handleNetworkWebhook(raw, request.headers);
  if (result.status === 200) return Response.json({ outcome: result.outcome }, { headers: { "Cache-Control": "no-store" } });
  return problem(result.status, result.error);
}
