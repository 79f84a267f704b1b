import { expressCheckoutEnabled } from "@/lib/payments/klarna-payments/express/enabled";
import { env } from "@/lib/env";
import { onSiteMessaging } from "@/lib/messaging/on-site-messaging";
import type { Metadata } from "next";
import Image from "next/image";
import Link from "next/link";
import { CartLineControls } from "@/components/cart/cart-line-controls";
import { CartSummary } from "@/components/cart/cart-summary";
import { Price } from "@/components/catalogue/price";
import { ExpressButton } from "@/components/checkout/klarna-payments/express/express-button";
import { perCadence } from "@/lib/subscriptions/cart-lines";
import { CartMessaging } from "@/components/messaging/cart-messaging";
import { expressButtonStyle } from "@/lib/payments/klarna-payments/express/button-style";
import { loadCartView } from "@/lib/cart/cart-view";
import { shopperCart } from "@/lib/cart/shopper-cart";
import { currentMarket } from "@/lib/pricing/current-market";

export const metadata: Metadata = { title: "Your cart" };

export default async function CartPage() {
  const [market, cookie] = await Promise.all([currentMarket(), shopperCart()]);
  const cart = await loadCartView(cookie.status === "valid" ? cookie.cartId : null, market);
  return (
    <section className="cart" aria-labelledby="cart-title">
      <h1 id="cart-title" className="page-title">
        Your cart
      </h1>
      {cookie.status === "rejected" && (
        <p className="notice notice--warning" role="status">
          We could not recognise the cart saved in your browser, so we started a new, empty one. Nothing was charged.
        </p>
      )}
      {cart.lines.length === 0 || !cart.priced ? (
        <div className="empty-state">
          <svg aria-hidden="true" width="72" height="72" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.2">
            <path d="M6 7h12l-1 13H7L6 7Z" />
            <path d="M9 7a3 3 0 0 1 6 0" />
          </svg>
          <h2>Your cart is empty</h2>
          <p>Find something for your next trip.</p>
          <Link href="/" className="button button--primary">
            Browse the shop
          </Link>
        </div>
      ) : (
        <div className="cart__layout">
          <ul className="cart-lines" aria-label="Items in your cart">
            {cart.lines.map((line, index) => (
              <li key={line.product.id} className={line.problem ? "cart-line cart-line--problem" : "cart-line"}>
                {/* The product's name beside it is the same link, named; this one is for the mouse only. */}
                <Link href={`/products/${line.product.slug}`} className="cart-line__image" tabIndex={-1} aria-hidden="true">
                  {/* The first lines are in view at once (a short cart's largest paint): loaded eagerly, not lazily. */}
                  <Image src={line.product.image} alt="" width={96} height={96} priority={index < 3} unoptimized />
                </Link>
                <div className="cart-line__main">
                  <h2 className="cart-line__name">
                    <Link href={`/products/${line.product.slug}`}>{line.product.name}</Link>
                  </h2>
                  <p className="cart-line__unit">
                    <Price amount={line.product.price} market={market} /> {perCadence(line.product) ?? "each"}
                  </p>
                  {line.product.subscriptionInterval && (
                    <p className="cart-line__subscription">Subscription: renews until you cancel.</p>
                  )}
                  {line.problem && (
                    <p className="notice notice--error cart-line__problem" role="alert">
                      {line.problem}
                    </p>
                  )}
                  <CartLineControls
                    productId={line.product.id}
                    productName={line.product.name}
                    quantity={line.quantity}
                    maxQuantity={line.product.stock}
                  />
                </div>
                <p className="cart-line__total" data-testid={`line-total-${line.product.slug}`}>
                  <Price amount={line.lineTotal} market={market} />
                </p>
              </li>
            ))}
          </ul>
          <CartSummary
            priced={cart.priced}
            canCheckout={cart.canCheckout}
            coupon={cart.coupon?.code ?? null}
            couponProblem={cart.couponProblem}
            messaging={<CartMessaging config={onSiteMessaging(env())} amount={cart.priced.order_amount} market={market} />}
            express={
              expressCheckoutEnabled() ? (
                <ExpressButton target={{ kind: "cart" }} sdkUrl={env().KLARNA_SDK_URL} style={expressButtonStyle(market)} />
              ) : null
            }
          />
        </div>
      )}
    </section>
  );
}
