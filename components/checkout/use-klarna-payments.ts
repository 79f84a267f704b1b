import { useMemo, useRef } from "react";
import { klarnaPayments, type KlarnaAuthorizeResult, type KlarnaLoadResult, type KlarnaPayments } from "./klarna-sdk";

/** `Klarna.Payments` as promises: the checkout awaits each step instead of nesting callbacks. */
export interface PromisedKlarnaPayments {
  load(container: string, category: string): Promise<KlarnaLoadResult>;
  /** Authorizes, and finalizes when Klarna asks for it; the answer is the one that carries the token. */
  authorize(category: string, data: Record<string, unknown>): Promise<KlarnaAuthorizeResult>;
}

function promised<T>(start: (callback: (result: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    try {
      start(resolve);
    } catch (error) {
      reject(error);
    }
  });
}

/**
 * Wraps an SDK instance. `init` runs once, before the first call. When `authorize` answers `finalize_required: true`
 * (Klarna's multistep flow, "Finalize an authorization"), this one-page checkout is already at its last step, so
 * `finalize` follows at once with the same data and its answer stands for the authorization.
 */
export function promiseKlarnaPayments(sdk: KlarnaPayments, clientToken: string): PromisedKlarnaPayments {
  let initialised = false;
  const init = () => {
    if (initialised) return;
    sdk.init({ client_token: clientToken });
    initialised = true;
  };
  return {
    load(container, category) {
      return promised((callback) => {
        init();
        sdk.load({ container, payment_method_category: category }, {}, callback);
      });
    },
    async authorize(category, data) {
      const options = { payment_method_category: category };
      const authorized = await promised<KlarnaAuthorizeResult>((callback) => {
        init();
        sdk.authorize(options, data, callback);
      });
      if (!authorized.finalize_required || authorized.authorization_token) return authorized;
      return promised((callback) => sdk.finalize(options, data, callback));
    },
  };
}

/** The page's `Klarna.Payments` once the SDK script has run; rejects while it is missing. */
export function useKlarnaPayments(clientToken: string): PromisedKlarnaPayments {
  const wrapped = useRef<{ sdk: KlarnaPayments; payments: PromisedKlarnaPayments } | null>(null);
  return useMemo(() => {
    const current = (): PromisedKlarnaPayments => {
      const sdk = klarnaPayments();
      if (!sdk) throw new Error("Klarna's SDK is not loaded");
      if (wrapped.current?.sdk !== sdk) wrapped.current = { sdk, payments: promiseKlarnaPayments(sdk, clientToken) };
      return wrapped.current.payments;
    };
    return {
      load: async (container, category) => current().load(container, category),
      authorize: async (category, data) => current().authorize(category, data),
    };
  }, [clientToken]);
}
