import type { ReactNode } from "react";
import { LoadingState } from "@/components/layout/loading-state";

/**
 * The checkout page's frame around whichever provider's checkout it shows: one heading, the two-column layout. Its
 * children are the side column (`CheckoutAside`) first, then the main column: the order a phone shows them in, so a
 * page painted while still arriving never moves the form down when the summary comes (app/globals.css, `.checkout__aside`).
 */
export function CheckoutFrame({ children }: { children: ReactNode }) {
  return (
    <section className="checkout" aria-labelledby="checkout-title">
      <CheckoutHeading />
      <div className="checkout__layout">{children}</div>
    </section>
  );
}

/**
 * The checkout while the provider's session is opened (app/(store)/checkout/loading.tsx): the same heading in the same
 * place, so the page's largest paint (the heading, on a phone) comes with the first bytes instead of after the
 * provider answered, and nothing moves when the checkout replaces it (the loading state keeps the footer below the fold).
 */
export function CheckoutFrameLoading({ label }: { label: string }) {
  return (
    <section className="checkout" aria-labelledby="checkout-title">
      <CheckoutHeading />
      <LoadingState label={label} page />
    </section>
  );
}

function CheckoutHeading() {
  return (
    <h1 id="checkout-title" className="page-title">
      Checkout
    </h1>
  );
}
