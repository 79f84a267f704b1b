import { env } from "@/lib/env";
import type { PaymentProvider, ProviderId } from "./provider";

/**
 * Every provider the store can settle and manage, whichever one shoppers see at checkout today: one line each, and
 * the only place outside a provider's own folders that names one (tests/lint/provider-seam.test.ts). Each is loaded
 * on first use: a provider's own modules call back into the core (finalize, the order store), which resolves
 * providers here, so a static import would close an import cycle (tests/lint/import-cycles.test.ts).
 */
const PROVIDERS: Record<ProviderId, () => Promise<PaymentProvider>> = {
  "klarna-payments": async () => (await import("./klarna-payments/provider")).klarnaPaymentsProvider,
  kustom: async () => (await import("./kustom/provider")).kustomProvider,
  "checkout-com": async () => (await import("./checkout-com/registered")).checkoutComPaymentProvider,
  "klarna-network": async () => (await import("./klarna-network/provider")).klarnaNetworkProvider,
};

export class ProviderUnavailableError extends Error {
  constructor(readonly provider: string) {
    super(`The payment provider ${provider} is not part of this build of the store`);
    this.name = "ProviderUnavailableError";
  }
}

/** The provider with this id, its optional capabilities to be probed (`provider.sweep?.(now)`). */
export async function paymentProvider(id: ProviderId): Promise<PaymentProvider> {
  const load = Object.hasOwn(PROVIDERS, id) ? PROVIDERS[id] : undefined;
  if (!load) throw new ProviderUnavailableError(id);
  return load();
}

/** Every provider of this build, in the order of `PROVIDER_IDS`. */
export async function paymentProviders(): Promise<PaymentProvider[]> {
  return Promise.all(Object.values(PROVIDERS).map((load) => load()));
}

/** The checkout shoppers see (`PAYMENT_PROVIDER`). */
export function activeProviderId(): ProviderId {
  return env().PAYMENT_PROVIDER;
}
