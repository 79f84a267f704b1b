import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { storeSecret } from "@/lib/secrets";

/*
 * The shopper's cancel link, in their receipt: /subscriptions/{id}/cancel?sig=…, signed with the cart secret under
 * its own label, so no cart cookie or order link passes for it. It does not expire: a shopper may cancel any time.
 */

async function signature(subscriptionId: number): Promise<string> {
  const secret = await storeSecret("CART_SECRET");
  return createHmac("sha256", secret).update(`subscription-cancel:${subscriptionId}`).digest("base64url");
}

export async function cancelLinkPath(subscriptionId: number): Promise<string> {
  return `/subscriptions/${subscriptionId}/cancel?sig=${await signature(subscriptionId)}`;
}

export async function verifyCancelLink(subscriptionId: number, sig: string | undefined): Promise<boolean> {
  if (!sig || !Number.isSafeInteger(subscriptionId) || subscriptionId < 1) return false;
  const expected = Buffer.from(await signature(subscriptionId));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
