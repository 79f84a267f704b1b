/** The part of Klarna's JavaScript SDK (x.klarnacdn.net/kp/lib/v1/api.js) that the checkout uses. */
export interface KlarnaAuthorizeResult {
  approved: boolean;
  show_form: boolean;
  authorization_token?: string;
  /** Klarna needs `finalize` before it issues the token (multistep flows). */
  finalize_required?: boolean;
  error?: { invalid_fields?: string[] };
}

export interface KlarnaLoadResult {
  show_form: boolean;
  error?: unknown;
}

type AuthorizeCall = (
  options: { payment_method_category: string },
  data: Record<string, unknown>,
  callback: (result: KlarnaAuthorizeResult) => void,
) => void;

export interface KlarnaPayments {
  init(options: { client_token: string }): void;
  load(
    options: { container: string; payment_method_category: string },
    data: Record<string, unknown>,
    callback: (result: KlarnaLoadResult) => void,
  ): void;
  authorize: AuthorizeCall;
  finalize: AuthorizeCall;
}

export function klarnaPayments(): KlarnaPayments | null {
  const klarna = (window as unknown as { Klarna?: { Payments?: KlarnaPayments } }).Klarna;
  return klarna?.Payments ?? null;
}
