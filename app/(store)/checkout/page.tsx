import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { CheckoutComCheckout } from "@/components/checkout/checkout-com/checkout-com-checkout";
import { CheckoutForm } from "@/components/checkout/checkout-form";
import { KlarnaNetworkCheckout } from "@/components/checkout/klarna-network/klarna-network-checkout";
import { KustomCheckout } from "@/components/checkout/kustom/kustom-checkout";
import { CheckoutAside } from "@/components/checkout/order-lines-summary";
import { readCartCookie } from "@/lib/cart/session";
import { openCheckout } from "@/lib/checkout/open-checkout";
import { TEST_SHOPPERS } from "@/lib/checkout/test-shoppers";
import { env } from "@/lib/env";
import { KlarnaApiError } from "@/lib/klarna";
import { openCheckoutComCheckout } from "@/lib/payments/checkout-com/store-checkout";
import { openKustomCheckout } from "@/lib/payments/kustom/open-checkout";
import { activeProviderId } from "@/lib/payments/registry";
import { currentMarket } from "@/lib/pricing/current-market";
import { limits } from "@/lib/security/limits";
import { rateAttempt, waitInWords } from "@/lib/security/rate-limit";

export const metadata: Metadata = { title: "Checkout" };

export default async function CheckoutPage({ searchParams }: { searchParams: Promise<{ klarna?: string | string[] }> }) {
  if (activeProviderId() === "klarna-network") {
    const { klarna } = await searchParams;
    return <KlarnaNetworkCheckout notice={typeof klarna === "string" ? klarna : undefined} />;
  }
  const [market, cookie] = await Promise.all([currentMarket(), readCartCookie()]);
  if (cookie.status !== "valid") redirect("/cart");

  const provider = activeProviderId();
  const vendor = provider === "kustom" ? "Kustom" : "Klarna";
  // Each load may open or update a session at the provider: at most CHECKOUT_LIMIT_PER_CART per cart in 10 minutes.
  const attempt = await rateAttempt(limits().checkoutCart, cookie.cartId);
  if (!attempt.allowed) {
    return (
      <section className="empty-state" role="alert">
        <h1>Checkout is paused for this cart</h1>
        <p>
          This cart opened checkout too many times in a short while. Your cart is saved; please try again in{" "}
          {waitInWords(attempt.retryAfterSeconds)}.
        </p>
        <Link href="/cart" className="button button--primary">
          Back to the cart
        </Link>
      </section>
    );
  }
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

  if (provider === "checkout-com") {
    let opened;
    try {
      opened = await openCheckoutComCheckout(cookie.cartId, market);
    } catch (error) {
      return unavailable(error);
    }
    if (opened.status !== "ready") redirect("/cart");
    const api = env().CHECKOUT_COM_API_URL;
    const sandbox = !api.startsWith("https://") || api.includes(".sandbox.");
    return (
      <CheckoutComCheckout
        checkout={opened}
        market={market}
        sdkUrl={env().KLARNA_SDK_URL}
        testShopper={sandbox ? TEST_SHOPPERS[market.code] : null}
      />
    );
  }

  if (provider === "kustom") {
    let kustomCheckout;
    try {
      kustomCheckout = await openKustomCheckout(cookie.cartId, market);
    } catch (error) {
      return unavailable(error);
    }
    if (kustomCheckout.status !== "ready") redirect("/cart");
    return <KustomCheckout checkout={kustomCheckout} market={market} />;
  }

  let checkout;
  try {
    checkout = await openCheckout(cookie.cartId, market);
  } catch (error) {
    return unavailable(error);
  }
  if (checkout.status !== "ready") redirect("/cart");

  const { session, cart } = checkout;
  const production = env().KLARNA_API_URL.startsWith("https://api.klarna.com") || env().KLARNA_API_URL.includes("://api-na.klarna.com");
  return (
    <section className="checkout" aria-labelledby="checkout-title">
      <h1 id="checkout-title" className="page-title">
        Checkout
      </h1>
      <div className="checkout__layout">
        <CheckoutForm
          key={session.id}
          sessionId={session.id}
          clientToken={session.clientToken}
          sdkUrl={env().KLARNA_SDK_URL}
          categories={session.paymentMethodCategories.map(({ identifier, name }) => ({ identifier, name }))}
          market={{ code: market.code, name: market.name, country: market.country }}
          requiresShipping={cart.priced.requiresShipping}
          testShopper={production ? null : TEST_SHOPPERS[market.code]}
        />
        <CheckoutAside order={cart.priced} market={market} />
      </div>
    </section>
  );
}
