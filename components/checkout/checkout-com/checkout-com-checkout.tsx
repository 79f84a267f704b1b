import { CheckoutForm } from "@/components/checkout/checkout-form";
import { CheckoutAside } from "@/components/checkout/order-lines-summary";
import type { ShopperDetails } from "@/lib/checkout/test-shoppers";
import type { OpenCheckoutComCheckout } from "@/lib/payments/checkout-com/store-checkout";
import type { Market } from "@/lib/pricing/markets";
import { payWithCheckoutCom, prepareCheckoutComPayment } from "./actions";
import { CheckoutFrame } from "@/components/checkout/checkout-frame";

/** Klarna's widget with the payment context's client token; the payment itself is made through Checkout.com. */
export function CheckoutComCheckout(props: {
  checkout: Extract<OpenCheckoutComCheckout, { status: "ready" }>;
  market: Market;
  sdkUrl: string;
  /** Klarna's sample shopper, offered only against a sandbox or the simulator. */
  testShopper: ShopperDetails | null;
}) {
  const { checkout, market } = props;
  const { session, cart, promotions } = checkout;
  return (
    <CheckoutFrame>
        <CheckoutAside order={cart.priced} market={market} note="Paid with Klarna through Checkout.com." />
        <div>
          {promotions.length > 0 && (
            <p className="notice" data-testid="klarna-promotions">
              Klarna financing on this order: {promotions.join(", ")}.
            </p>
          )}
          <CheckoutForm
            key={session.id}
            sessionId={session.id}
            clientToken={session.clientToken}
            sdkUrl={props.sdkUrl}
            categories={session.paymentMethodCategories.map(({ identifier, name }) => ({ identifier, name }))}
            market={{ code: market.code, name: market.name, country: market.country }}
            requiresShipping={cart.priced.requiresShipping}
            testShopper={props.testShopper}
            actions={{ prepare: prepareCheckoutComPayment, place: payWithCheckoutCom }}
          />
        </div>
    </CheckoutFrame>
  );
}
