import { settleCheckout } from "./checkout";
import { unsettledCheckouts } from "./storage";

/**
 * Reconcile's part for payment requests: every checkout still open is looked at again, so a journey completed
 * while both the webhook and the shopper's return were lost is still confirmed (or authorized) within its 60
 * minutes, or marked expired after. Returns how many became paid.
 */
export async function reconcileNetworkCheckouts(): Promise<number> {
  let paid = 0;
  for (const checkout of await unsettledCheckouts()) {
    const outcome = await settleCheckout(checkout.checkoutSessionId, "reconcile");
    if (outcome.status === "paid") paid += 1;
  }
  return paid;
}
