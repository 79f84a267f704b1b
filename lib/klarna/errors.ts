import { ProviderRefusedError, ProviderUnreachableError } from "@/lib/payments/errors";

/** Every call the client makes, named the way the client groups them; errors carry it so logs say what failed. */
export type KlarnaOperation =
  | "payments.createSession"
  | "payments.readSession"
  | "payments.updateSession"
  | "payments.placeOrder"
  | "payments.cancelAuthorization"
  | "payments.createCustomerToken"
  | "customerToken.read"
  | "customerToken.createOrder"
  | "customerToken.updateStatus"
  | "checkout.createOrder"
  | "checkout.readOrder"
  | "checkout.updateOrder"
  | "checkout.abortOrder"
  | "orders.get"
  | "orders.acknowledge"
  | "orders.capture"
  | "orders.getCapture"
  | "orders.addShippingInfo"
  | "orders.refund"
  | "orders.cancel"
  | "orders.releaseRemainingAuthorization"
  | "orders.extendAuthorizationTime"
  | "orders.updateMerchantReferences"
  | "orders.updateAuthorization"
  | "orders.updateCustomerDetails"
  | "orders.dueDateOptions"
  | "orders.extendDueDate"
  | "orders.triggerSendOut";

/**
 * Klarna understood the request and refused it (a 4xx answer). Repeating the same request gets the same answer, so
 * callers show `describeKlarnaError(err)` to the merchant instead of retrying.
 */
export class KlarnaApiError extends ProviderRefusedError {
  override readonly name = "KlarnaApiError";
  readonly operation: KlarnaOperation;
  /** Klarna's `error_code`, such as CAPTURE_NOT_ALLOWED; absent when Klarna sent no error body. */
  readonly errorCode: string | undefined;
  readonly errorMessages: readonly string[];
  /** Finds the call in the Merchant portal's logs and in Klarna support tickets. */
  readonly correlationId: string | undefined;

  constructor(init: {
    operation: KlarnaOperation;
    status: number;
    errorCode?: string;
    errorMessages?: readonly string[];
    correlationId?: string;
  }) {
    const messages = init.errorMessages ?? [];
    const details = [init.errorCode, ...messages].filter(Boolean).join(": ");
    super(
      `Klarna refused ${init.operation} with HTTP ${init.status}${details ? ` (${details})` : ""}` +
        (init.correlationId ? `, correlation id ${init.correlationId}` : ""),
      init.status,
    );
    this.operation = init.operation;
    this.errorCode = init.errorCode;
    this.errorMessages = messages;
    this.correlationId = init.correlationId;
  }
}

export type KlarnaUnavailableReason = "network" | "timeout" | "server" | "rate-limited" | "invalid-response";

/**
 * Klarna could not be reached, did not answer in time, failed (5xx), asked the store to slow down (429) or answered
 * with something the store will not trust. The outcome of a write is unknown, so it is safe to retry only with the
 * same idempotency key; a handler Klarna calls (push) should answer 5xx so that Klarna calls again.
 */
export class KlarnaUnavailableError extends ProviderUnreachableError {
  override readonly name = "KlarnaUnavailableError";
  readonly operation: KlarnaOperation;
  readonly reason: KlarnaUnavailableReason;
  readonly correlationId: string | undefined;

  constructor(init: {
    operation: KlarnaOperation;
    reason: KlarnaUnavailableReason;
    detail: string;
    status?: number;
    correlationId?: string;
    cause?: unknown;
  }) {
    super(
      `Klarna unavailable for ${init.operation} (${init.reason}): ${init.detail}` +
        (init.correlationId ? `, correlation id ${init.correlationId}` : ""),
      { status: init.status, cause: init.cause },
    );
    this.operation = init.operation;
    this.reason = init.reason;
    this.correlationId = init.correlationId;
  }
}

/**
 * True when Klarna says the order, capture, refund, session or authorization does not exist. Klarna answers 404 for
 * that, except SESSION_COMPLETED (a 404 for a session already used), and Order Management sometimes answers an
 * unknown refund with 400 NOT_FOUND.
 */
export function isKlarnaNotFound(err: unknown): err is KlarnaApiError {
  if (!(err instanceof KlarnaApiError)) return false;
  if (err.errorCode === "NOT_FOUND") return true;
  return err.status === 404 && err.errorCode !== "SESSION_COMPLETED";
}

/** Noun phrases, so every sentence below reads naturally whichever call failed. */
const ACTIONS: Record<KlarnaOperation, string> = {
  "payments.createSession": "the checkout session",
  "payments.readSession": "the session lookup",
  "payments.updateSession": "the session update",
  "payments.placeOrder": "the order",
  "payments.cancelAuthorization": "the cancellation of the authorization",
  "payments.createCustomerToken": "the customer token",
  "customerToken.read": "the customer token lookup",
  "customerToken.createOrder": "the renewal order",
  "customerToken.updateStatus": "the cancellation of the customer token",
  "checkout.createOrder": "the checkout",
  "checkout.readOrder": "the checkout lookup",
  "checkout.updateOrder": "the checkout update",
  "checkout.abortOrder": "the cancellation of the checkout",
  "orders.get": "the order lookup",
  "orders.acknowledge": "the acknowledgement of the order",
  "orders.capture": "the capture",
  "orders.getCapture": "the capture lookup",
  "orders.addShippingInfo": "the shipping information",
  "orders.refund": "the refund",
  "orders.cancel": "the cancellation",
  "orders.releaseRemainingAuthorization": "the release of the remaining authorization",
  "orders.extendAuthorizationTime": "the extension of the authorization time",
  "orders.updateMerchantReferences": "the merchant reference update",
  "orders.updateAuthorization": "the change of the order's amount and lines",
  "orders.updateCustomerDetails": "the address update",
  "orders.dueDateOptions": "the lookup of the due date options",
  "orders.extendDueDate": "the extension of the payment due date",
  "orders.triggerSendOut": "the re-sending of the invoice",
};

