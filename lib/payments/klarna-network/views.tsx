import { KlarnaNetworkCheckout } from "@/components/checkout/klarna-network/klarna-network-checkout";
import type { ProviderViews } from "../views-contract";

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
};

export default klarnaNetworkViews;
