import { writeTogether } from "@/db/batch";
import type { CheckoutComClient } from "./client";
import { paymentTypeInWords } from "./purchase";
import type { CheckoutComStore, PaymentState, SettledAction } from "./store";
import type { Payment } from "./types";

/** A clock that never runs backwards within a process and is comparable across processes (ms, fractional). */
const observedNow = () => performance.timeOrigin + performance.now();

/** What one read of a payment and its actions says, not written yet. */
export interface PaymentRead {
  payment: Payment;
  state: PaymentState;
  /** The back office's actions Checkout.com has decided. */
  settled: SettledAction[];
}

/**
 * Reads the payment and its actions from Checkout.com (never from a webhook body): the payment's state, and the
 * outcome of every action the back office requested. Nothing is written: `store.paymentWrites` records it. With
 * `actions: false` (the caller knows no action waits for its outcome) only the payment is read, and `settled` is empty.
 */
export async function readPayment(client: CheckoutComClient, paymentId: string, options: { actions?: boolean } = {}): Promise<PaymentRead> {
  const [payment, actions] = await Promise.all([
    client.getPayment(paymentId),
    options.actions === false ? Promise.resolve([]) : client.getPaymentActions(paymentId),
  ]);
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
  const settled = actions.flatMap((action): SettledAction[] =>
    action.approved === undefined
      ? []
      : [{ actionId: action.id, outcome: action.approved ? "approved" : "declined", reason: action.approved ? null : (action.response_summary ?? null) }],
  );
  return { payment, state, settled };
}

/**
 * Reads the payment and its actions and records what they say, in one database round trip (the state and every
 * decided action together). A read that answered earlier never overwrites one that answered later, so an old event
 * processed late cannot undo a newer state.
 */
export async function syncPayment(client: CheckoutComClient, store: CheckoutComStore, paymentId: string): Promise<PaymentRead> {
  const read = await readPayment(client, paymentId);
  await writeTogether(store.paymentWrites(read.state, read.settled));
  return read;
}