const READS = new Set<KlarnaOperation>(["customerToken.read", "payments.readSession", "checkout.readOrder", "orders.get", "orders.getCapture", "orders.dueDateOptions"]);

/**
 * One sentence for the merchant saying what Klarna refused and what to do, from the error codes in Klarna's
 * "Error codes and messages" pages for Order Management and Klarna Payments. Never shows Klarna's raw body.
 */
export function describeKlarnaError(err: unknown): string {
  if (err instanceof KlarnaApiError) return describeRefusal(err);
  if (err instanceof KlarnaUnavailableError) {
    if (err.reason === "rate-limited") {
      return "Klarna is limiting how often the store may call it right now. Try again in a minute.";
    }
    if (READS.has(err.operation)) {
      return "Klarna could not be reached or did not answer properly. Try again in a moment.";
    }
    return (
      "Klarna could not be reached or did not answer properly, so it is not known whether the change took effect. " +
      "Reload the order to check before trying again."
    );
  }
  return "Something unexpected went wrong while talking to Klarna. The details are in the server log.";
}

const NOT_FOUND =
  "Klarna could not find what this refers to: check the id, or the session or authorization may have expired.";

function describeRefusal(err: KlarnaApiError): string {
  const action = ACTIONS[err.operation];
  switch (err.errorCode) {
    case "CAPTURE_NOT_ALLOWED":
      return (
        "Klarna refused the capture: the amount is more than what remains authorized, or the order was already " +
        "captured in full, cancelled or expired."
      );
    case "REFUND_NOT_ALLOWED":
      return "Klarna refused the refund: only captured money can be refunded, and never more than was captured.";
    case "CANCEL_NOT_ALLOWED":
      return (
        "Klarna refused to cancel the order: once any part of it is captured it can no longer be cancelled. " +
        "Refund what was captured and release the rest of the authorization instead."
      );
    case "NOT_ALLOWED":
      return (
        `Klarna did not allow ${action}: the order's current state does not permit it, ` +
        "for example because it is cancelled or has expired."
      );
    // NO_ACTIONS_ALLOWED and ORDER_EXPIRED are not on Klarna's current error-code page; described in case they come.
    case "NO_ACTIONS_ALLOWED":
      return "Klarna allows no further changes to this order: it is closed, cancelled or expired.";
    case "ORDER_EXPIRED":
      return "The order's authorization has expired, so Klarna no longer accepts captures or changes to it.";
    case "NO_SUCH_ORDER":
      return "Klarna has no order with this id. Check the Klarna order id.";
    case "NO_SUCH_CAPTURE":
      return "Klarna has no capture with this id on the order. Check the capture id.";
    case "NOT_FOUND":
      return NOT_FOUND;
    case "CONFLICT":
      return (
        `Klarna refused ${action} because it conflicts with the order's current state. ` +
        "Reload the order to see where it stands."
      );
    case "INVALID_ADDRESS":
      return "Klarna rejected the billing or shipping address as invalid.";
    case "REQUEST_TOO_LARGE":
      return "The request was too large for Klarna. Send fewer order lines.";
    case "BAD_VALUE":
      if (err.status === 409) {
        return `Klarna refused ${action} because it no longer matches what the customer authorized.`;
      }
      return (
        `Klarna rejected a value in ${action}, such as an amount, tax or order line that does not add up, ` +
        "or a text that is too long."
      );
    case "BAD_REQUEST":
    case "UNPROCESSABLE_ENTITY":
      return (
        `Klarna could not accept the details in ${action}, ` +
        "such as a text that is too long or a value in the wrong format."
      );
    case "REJECTED":
      return "Klarna declined the purchase.";
    case "SESSION_COMPLETED":
      return "An order has already been placed with this Klarna session.";
    case "INVALID_OPERATION":
      return (
        "Klarna does not allow this for the store's account or for this authorization, " +
        "for example because the authorization was already used."
      );
    case "MERCHANT_INACTIVE":
      return "The store's Klarna account is not active yet. Contact Klarna merchant support.";
  }
  if (err.status === 401) {
    return "Klarna did not accept the store's API credentials. Check KLARNA_USERNAME and KLARNA_PASSWORD.";
  }
  if (err.status === 404) return NOT_FOUND;
  if (err.status === 403) return `Klarna did not allow ${action}.`;
  return `Klarna refused ${action} (HTTP ${err.status}).`;
}
