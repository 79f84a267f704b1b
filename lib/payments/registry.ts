import { env } from "@/lib/env";
import { klarnaNetworkProvider } from "./klarna-network/provider";
import { checkoutComPaymentProvider } from "./checkout-com";
import { klarnaPaymentsProvider } from "./klarna-payments/provider";
import { kustomProvider } from "./kustom/provider";
import type { PaymentProvider, ProviderId } from "./provider";

/** Every provider the store can settle and manage, whichever one shoppers see at checkout today. */
const PROVIDERS: Partial<Record<ProviderId, PaymentProvider>> = {
  "klarna-payments": klarnaPaymentsProvider,
  kustom: kustomProvider,
  "klarna-network": klarnaNetworkProvider,
  "checkout-com": checkoutComPaymentProvider,
};

export class ProviderUnavailableError extends Error {
  constructor(readonly provider: ProviderId) {
    super(`The payment provider ${provider} is not part of this build of the store`);
    this.name = "ProviderUnavailableError";
  }
}

export function paymentProvider(id: ProviderId): PaymentProvider {
  const provider = PROVIDERS[id];
  if (!provider) throw new ProviderUnavailableError(id);
  return provider;
}

/** The checkout shoppers see (`PAYMENT_PROVIDER`). */
export function activeProviderId(): ProviderId {
  return env().PAYMENT_PROVIDER;
}
