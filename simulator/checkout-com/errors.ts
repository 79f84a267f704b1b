import { randomUUID } from "node:crypto";

/**
 * An error answer in Checkout.com's shape: 422/403/409 carry `{ request_id, error_type, error_codes }`; 401 and 404
 * have an empty body (checkout-com-klarna.openapi.yaml, responses).
 */
export class CheckoutComError extends Error {
  constructor(
    readonly status: 401 | 403 | 404 | 409 | 422 | 429 | 500 | 502 | 503,
    readonly errorType: string,
    readonly errorCodes: string[] = [],
  ) {
    super(`${status} ${errorType}: ${errorCodes.join(", ")}`);
    this.name = "CheckoutComError";
  }
}

export const invalid = (...codes: string[]) => new CheckoutComError(422, "request_invalid", codes);
export const notAllowed = (...codes: string[]) => new CheckoutComError(403, "action_not_allowed", codes);
export const notFound = () => new CheckoutComError(404, "not_found");

export function errorResponse(error: CheckoutComError): Response {
  const requestId = randomUUID();
  const headers = { "Cko-Request-Id": requestId, "Cko-Version": "1.0.0" };
  if (error.status === 401 || error.status === 404) return new Response(null, { status: error.status, headers });
  return Response.json(
    { request_id: requestId, error_type: error.errorType, error_codes: error.errorCodes },
    { status: error.status, headers },
  );
}
