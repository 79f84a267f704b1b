import { CheckoutAside } from "@/components/checkout/order-lines-summary";
import type { OpenKustomCheckout } from "@/lib/payments/kustom/open-checkout";
import type { Market } from "@/lib/pricing/markets";
import { KustomSnippet } from "./kustom-snippet";
import { CheckoutFrame } from "@/components/checkout/checkout-frame";

/** The checkout page with Kustom's hosted checkout: the store's page around Kustom's iframe. */
export function KustomCheckout({ checkout, market }: { checkout: Extract<OpenKustomCheckout, { status: "ready" }>; market: Market }) {
  const { cart, snippet, session } = checkout;
  return (
    <CheckoutFrame>
        <CheckoutAside order={cart.priced} market={market} />
        <div className="checkout__main">
          <p className="checkout-note">
            Enter your details and pay in Kustom&apos;s secure checkout below. Order {session.orderNumber}.
          </p>
          <KustomSnippet key={session.id} snippet={snippet} label="Kustom Checkout" />
        </div>
    </CheckoutFrame>
  );
}
