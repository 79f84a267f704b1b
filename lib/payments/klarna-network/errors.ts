import { ProviderRefusedError, ProviderUnreachableError } from "../errors";

/** Every call the client makes; errors carry it so logs and messages say what failed. */
export type NetworkOperation =
  | "requests.create"
  | "requests.read"
  | "requests.cancel"
  | "confirm"
  | "authorize"
  | "transactions.read"
  | "transactions.capture"
  | "transactions.refund"
  | "transactions.void"
  | "webhooks.list"
  | "webhooks.create";

/**
 * Klarna understood the call and refused it (4xx), with the Network API's body `{ error_id, error_type, error_code,
 * error_message }`. The same call gets the same answer, so callers show `describeNetworkError` instead of retrying.
 */
export class NetworkApiError extends ProviderRefusedError {
  override readonly name = "NetworkApiError";
  readonly operation: NetworkOperation;
  readonly errorType: string | undefined;
  readonly errorCode: string | undefined;
  readonly errorId: string | undefined;

  constructor(init: { operation: NetworkOperation; status: number; errorType?: string; errorCode?: string; errorMessage?: string; errorId?: string }) {
    const details = [init.errorType, init.errorCode, init.errorMessage].filter(Boolean).join(": ");
    super(`Klarna refused ${init.operation} with HTTP ${init.status}${details ? ` (${details})` : ""}${init.errorId ? `, error id ${init.errorId}` : ""}`, init.status);
    this.operation = init.operation;
    this.errorType = init.errorType;
    this.errorCode = init.errorCode;
    this.errorId = init.errorId;
  }
}

/**
 * Klarna could not be reached, timed out, failed (5xx), rate-limited the store (429) or answered something the store
 * will not trust. A write's outcome is unknown: retry with the same idempotency key; a webhook handler answers 5xx.
 */
export class NetworkUnavailableError extends ProviderUnreachableError {
  override readonly name = "NetworkUnavailableError";
  readonly operation: NetworkOperation;

  constructor(init: { operation: NetworkOperation; detail: string; status?: number; cause?: unknown }) {
    super(`Klarna unavailable for ${init.operation}: ${init.detail}`, { status: init.status, cause: init.cause });
    this.operation = init.operation;
  }
}

export const isNetworkNotFound = (error: unknown): error is NetworkApiError =>
  error instanceof NetworkApiError && (error.status === 404 || error.errorCode === "NOT_FOUND");

/**
 * Whether a payment request says its 60-minute token ran out (reference/seeds/002_77eec189f7ef5cc3.txt: the
 * confirmation token; reference/seeds/003_3b10e5c93c9b4842.txt: the payment token; "otherwise the transaction will be
 * lost"). Klarna documents no error code for confirming or authorizing with an expired token, so the store recognises
 * expiry the ways the docs show it: the request's state EXPIRED (reference/klarna-network/notes.md §4: final, after
 * 3 h or 48 h, or once the token's 60 minutes are over) and its state_reason CONFIRMATION_TOKEN_EXPIRED (notes.md §4,
 * the Web SDK's PaymentRequestStateReason). The payment.request.state-change.expired webhook leads here too, as the
 * store reads the request it names; a refused confirm or authorize is followed by such a read (checkout.ts). The
 * request's `state_expires_at` is not compared with the store's own clock: Klarna's clock decides.
 */
export function requestSaysTokenExpired(request: { state: string; state_reason?: string }): boolean {
  return request.state === "EXPIRED" || request.state_reason === "CONFIRMATION_TOKEN_EXPIRED";
}

const ACTIONS: Record<NetworkOperation, string> = {
  "requests.create": "the payment request",
  "requests.read": "the payment request lookup",
  "requests.cancel": "the cancellation of the payment request",
  confirm: "the confirmation of the payment",
  authorize: "the payment authorization",
  "transactions.read": "the payment transaction lookup",
  "transactions.capture": "the capture",
  "transactions.refund": "the refund",
  "transactions.void": "the void of the authorization",
  "webhooks.list": "the webhook lookup",
  "webhooks.create": "the webhook registration",
};

/** One sentence for a merchant or shopper: what Klarna refused and what to do. Never Klarna's raw message. */
export function describeNetworkError(error: unknown): string {
  if (error instanceof NetworkUnavailableError) {
    return error.operation === "transactions.read" || error.operation === "requests.read"
      ? "Klarna could not be reached or did not answer properly. Try again in a moment."
      : "Klarna could not be reached or did not answer properly, so it is not known whether the change took effect. Reload to check before trying again.";
  }
  if (!(error instanceof NetworkApiError)) return "Something unexpected went wrong while talking to Klarna. The details are in the server log.";
  const action = ACTIONS[error.operation];
  switch (error.errorCode) {
    case "LIMIT_EXCEEDED":
      return `Klarna allows no more of these on this payment (at most 200 captures, 200 refunds and 500 changes in all), so ${action} was refused.`;
    case "CAPTURE_NOT_ALLOWED":
      return "Klarna refused the capture: it is more than what remains authorized.";
    case "REFUND_NOT_ALLOWED":
      return "Klarna refused the refund: only captured money can be refunded, and never more than was captured.";
    case "OPERATION_NOT_ALLOWED":
      return `Klarna did not allow ${action} in the payment's current state (for example expired, closed or already voided).`;
    case "VALIDATION_ERROR":
      return `Klarna rejected a value in ${action}, such as an amount that does not match the line items.`;
    case "INVALID_CUSTOMER_TOKEN":
      return "Klarna no longer accepts the saved payment details. Pay with Klarna as usual instead.";
    case "CONFLICT":
      return `Klarna refused ${action} because it already exists.`;
  }
  if (error.status === 401 || error.errorType === "ACCESS_ERROR") {
    return "Klarna did not accept the store's API key. Check KLARNA_NETWORK_API_KEY and KLARNA_NETWORK_ACCOUNT_ID.";
  }
  if (error.status === 404) return `Klarna could not find what ${action} refers to.`;
  if (error.status === 403) return `Klarna did not allow ${action}.`;
  return `Klarna refused ${action} (HTTP ${error.status}).`;
}
