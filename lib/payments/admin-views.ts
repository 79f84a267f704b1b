import { providerManifest, type ProviderId } from "./provider";
import { paymentProvider } from "./registry";
import type { AdminOrderPanelOf } from "./views-contract";

/**
 * The back office's order page panel of a provider: its folder's `admin-views.tsx` (default export), loaded on first
 * use, when its manifest says it manages payments its own way (`adminPanel`); otherwise, when it has the Order
 * Management capability (`orderManagement()`, probed), the shared Order Management panel
 * (components/admin/order-management/).
 */
export async function adminOrderPanelOf(id: ProviderId): Promise<AdminOrderPanelOf | null> {
  if (providerManifest(id).adminPanel) {
    const own: { default: AdminOrderPanelOf } = await import(/* @vite-ignore */ `./${id}/admin-views`);
    return own.default;
  }
  const provider = await paymentProvider(id);
  if (!provider.orderManagement) return null;
  return (await import("@/components/admin/order-management/order-management-panel")).orderManagementPanel;
}
