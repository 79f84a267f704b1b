import { errorBodySchema } from "./types";

/** Checkout.com answered with an error status: 401, 403, 404, 409, 422, 429 or 5xx, with its error codes. */
export class CheckoutComApiError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly errorType: string | undefined,
    readonly errorCodes: readonly string[],
  ) {
    super(`Checkout.com ${operation} failed: ${status}${errorType ? ` ${errorType}` : ""}${errorCodes.length ? ` (${errorCodes.join(", ")})` : ""}`);
    this.name = "CheckoutComApiError";
  }
}

/** No answer in time, or the network failed: the outcome is unknown, so a retry must reuse the idempotency key. */
export class CheckoutComUnavailableError extends Error {
  constructor(
    readonly operation: string,
    readonly reason: string,
  ) {
    super(`Checkout.com ${operation} did not answer: ${reason}`);
    this.name = "CheckoutComUnavailableError";
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
