/** The part of Klarna's JavaScript SDK (x.klarnacdn.net/kp/lib/v1/api.js) that the checkout uses. */
export interface KlarnaAuthorizeResult {
  approved: boolean;
  show_form: boolean;
  authorization_token?: string;
  error?: { invalid_fields?: string[] };
}

export interface KlarnaPayments {
  init(options: { client_token: string }): void;
  load(
    options: { container: string; payment_method_category: string },
    data: Record<string, unknown>,
    callback: (result: { show_form: boolean; error?: unknown }) => void,
  ): void;
  authorize(
    options: { payment_method_category: string },
    data: Record<string, unknown>,
    callback: (result: KlarnaAuthorizeResult) => void,
  ): void;
  reauthorize(
    options: { payment_method_category: string },
    data: Record<string, unknown>,
    callback: (result: KlarnaAuthorizeResult) => void,
  ): void;
}

export function klarnaPayments(): KlarnaPayments | null {
  const klarna = (window as unknown as { Klarna?: { Payments?: KlarnaPayments } }).Klarna;
  return klarna?.Payments ?? null;
}
