import { CheckoutForm } from "@/components/checkout/checkout-form";
import { placeOrderAction, prepareAuthorization } from "@/components/checkout/klarna-payments/actions";
import { CheckoutAside } from "@/components/checkout/order-lines-summary";
import { klarnaOrderIdSchema } from "@/lib/checkout/callback-params";
import { TEST_SHOPPERS } from "@/lib/checkout/test-shoppers";
import { env } from "@/lib/env";
import { checkoutFromCart, referenceOf, type ProviderViews } from "../views-contract";
import { openCheckout } from "./open-checkout";
import { CheckoutFrame } from "@/components/checkout/checkout-frame";

/** Klarna Payments' checkout: the store's form around Klarna's payment widget; its return carries klarna_order_id. */
export const klarnaPaymentsViews: ProviderViews = {
  checkout: checkoutFromCart(openCheckout, ({ session, cart }, market) => {
    const production = env().KLARNA_API_URL.startsWith("https://api.klarna.com") || env().KLARNA_API_URL.includes("://api-na.klarna.com");
    return (
      <CheckoutFrame>
        <CheckoutAside order={cart.priced} market={market} />
        <CheckoutForm
          key={session.id}
          sessionId={session.id}
          clientToken={session.clientToken}
          sdkUrl={env().KLARNA_SDK_URL}
          categories={session.paymentMethodCategories.map(({ identifier, name }) => ({ identifier, name }))}
          market={{ code: market.code, name: market.name, country: market.country }}
          requiresShipping={cart.priced.requiresShipping}
          testShopper={production ? null : TEST_SHOPPERS[market.code]}
          actions={{ prepare: prepareAuthorization, place: placeOrderAction }}
        />
      </CheckoutFrame>
    );
  }),
  confirmation: {
    // merchant_urls.confirmation (lib/checkout/merchant-urls.ts): Klarna substitutes {order.id} for klarna_order_id.
    param: "klarna_order_id",
    parse: referenceOf(klarnaOrderIdSchema),
  },
};

export default klarnaPaymentsViews;
