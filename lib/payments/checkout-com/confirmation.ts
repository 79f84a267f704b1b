import { finalize } from "@/lib/orders/finalize";
import { findOrderByReference, type StoreOrder } from "@/lib/orders/order-store";
import { checkoutCom } from ".";
import { paymentOutcome } from "./checkout";
import { isNotFound } from "./errors";
import { syncPayment } from "./payment-sync";

export type CheckoutComConfirmation =
  | { state: "order"; order: StoreOrder }
  /** Checkout.com answered 202 Pending and has not decided yet: the page says the payment is being confirmed. */
  | { state: "pending" }
  /** Checkout.com declined the payment: no order was made and none will be. */
  | { state: "declined" }
  | { state: "unknown" };

/**
 * What the confirmation page shows for a Checkout.com payment. The payment is read from Checkout.com (GET
 * /payments/{id}) when `mayRead` (the page's throttle allows it), so the page decides by itself when the webhook was
 * dropped; between reads the store's order, or the payment state its webhooks recorded, answers. An approved payment
 * becomes the store order through the shared finalize; a Pending one waits; a declined one makes nothing.
 */
export async function confirmCheckoutComPayment(paymentId: string, mayRead: boolean): Promise<CheckoutComConfirmation> {
  const { client, store } = checkoutCom();
  const existing = await findOrderByReference("checkout-com", paymentId);
  if (!mayRead) {
    if (existing) return { state: "order", order: existing };
    const known = await store.paymentState(paymentId);
    return known && known.status === "Declined" && known.authorized === 0 ? { state: "declined" } : { state: "pending" };
  }
  try {
    const { payment } = await syncPayment(client, store, paymentId);
    const outcome = paymentOutcome(payment);
    if (existing && outcome !== "approved") return { state: "order", order: existing };
    if (outcome === "pending") return { state: "pending" };
    if (outcome === "declined") return { state: "declined" };
    return { state: "order", order: (await finalize({ provider: "checkout-com", reference: paymentId }, "confirmation")).order };
  } catch (error) {
    if (isNotFound(error)) return { state: "unknown" };
    // Checkout.com unreachable: what the store has, or still being confirmed; the next read or the webhook decides.
    return existing ? { state: "order", order: existing } : { state: "pending" };
  }
}
