import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ExpressReview } from "@/components/checkout/klarna-payments/express/express-review";
import { CheckoutAside } from "@/components/checkout/order-lines-summary";
import { pricedCartFor } from "@/lib/checkout/priced-cart";
import { confirmationUrl } from "@/lib/checkout/merchant-urls";
import { env } from "@/lib/env";
import { ownExpressSession } from "@/lib/payments/klarna-payments/express/checkout";
import { isShippingOptionId, shippingOptionsFor } from "@/lib/payments/klarna-payments/express/shipping";
import { getMarket } from "@/lib/pricing/markets";

const regions = new Intl.DisplayNames(["en"], { type: "region" });

export const metadata: Metadata = { title: "Review your order", robots: { index: false } };

function Expired() {
  return (
    <section className="empty-state" role="alert">
      <h1>This Express checkout has expired</h1>
      <p>Nothing was charged. Your cart is saved: start again from it.</p>
      <Link href="/cart" className="button button--primary">
        Back to your cart
      </Link>
    </section>
  );
}

/**
 * Multistep Express checkout's review (reference/klarna/express-checkout-notes.md, "Multistep result"): Klarna's
 * collected address, the shipping options for it and the total with the chosen one; confirming finalizes.
 */
export default async function ExpressReviewPage({ searchParams }: { searchParams: Promise<{ session?: string | string[] }> }) {
  const { session: given } = await searchParams;
  const session = await ownExpressSession(typeof given === "string" ? given : undefined);
  if (!session?.expressReview) return <Expired />;
  if (session.providerReference) redirect(confirmationUrl(env().STORE_URL, session.providerReference));
  const market = getMarket(session.market);
  const cart = await pricedCartFor(session.cartId, market, session.id);
  if (!cart.priced) return <Expired />;
  const { shippingAddress, clientToken } = session.expressReview;
  const goods = cart.priced.subtotal - cart.priced.discount;
  const standardFee = goods >= market.freeShippingFrom ? 0 : market.shippingFee;
  const options = cart.priced.requiresShipping ? shippingOptionsFor(market, shippingAddress.country, standardFee) : [];
  const chosen = isShippingOptionId(session.shippingOption) ? session.shippingOption : "standard";
  const name = [shippingAddress.given_name, shippingAddress.family_name].filter(Boolean).join(" ");
  return (
    <section className="checkout" aria-labelledby="review-title">
      <h1 id="review-title" className="page-title">
        Review your order
      </h1>
      <div className="checkout__layout">
        <CheckoutAside order={cart.priced} market={market} />
        <div className="checkout-form">
          <section className="checkout-step" aria-labelledby="ship-to-heading">
            <h2 id="ship-to-heading">Shipping to</h2>
            <address className="express-review__address" data-testid="express-address">
              {name && <span>{name}</span>}
              {shippingAddress.street_address && <span>{shippingAddress.street_address}</span>}
              <span>{[shippingAddress.postal_code, shippingAddress.city].filter(Boolean).join(" ")}</span>
              <span>{shippingAddress.country ? (regions.of(shippingAddress.country) ?? shippingAddress.country) : null}</span>
              {shippingAddress.email && <span>{shippingAddress.email}</span>}
            </address>
            <p className="express-review__note">From your Klarna account. To ship somewhere else, go back to your cart and check out as usual.</p>
          </section>
          <ExpressReview
            sessionId={session.id}
            clientToken={clientToken}
            sdkUrl={env().KLARNA_SDK_URL}
            options={options}
            chosen={chosen}
            requiresShipping={cart.priced.requiresShipping}
            marketName={market.name}
          />
        </div>
      </div>
    </section>
  );
}
