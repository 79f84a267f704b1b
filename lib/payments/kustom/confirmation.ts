import { kustom } from "./client";

/** The confirmation snippet of a completed Kustom checkout, or null when Kustom cannot give it right now. */
export async function kustomConfirmationSnippet(kustomOrderId: string): Promise<string | null> {
  try {
    const order = await kustom().checkout.readOrder(kustomOrderId);
    return order.status === "checkout_complete" ? (order.html_snippet ?? null) : null;
  } catch {
    // The receipt does not depend on it: the store's own order details follow.
    return null;
  }
}
