import type { Metadata } from "next";
import Link from "next/link";
import { OrderDetails } from "@/components/checkout/order-details";
import { SubscriptionNote } from "@/components/subscriptions/subscription-note";
import { CartCountAnnouncement } from "@/components/layout/cart-link";
import { cartItemCount } from "@/lib/cart/cart-store";
import { readCartCookie } from "@/lib/cart/session";
import { readExpressCartId } from "@/lib/payments/klarna-payments/express/express-cart";
import { findCheckoutSession } from "@/lib/checkout/session-store";
import { finalize } from "@/lib/orders/finalize";
import { DEFAULT_PROVIDER_ID, providerBrand, UnknownPurchaseError } from "@/lib/payments/provider";
import { allProviderViews } from "@/lib/payments/views";
import { findOrderByReference, type StoreOrder } from "@/lib/orders/order-store";
import { Problem } from "@/components/checkout/problem";
import { readThrottle } from "@/lib/orders/read-throttle";

// Neutral: the same page shows a payment being confirmed, a decline and the receipt.
export const metadata: Metadata = { title: "Your order" };

interface Props {
  /** Each provider's return names its purchase in its own parameter (lib/payments/<provider>/views.tsx). */
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

function Confirming() {
  return (
    <Problem title="We are confirming your order">
      Klarna did not answer just now. Your payment is safe; reload this page in a minute to see your receipt.
    </Problem>
  );
}

/**
 * Anyone with an order id can load this page: it reads the purchase from the provider at most once per order every
 * 10 seconds and shows the store's row in between (the push and the scheduled reconcile settle it meanwhile).
 */
const confirmationReads = readThrottle(10_000);

/**
 * Where Klarna sends the shopper after the purchase. It makes sure the store order exists and is acknowledged
 * (the same finalize as the push, so a reload does nothing twice) and shows the receipt.
 */
export default async function ConfirmationPage({ searchParams }: Props) {
  const params = await searchParams;
  // Klarna Payments returns with klarna_order_id, Kustom Checkout with kustom_order_id (its merchant_urls.confirmation),
  // Klarna through Checkout.com with checkout_com_payment_id (the store's own redirect after POST /payments). The
  // providers are asked last-registered first, and a return naming none is read as the default provider's.
  const returns = (await allProviderViews()).flatMap(({ id, views }) => (views.confirmation ? [{ provider: id, ...views.confirmation }] : []));
  const match =
    returns.toReversed().find((candidate) => params[candidate.param] !== undefined) ??
    returns.find((candidate) => candidate.provider === DEFAULT_PROVIDER_ID)!;
  const { provider } = match;
  const reference = match.parse(params[match.param]);
  if (reference === null) {
    return <Problem title="This confirmation link is not valid">Check the link in your email from Klarna.</Problem>;
  }

  let order: StoreOrder | null;
  const mayRead = confirmationReads.mayRead(`${provider}:${reference}`);
  if (match.confirm) {
    const confirmation = await match.confirm(reference, mayRead);
    if ("show" in confirmation) return confirmation.show;
    order = confirmation.order;
  } else {
    try {
      order = mayRead
        ? (await finalize({ provider, reference }, "confirmation")).order
        : await findOrderByReference(provider, reference);
    } catch (error) {
      if (error instanceof UnknownPurchaseError) {
        return <Problem title="We could not find this order">Klarna has no order with this number.</Problem>;
      }
      // Klarna is unreachable: show what the store already has; Klarna's push completes the rest.
      order = await findOrderByReference(provider, reference);
    }
  }
  if (!order) return <Confirming />;

  // The full receipt only for the browser that paid: the link alone must not reveal names and addresses.
  const [cookie, session] = await Promise.all([
    readCartCookie(),
    order.checkoutSessionId ? findCheckoutSession(order.checkoutSessionId) : null,
  ]);
  // The product page's Express button pays with a cart of its own (lib/payments/klarna-payments/express/express-cart.ts).
  const ownBrowser =
    (cookie.status === "valid" && session?.cartId === cookie.cartId) ||
    (Boolean(session?.express) && session?.cartId === (await readExpressCartId()));
  // A provider's own confirmation (Kustom's snippet, reference/kustom/notes.md §8): read only for the browser that paid.
  const providerPart = ownBrowser && match.receiptPart ? await match.receiptPart(reference) : null;
  // Settling the order just emptied the cart (unless it was refused): the header, counted meanwhile, hears it here.
  const cartCount = cookie.status === "valid" ? await cartItemCount(cookie.cartId) : 0;
  const announcement = <CartCountAnnouncement count={cartCount} />;
  const name = (order.billingAddress as { given_name?: string } | null)?.given_name;

  if (order.status === "cancelled") {
    return (
      <section className="receipt" aria-labelledby="receipt-title">
        {announcement}
        <div className="receipt__hero receipt__hero--cancelled">
          <h1 id="receipt-title">We could not fulfil order {order.orderNumber}</h1>
          <p>{order.cancelReason ?? "The order was cancelled."} It was cancelled at {providerBrand(order.provider)}, so you will not be charged.</p>
        </div>
        <Link href="/cart" className="button button--primary">
          Back to your cart
        </Link>
      </section>
    );
  }

  return (
    <section className="receipt" aria-labelledby="receipt-title">
      {announcement}
      <div className="receipt__hero">
        <svg aria-hidden="true" width="48" height="48" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <circle cx="12" cy="12" r="10" />
          <path d="m7.5 12.5 3 3 6-6.5" />
        </svg>
        <div>
          <h1 id="receipt-title">Thank you{ownBrowser && name ? `, ${name}` : ""}! Your order is confirmed.</h1>
          <p>
            Order number <strong data-testid="order-number">{order.orderNumber}</strong>
          </p>
          {ownBrowser && (
            // The store emails its confirmation (lib/email); the provider (Klarna, or Kustom for its checkout) writes
            // to the shopper about the payment itself.
            <p className="receipt__note">
              {order.email ? (
                <>
                  We are emailing a confirmation to {order.email}; {providerBrand(order.provider)} writes there about
                  paying. Lost it? Use{" "}
                  <Link href="/orders/lookup">Find my order</Link>.
                </>
              ) : (
                <>
                  Keep this page or its order link; <Link href="/orders/lookup">Find my order</Link> can mail it to you
                  later.
                </>
              )}
            </p>
          )}
        </div>
      </div>
      {ownBrowser ? (
        <>
          {/* Kustom asks the merchant to render its confirmation snippet on the confirmation page (reference/kustom/notes.md
              §8), and it shows the order's lines and totals itself: the store's own summary would say it twice. */}
          {providerPart ?? <OrderDetails order={order} />}
          <SubscriptionNote orderId={order.id} />
          <p className="receipt__links">
            <Link href={`/orders/${order.accessToken}`}>Follow your order</Link> · <Link href="/">Continue shopping</Link>
          </p>
        </>
      ) : (
        <p className="checkout-note">
          The details of this order are in the confirmation email we sent you, or use{" "}
          <Link href="/orders/lookup">Find my order</Link>.
        </p>
      )}
    </section>
  );
}
