import { AsyncLocalStorage } from "node:async_hooks";
import type { CheckoutSession } from "@/lib/checkout/session-store";

/**
 * The checkout session a caller of `finalize` already read (settling a checkout reads it first), for the purchase's
 * read to use instead of reading it again (`purchaseFromTransaction`, provider.ts): finalize's `readPurchase` takes
 * only the reference. Scoped to the call's async context, so no other request sees it. A payment request's session
 * is written once, when its checkout starts, so the copy in hand is the row.
 */
const known = new AsyncLocalStorage<CheckoutSession>();

export function withKnownCheckout<T>(session: CheckoutSession, work: () => Promise<T>): Promise<T> {
  return known.run(session, work);
}

/** The session with this id the caller already read, if it did. */
export function knownCheckout(id: string): CheckoutSession | null {
  const session = known.getStore();
  return session?.id === id ? session : null;
}
