import { describe, expect, it, vi } from "vitest";
import { adminOrderPanelOf } from "@/lib/payments/admin-views";
import { PROVIDER_IDS, type ProviderId } from "@/lib/payments/provider";
import { paymentProvider } from "@/lib/payments/registry";

// The panels' forms post to server actions that ask who is signed in; nothing is posted here.
vi.mock("@/lib/admin/session", () => ({ currentMerchant: vi.fn(async () => null) }));

// The one order page (app/admin/(console)/orders/[orderNumber]/page.tsx) asks lib/payments/admin-views.ts for the
// provider's panel: its own when it manages payments its own way, the shared Order Management panel when it has
// that capability, and every provider of the build has one of the two.
describe("the back office's order panel of each provider", () => {
  it("every provider has a panel", async () => {
    for (const id of PROVIDER_IDS) {
      expect(typeof (await adminOrderPanelOf(id)), id).toBe("function");
    }
  });

  it("the providers with the Order Management capability share one panel; the others have their own", async () => {
    const { orderManagementPanel } = await import("@/components/admin/order-management/order-management-panel");
    const shared: ProviderId[] = [];
    for (const id of PROVIDER_IDS) {
      const panel = await adminOrderPanelOf(id);
      const hasOrderManagement = typeof (await paymentProvider(id)).orderManagement === "function";
      if (panel === orderManagementPanel) shared.push(id);
      else expect(hasOrderManagement, `${id} has Order Management but its own panel`).toBe(false);
    }
    expect(shared.length).toBeGreaterThanOrEqual(2);
    for (const id of shared) expect(typeof (await paymentProvider(id)).orderManagement, id).toBe("function");
  });
});
