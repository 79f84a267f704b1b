import { NetworkOrderPage } from "@/components/admin/klarna-network/network-order-page";
import { KlarnaNetworkCheckout } from "@/components/checkout/klarna-network/klarna-network-checkout";
import { orderEventsOf } from "@/lib/orders/order-store";
import type { ProviderViews } from "../views-contract";
import { findNetworkCheckoutByTransaction } from "./storage";

/**
 * Payment requests: the store's page sends the shopper to Klarna's hosted journey, which returns to
 * /api/klarna-network/return (not the shared confirmation page). The component reads the cart itself.
 */
export const klarnaNetworkViews: ProviderViews = {
  checkout: {
    opensFromCart: false,
    async open({ params }) {
      const notice = params.klarna;
      return <KlarnaNetworkCheckout notice={typeof notice === "string" ? notice : undefined} />;
    },
  },
  // The payment transaction the store made, with its captures and refunds (not Order Management).
  async adminOrderPage(order) {
    if (!(await findNetworkCheckoutByTransaction(order.providerReference))) return null;
    return <NetworkOrderPage order={order} events={await orderEventsOf(order.providerReference, order.checkoutSessionId)} />;
  },
};
