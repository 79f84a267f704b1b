import { ProviderRefusedError, ProviderUnreachableError } from "../errors";
import { errorBodySchema } from "./types";

/**
 * The client is made once per process and kept on globalThis (index.ts), but Next.js bundles this module into more
 * than one chunk (route handlers, pages), each with its own copy of these classes: an error thrown by a client made
 * in one chunk would fail `instanceof` in another. So each class marks its instances with a process-wide symbol and
 * `instanceof` checks the mark.
 */
const API_ERROR = Symbol.for("klarna-storefront.CheckoutComApiError");
const UNAVAILABLE_ERROR = Symbol.for("klarna-storefront.CheckoutComUnavailableError");

function hasMark(value: unknown, mark: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[mark] === true;
}

/** Checkout.com answered with an error status: 401, 403, 404, 409, 422, 429 or 5xx, with its error codes. */
export class CheckoutComApiError extends ProviderRefusedError {
  constructor(
    readonly operation: string,
    status: number,
    readonly errorType: string | undefined,
    readonly errorCodes: readonly string[],
  ) {
    super(`Checkout.com ${operation} failed: ${status}${errorType ? ` ${errorType}` : ""}${errorCodes.length ? ` (${errorCodes.join(", ")})` : ""}`, status);
    this.name = "CheckoutComApiError";
    Object.defineProperty(this, API_ERROR, { value: true });
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return hasMark(value, API_ERROR);
  }
}

/** No answer in time, or the network failed: the outcome is unknown, so a retry must reuse the idempotency key. */
export class CheckoutComUnavailableError extends ProviderUnreachableError {
  constructor(
    readonly operation: string,
    readonly reason: string,
  ) {
    super(`Checkout.com ${operation} did not answer: ${reason}`);
    this.name = "CheckoutComUnavailableError";
    Object.defineProperty(this, UNAVAILABLE_ERROR, { value: true });
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return hasMark(value, UNAVAILABLE_ERROR);
  }
}

/** The SDK's errors carry `http_code` and the parsed `body`; its ValueError (pre-flight) has neither. */
export function fromSdkError(operation: string, error: unknown): Error {
  if (error instanceof CheckoutComApiError || error instanceof CheckoutComUnavailableError) return error;
  if (error !== null && typeof error === "object" && "http_code" in error && typeof error.http_code === "number") {
    if (error.http_code === 408) return new CheckoutComUnavailableError(operation, "timeout");
    const body = errorBodySchema.safeParse("body" in error ? error.body : undefined);
    return new CheckoutComApiError(
      operation,
      error.http_code,
      body.success ? body.data.error_type : undefined,
      body.success ? (body.data.error_codes ?? []) : [],
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new CheckoutComUnavailableError(operation, reason);
}

export function isNotFound(error: unknown): boolean {
  return error instanceof CheckoutComApiError && error.status === 404;
}

export function hasErrorCode(error: unknown, code: string): boolean {
  return error instanceof CheckoutComApiError && error.errorCodes.includes(code);
}
