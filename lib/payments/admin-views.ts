import type { ProviderId } from "./provider";
import { paymentProvider } from "./registry";
import type { AdminOrderPanelOf } from "./views-contract";

/**
 * The back office's order page panel of each provider that manages payments its own way, one line each, loaded on
 * first use. A provider without a line here and with the Order Management capability (`orderManagement()`, probed)
 * gets the shared Order Management panel (components/admin/order-management/).
 */
const ADMIN_ORDER_PANELS: Partial<Record<ProviderId, () => Promise<AdminOrderPanelOf>>> = {
  "checkout-com": async () => (await import("./checkout-com/admin-views")).checkoutComAdminPanel,
  "klarna-network": async () => (await import("./klarna-network/admin-views")).networkAdminPanel,
};

/** The panel of this provider's orders on the back office's order page, or null when it has none. */
export async function adminOrderPanelOf(id: ProviderId): Promise<AdminOrderPanelOf | null> {
  const own = ADMIN_ORDER_PANELS[id];
  if (own) return own();
  const provider = await paymentProvider(id);
  if (!provider.orderManagement) return null;
  return (await import("@/components/admin/order-management/order-management-panel")).orderManagementPanel;
}
