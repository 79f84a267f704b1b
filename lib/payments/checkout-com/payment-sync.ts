import type { CheckoutComClient } from "./client";
import { paymentTypeInWords } from "./purchase";
import type { CheckoutComStore, PaymentState } from "./store";
import type { Payment } from "./types";

/** A clock that never runs backwards within a process and is comparable across processes (ms, fractional). */
const observedNow = () => performance.timeOrigin + performance.now();

/**
 * Reads the payment and its actions from Checkout.com (never from a webhook body) and records what they say: the
 * payment's state, and the outcome of every action the back office requested. A read that answered earlier never
 * overwrites one that answered later, so an old event processed late cannot undo a newer state.
 */
export async function syncPayment(client: CheckoutComClient, store: CheckoutComStore, paymentId: string): Promise<{ payment: Payment; state: PaymentState }> {
  const [payment, actions] = await Promise.all([client.getPayment(paymentId), client.getPaymentActions(paymentId)]);
  const observedAt = observedNow();
  const state: PaymentState = {
    paymentId,
    status: payment.status,
    observedAt,
    authorized: payment.balances.total_authorized,
    captured: payment.balances.total_captured,
    refunded: payment.balances.total_refunded,
    voided: payment.balances.total_voided,
    availableToCapture: payment.balances.available_to_capture,
    availableToRefund: payment.balances.available_to_refund,
    availableToVoid: payment.balances.available_to_void,
    klarnaOrderId: payment.processing?.partner_order_id ?? null,
    paymentMethod: paymentTypeInWords(payment),
  };
  await store.savePaymentState(state);
  for (const action of actions) {
    if (action.approved === undefined) continue;
    await store.settleAction(action.id, action.approved ? "approved" : "declined", action.approved ? null : (action.response_summary ?? null));
  }
  return { payment, state };
}
