import type { CheckoutComClient } from "./client";
import { CheckoutComApiError, CheckoutComUnavailableError } from "./errors";
import type { CheckoutComStore, RequestedAction } from "./store";
import type { ContextItem, ShippingInfo } from "./types";

export type BackOfficeResult = { ok: true; message: string; actionId: string } | { ok: false; message: string };

/** Klarna's shipping methods, which Checkout.com passes to Klarna with a capture. */
export const KLARNA_SHIPPING_METHODS = [
  "PickUpStore", "Home", "BoxReg", "BoxUnreg", "PickUpPoint", "Own", "Postal", "DHLPackstation", "Digital",
  "Undefined", "PickUpWarehouse", "ClickCollect", "PalletDelivery",
] as const;
/** Klarna accepts at most 500 shipping_info entries on a capture. */
const MAX_SHIPPING_INFO = 500;

export interface BackOfficeDeps {
  client: CheckoutComClient;
  store: CheckoutComStore;
  formatMoney(amount: number): string;
}

export interface CaptureInput {
  amount: number;
  /** Final releases what is not captured; NonFinal keeps it authorized for later captures. */
  final: boolean;
  items?: ContextItem[];
  shippingInfo?: ShippingInfo[];
  /** Made when the form rendered, so a double click or a retry captures once. */
  idempotencyKey: string;
}

function wholePositive(amount: number): boolean {
  return Number.isSafeInteger(amount) && amount > 0;
}

/** Captures after shipping: in full or in part, NonFinal or Final, with Klarna's tracking. Checked first, in words. */
export async function capturePayment(deps: BackOfficeDeps, paymentId: string, input: CaptureInput): Promise<BackOfficeResult> {
  if (!wholePositive(input.amount)) return { ok: false, message: "Enter an amount above zero to capture." };
  const shipping = input.shippingInfo ?? [];
  if (shipping.length > MAX_SHIPPING_INFO) return { ok: false, message: `Klarna takes at most ${MAX_SHIPPING_INFO} tracking entries on a capture.` };
  const badMethod = shipping.find(
    (entry) => entry.shipping_method !== undefined && !(KLARNA_SHIPPING_METHODS as readonly string[]).includes(entry.shipping_method),
  );
  if (badMethod) return { ok: false, message: `"${badMethod.shipping_method}" is not one of Klarna's shipping methods.` };
  const payment = await deps.client.getPayment(paymentId);
  const available = payment.balances.available_to_capture;
  if (available === 0) return { ok: false, message: `Nothing is left to capture on this payment (it is ${payment.status.toLowerCase()}).` };
  if (input.amount > available) return { ok: false, message: `Only ${deps.formatMoney(available)} can still be captured.` };
  return act(deps, paymentId, "capture", input.amount, () =>
    deps.client.capture(
      paymentId,
      {
        amount: input.amount,
        capture_type: input.final ? "Final" : "NonFinal",
        ...(input.items ? { items: input.items } : {}),
        ...(shipping.length > 0 ? { processing: { shipping_info: shipping } } : {}),
      },
      input.idempotencyKey,
    ),
  );
}

export async function refundPayment(
  deps: BackOfficeDeps,
  paymentId: string,
  input: { amount: number; items?: ContextItem[]; idempotencyKey: string },
): Promise<BackOfficeResult> {
  if (!wholePositive(input.amount)) return { ok: false, message: "Enter an amount above zero to refund." };
  const payment = await deps.client.getPayment(paymentId);
  const available = payment.balances.available_to_refund;
  if (available === 0) return { ok: false, message: "Nothing captured is left to refund on this payment." };
  if (input.amount > available) return { ok: false, message: `Only ${deps.formatMoney(available)} can still be refunded.` };
  if (input.items && input.items.reduce((sum, item) => sum + item.total_amount, 0) !== input.amount) {
    return { ok: false, message: "The refunded lines do not add up to the refund amount." };
  }
  return act(deps, paymentId, "refund", input.amount, () =>
    deps.client.refund(paymentId, { amount: input.amount, ...(input.items ? { items: input.items } : {}) }, input.idempotencyKey),
  );
}

/** A void releases the whole authorization, so Checkout.com allows it only before any capture. */
export async function voidPayment(deps: BackOfficeDeps, paymentId: string, input: { idempotencyKey: string }): Promise<BackOfficeResult> {
  const payment = await deps.client.getPayment(paymentId);
  const capturing = (await deps.store.actionsOf(paymentId)).some((action) => action.type === "capture" && action.outcome !== "declined");
  if (payment.balances.total_captured > 0 || capturing) {
    return { ok: false, message: "This payment has been captured, so it can no longer be voided. Refund it instead." };
  }
  if (payment.balances.available_to_void === 0) {
    return { ok: false, message: `This payment cannot be voided (it is ${payment.status.toLowerCase()}).` };
  }
  return act(deps, paymentId, "void", payment.balances.available_to_void, () => deps.client.void(paymentId, {}, input.idempotencyKey));
}

const REQUESTED: Record<RequestedAction["type"], string> = {
  capture: "Capture requested",
  refund: "Refund requested",
  void: "Void requested",
};

/** Checkout.com answers 202: the action is recorded as requested until its webhook settles it. */
async function act(
  deps: BackOfficeDeps,
  paymentId: string,
  type: RequestedAction["type"],
  amount: number,
  send: () => Promise<{ action_id: string }>,
): Promise<BackOfficeResult> {
  try {
    const accepted = await send();
    await deps.store.recordAction({
      actionId: accepted.action_id,
      paymentId,
      type,
      amount,
      requestedAt: Date.now(),
      outcome: "requested",
      reason: null,
    });
    return {
      ok: true,
      actionId: accepted.action_id,
      message: `${REQUESTED[type]}: ${deps.formatMoney(amount)}. Checkout.com confirms it shortly.`,
    };
  } catch (error) {
    return { ok: false, message: inWords(type, error) };
  }
}

const CODES: Record<string, string> = {
  amount_exceeds_balance: "the amount is more than is left to capture",
  refund_amount_exceeds_balance: "the amount is more than is left to refund",
  capture_not_allowed: "the payment cannot be captured in its current state",
  refund_not_allowed: "nothing captured is left to refund",
  void_not_allowed: "the payment has been captured, so refund it instead",
  items_amount_invalid: "the lines do not add up to the amount",
  idempotency_key_reused: "this form was already used for another request; reload the page",
};

function inWords(type: RequestedAction["type"], error: unknown): string {
  if (error instanceof CheckoutComUnavailableError) {
    return `Checkout.com did not answer, so the ${type} may not have been made. Try again: the same request is never applied twice.`;
  }
  if (error instanceof CheckoutComApiError) {
    if (error.status === 409) return `The same ${type} is being processed right now. Reload the page in a moment.`;
    const reasons = error.errorCodes.map((code) => CODES[code] ?? code.replaceAll("_", " "));
    return `Checkout.com refused the ${type}${reasons.length ? `: ${reasons.join("; ")}` : ` (${error.status})`}.`;
  }
  throw error;
}

/** How an action stands, for the back office: requested until the webhook settles it, then done or declined in words. */
export function describeAction(action: RequestedAction, formatMoney: (amount: number) => string): string {
  const what = `${action.type.charAt(0).toUpperCase()}${action.type.slice(1)} of ${formatMoney(action.amount)}`;
  if (action.outcome === "requested") return `${what}: ${action.type} requested, waiting for Checkout.com`;
  if (action.outcome === "approved") return `${what}: done`;
  return `${what}: declined${action.reason ? ` (${action.reason})` : ""}`;
}
