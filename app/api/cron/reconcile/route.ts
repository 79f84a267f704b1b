import { reconcileAll } from "@/lib/admin/reconcile";
import { hasBearerSecret, isCrossSiteRequest } from "@/lib/admin/request-guards";
import { drainOutbox } from "@/lib/email/outbox";
import { env } from "@/lib/env";
import { observed } from "@/lib/observability/route";
import { runDueRenewals } from "@/lib/subscriptions/renewals";

export const dynamic = "force-dynamic";

/**
 * Reconciles every stuck order and gives back the coupon uses of abandoned checkouts (see lib/admin/reconcile.ts),
 * charges the subscription renewals that are due (lib/subscriptions/renewals.ts),
 * for a scheduler: `Authorization: Bearer $CRON_SECRET`.
 * Off (404) while CRON_SECRET is unset. Vercel Cron calls with GET, so GET does the same as POST.
 */
async function handle(request: Request): Promise<Response> {
  const secret = env().CRON_SECRET;
  if (!secret) return Response.json({ error: "The reconcile endpoint is off: CRON_SECRET is not set." }, { status: 404 });
  if (isCrossSiteRequest(request.headers, request.headers.get("host"))) {
    return Response.json({ error: "Requests from other sites are refused." }, { status: 403 });
  }
  if (!hasBearerSecret(request.headers.get("authorization"), secret)) {
    return Response.json(
      { error: "Send Authorization: Bearer <CRON_SECRET>." },
      { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="cron"' } },
    );
  }
  const result = await reconcileAll();
  // Subscriptions whose next period is due are charged with their customer tokens (lib/subscriptions/renewals.ts).
  const subscriptions = await runDueRenewals();
  // Shopper emails that could not go out when written (mail server down) are retried here too (lib/email/outbox.ts).
  return Response.json({ ...result, subscriptions, emails: await drainOutbox() });
}

export const GET = observed("/api/cron/reconcile", undefined, handle);
export const POST = observed("/api/cron/reconcile", undefined, handle);
