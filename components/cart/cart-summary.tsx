import Link from "next/link";
import type { ReactNode } from "react";
import { Price } from "@/components/catalogue/price";
import { CouponForm } from "./coupon-form";
import type { PricedCart } from "@/lib/pricing/price-cart";

export function CartSummary({
  priced,
  canCheckout,
  coupon,
  couponProblem,
  messaging,
  express,
}: {
  priced: PricedCart;
  canCheckout: boolean;
  coupon: string | null;
  couponProblem: string | null;
  /** Klarna's On-site messaging for the total, shown beside the Checkout button. */
  messaging?: ReactNode;
  /** Klarna's Express checkout button, the cart's primary call to action when it is on (button-placement.md). */
  express?: ReactNode;
}) {
  const { market } = priced;
  const salesTax = priced.lines.find((line) => line.type === "sales_tax")?.total_amount ?? 0;
  return (
    <section className="summary" aria-labelledby="summary-heading">
      <h2 id="summary-heading" className="summary__title">
        Order summary
      </h2>
      <dl className="summary__rows">
        <div className="summary__row">
          <dt>Subtotal</dt>
          <dd data-testid="summary-subtotal">
            <Price amount={priced.subtotal} market={market} />
          </dd>
        </div>
        {priced.discount > 0 && (
          <div className="summary__row summary__row--discount">
            <dt>Discount</dt>
            <dd data-testid="summary-discount">
              −<Price amount={priced.discount} market={market} />
            </dd>
          </div>
        )}
        <div className="summary__row">
          <dt>Shipping</dt>
          <dd data-testid="summary-shipping">
            {priced.requiresShipping ? (
              priced.shipping === 0 ? "Free" : <Price amount={priced.shipping} market={market} />
            ) : (
              "No shipping: digital delivery"
            )}
          </dd>
        </div>
        {market.taxMode === "exclusive" ? (
          <div className="summary__row">
            <dt>Sales tax</dt>
            <dd data-testid="summary-tax">
              <Price amount={salesTax} market={market} />
            </dd>
          </div>
        ) : null}
        <div className="summary__row summary__row--total">
          <dt>Total</dt>
          <dd data-testid="summary-total">
            <Price amount={priced.order_amount} market={market} />
          </dd>
        </div>
        {market.taxMode === "inclusive" && (
          <div className="summary__row summary__row--muted">
            <dt>Including VAT</dt>
            <dd data-testid="summary-tax">
              <Price amount={priced.order_tax_amount} market={market} />
            </dd>
          </div>
        )}
      </dl>
      <CouponForm applied={coupon} problem={couponProblem} />
      {priced.untilFreeShipping > 0 && (
        <p className="summary__hint">
          Add <Price amount={priced.untilFreeShipping} market={market} /> more for free shipping.
        </p>
      )}
      {canCheckout && express}
      {canCheckout ? (
        <Link href="/checkout" prefetch={false} className="button button--primary button--block button--large">
          Checkout
        </Link>
      ) : (
        <>
          <button type="button" className="button button--primary button--block button--large" disabled aria-describedby="checkout-blocked">
            Checkout
          </button>
          <p id="checkout-blocked" className="summary__hint summary__hint--warning">
            Fix the items marked above to continue to checkout.
          </p>
        </>
      )}
      {/* Klarna's message for the total beside the Checkout button, where the shopper decides how to pay. Under the total
          it was the largest thing in a phone's first screen, painted only once Klarna's script had loaded after the
          page (lazyOnload), so the cart's largest paint waited for every script (Lighthouse: LCP 3.1 s, bench/lighthouse.ts). */}
      {messaging}
      <p className="summary__klarna">
        <span className="klarna-badge" aria-hidden="true">
          Klarna.
        </span>{" "}
        Pay now, in 30 days or in instalments.
      </p>
    </section>
  );
}
