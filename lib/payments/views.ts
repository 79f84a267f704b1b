import type { ProviderId } from "./provider";
import type { ProviderViews } from "./views-contract";

/**
 * The page-side parts of every provider (lib/payments/views-contract.ts), one line each, loaded on first use, for
 * the checkout and confirmation pages. The other half of the registry (lib/payments/registry.ts).
 */
const VIEWS: Record<ProviderId, () => Promise<ProviderViews>> = {
  "klarna-payments": async () => (await import("./klarna-payments/views")).klarnaPaymentsViews,
  kustom: async () => (await import("./kustom/views")).kustomViews,
  "checkout-com": async () => (await import("./checkout-com/views")).checkoutComViews,
  "klarna-network": async () => (await import("./klarna-network/views")).klarnaNetworkViews,
};

export async function providerViews(id: ProviderId): Promise<ProviderViews> {
  return VIEWS[id]();
}

/** Every provider's views with its id, in the order of `PROVIDER_IDS`. */
export async function allProviderViews(): Promise<{ id: ProviderId; views: ProviderViews }[]> {
  return Promise.all((Object.keys(VIEWS) as ProviderId[]).map(async (id) => ({ id, views: await VIEWS[id]() })));
}
