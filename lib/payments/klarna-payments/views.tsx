import { CheckoutForm } from "@/components/checkout/checkout-form";
import { placeOrderAction, prepareAuthorization } from "@/components/checkout/klarna-payments/actions";
import { CheckoutAside } from "@/components/checkout/order-lines-summary";
import { klarnaOrderIdSchema } from "@/lib/checkout/callback-params";
import { TEST_SHOPPERS } from "@/lib/checkout/test-shoppers";
import { env } from "@/lib/env";
import type { ProviderViews } from "../views-contract";
import { openCheckout } from "./open-checkout";
import { CheckoutFrame } from "@/components/checkout/checkout-frame";

/** Klarna Payments' checkout: the store's form around Klarna's payment widget; its return carries klarna_order_id. */
export const klarnaPaymentsViews: ProviderViews = {
  checkout: {
    opensFromCart: true,
    async open({ cartId, market, admit }) {
      const checkout = admit ? await openCheckout(cartId!, market, { admit }) : await openCheckout(cartId!, market);
      if (checkout.status === "paused") return { paused: checkout.retryAfterSeconds };
      if (checkout.status !== "ready") return "no_checkout";
      const { session, cart } = checkout;
      const production = env().KLARNA_API_URL.startsWith("https://api.klarna.com") || env().KLARNA_API_URL.includes("://api-na.klarna.com");
      return (
        <CheckoutFrame>
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
            <CheckoutAside order={cart.priced} market={market} />
        </CheckoutFrame>
      );
    },
  },
  confirmation: {
    // merchant_urls.confirmation (lib/checkout/merchant-urls.ts): Klarna substitutes {order.id} for klarna_order_id.
    param: "klarna_order_id",
    parse(value) {
      const id = klarnaOrderIdSchema.safeParse(value);
      return id.success ? id.data : null;
    },
  },
};

export default klarnaPaymentsViews;
