import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { shopperCart } from "@/lib/cart/shopper-cart";
import { KlarnaApiError } from "@/lib/klarna";
import { activeProviderId, paymentProvider } from "@/lib/payments/registry";
import { providerViews } from "@/lib/payments/views";
import { currentMarket } from "@/lib/pricing/current-market";
import { limits } from "@/lib/security/limits";
import { isCheckoutPausedView } from "@/lib/payments/views-contract";
import { waitInWords } from "@/lib/security/rate-limit";

export const metadata: Metadata = { title: "Checkout" };

/** The active provider's checkout (lib/payments/views.ts), opened from the server-side cart. */
export default async function CheckoutPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [views, { vendor }] = await Promise.all([providerViews(activeProviderId()), paymentProvider(activeProviderId())]);
  if (!views.checkout.opensFromCart) {
    const shown = await views.checkout.open({ cartId: null, market: await currentMarket(), params: await searchParams });
    if (shown === "no_checkout") redirect("/cart");
    return shown;
  }
  const [market, cookie] = await Promise.all([currentMarket(), shopperCart()]);
  if (cookie.status !== "valid") redirect("/cart");

  // Each load may open or update a session at the provider: at most CHECKOUT_LIMIT_PER_CART per cart in 10 minutes,
  // counted by the provider's checkout with its first reads, in one round trip (lib/checkout/open-checkout.ts).
  const paused = (retryAfterSeconds: number) => (
    <section className="empty-state" role="alert">
      <h1>Checkout is paused for this cart</h1>
      <p>
        This cart opened checkout too many times in a short while. Your cart is saved; please try again in{" "}
        {waitInWords(retryAfterSeconds)}.
      </p>
      <Link href="/cart" className="button button--primary">
        Back to the cart
      </Link>
    </section>
  );
  const unavailable = (error: unknown) => (
    <section className="empty-state" role="alert">
      <h1>{vendor} is not available right now</h1>
      <p>
        {error instanceof KlarnaApiError
          ? `${vendor} could not start a payment for this cart.`
          : `We could not reach ${vendor}. Nothing was charged.`}{" "}
        Your cart is saved; please try again in a minute.
      </p>
      <Link href="/checkout" className="button button--primary">
        Try again
      </Link>
    </section>
  );

  let shown;
  try {
    shown = await views.checkout.open({ cartId: cookie.cartId, market, params: await searchParams, admit: limits().checkoutCart });
  } catch (error) {
    return unavailable(error);
  }
  if (shown === "no_checkout") redirect("/cart");
  if (isCheckoutPausedView(shown)) return paused(shown.paused);
  return shown;
}
