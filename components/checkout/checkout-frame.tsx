import type { ReactNode } from "react";

/** The checkout page's frame around whichever provider's checkout it shows: one heading, the two-column layout. */
export function CheckoutFrame({ children }: { children: ReactNode }) {
  return (
    <section className="checkout" aria-labelledby="checkout-title">
      <h1 id="checkout-title" className="page-title">
        Checkout
      </h1>
      <div className="checkout__layout">{children}</div>
    </section>
  );
}
