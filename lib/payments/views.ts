import { PROVIDER_IDS, type ProviderId } from "./provider";
import type { ProviderViews } from "./views-contract";

/**
 * The page-side parts of every provider (lib/payments/views-contract.ts): its folder's `views.tsx` (default export),
 * loaded on first use, for the checkout and confirmation pages. Kept apart from the registry
 * (lib/payments/registry.ts) so that callback routes never load React components.
 */
async function load(id: ProviderId): Promise<ProviderViews> {
  const loaded: { default: ProviderViews } = await import(/* @vite-ignore */ `./${id}/views`);
  return loaded.default;
}

export async function providerViews(id: ProviderId): Promise<ProviderViews> {
  return load(id);
}

/** Every provider's views with its id, in the order of `PROVIDER_IDS`. */
export async function allProviderViews(): Promise<{ id: ProviderId; views: ProviderViews }[]> {
  return Promise.all(PROVIDER_IDS.map(async (id) => ({ id, views: await load(id) })));
}
