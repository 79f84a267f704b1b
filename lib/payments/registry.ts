import { env } from "@/lib/env";
import { isProviderId, PROVIDER_IDS, type PaymentProvider, type ProviderId } from "./provider";

/**
 * Every provider the store can settle and manage, whichever one shoppers see at checkout today: the one list is
 * PROVIDERS (lib/payments/provider.ts, one line each), and each provider is its folder's `provider.ts` (default
 * export), loaded on first use. A provider's own modules call back into the core (finalize, the order store), which
 * resolves providers here, so a static import would close an import cycle (tests/lint/import-cycles.test.ts).
 */
async function load(id: ProviderId): Promise<PaymentProvider> {
  const loaded: { default: PaymentProvider } = await import(/* @vite-ignore */ `./${id}/provider`);
  return loaded.default;
}

export class ProviderUnavailableError extends Error {
  constructor(readonly provider: string) {
    super(`The payment provider ${provider} is not part of this build of the store`);
    this.name = "ProviderUnavailableError";
  }
}

/** The provider with this id, its optional capabilities to be probed (`provider.sweep?.(now)`). */
export async function paymentProvider(id: ProviderId): Promise<PaymentProvider> {
  if (!isProviderId(id)) throw new ProviderUnavailableError(id);
  return load(id);
}

/** Every provider of this build, in the order of `PROVIDER_IDS`. */
export async function paymentProviders(): Promise<PaymentProvider[]> {
  return Promise.all(PROVIDER_IDS.map((id) => load(id)));
}

/** The checkout shoppers see (`PAYMENT_PROVIDER`). */
export function activeProviderId(): ProviderId {
  return env().PAYMENT_PROVIDER;
}
