import { z } from "zod";
import { findCheckoutSessionByCallbackToken } from "@/lib/checkout/session-store";
import { env } from "@/lib/env";
import { returnFromJourney } from "@/lib/payments/klarna-network/checkout";
import { findNetworkCheckout } from "@/lib/payments/klarna-network/storage";
import { rememberWallet } from "@/lib/payments/klarna-network/wallet-session";
import { BODY_LIMITS, refuseDeclaredOversize } from "@/lib/security/body-limit";

const query = z.object({ checkout: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/) });

/**
 * Klarna's return (the merchant's `config.redirect_url`, the acquirer's `return_url`): the shopper is back from the
 * purchase journey. The store settles the checkout (confirm or authorize, then finalize) and shows the receipt, or
 * cancels the request the shopper left and says plainly why not, offering to pay again.
 */
export async function GET(request: Request): Promise<Response> {
  const oversized = refuseDeclaredOversize(request, BODY_LIMITS.none);
  if (oversized) return oversized;
  const store = env().STORE_URL.replace(/\/+$/, "");
  const to = (path: string) => Response.redirect(`${store}${path}`, 303);
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const session = parsed.success ? await findCheckoutSessionByCallbackToken(parsed.data.checkout) : null;
  if (!session) return to("/checkout?klarna=unknown");

  const outcome = await returnFromJourney(session.id);
  if (outcome.status === "paid") {
    const checkout = await findNetworkCheckout(session.id);
    if (checkout?.walletId) await rememberWallet(checkout.walletId);
    return to(outcome.order ? `/orders/${outcome.order.accessToken}` : "/checkout?klarna=processing");
  }
  if (outcome.status === "redirect") return Response.redirect(outcome.url, 303);
  if (outcome.status === "open") return to("/checkout?klarna=unfinished");
  return to(`/checkout?klarna=${outcome.status}`);
}
