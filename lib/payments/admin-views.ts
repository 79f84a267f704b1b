import type { ProviderId } from "./provider";
import type { AdminOrderPage } from "./views-contract";

/**
 * The back office's order page section of each provider that manages payments its own way, one line each, loaded
 * on first use; Klarna Payments and Kustom Checkout are managed through the shared Order Management page.
 */
const ADMIN_ORDER_PAGES: Partial<Record<ProviderId, () => Promise<AdminOrderPage>>> = {
  "checkout-com": async () => (await import("./checkout-com/admin-views")).checkoutComAdminOrderPage,
  "klarna-network": async () => (await import("./klarna-network/admin-views")).networkAdminOrderPage,
};

export async function adminOrderPageOf(id: ProviderId): Promise<AdminOrderPage | null> {
  const load = ADMIN_ORDER_PAGES[id];
  return load ? load() : null;
}
