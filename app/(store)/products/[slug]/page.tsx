import { expressCheckoutEnabled } from "@/lib/payments/klarna-payments/express/enabled";
import { env } from "@/lib/env";
import { onSiteMessaging } from "@/lib/messaging/on-site-messaging";
import type { Metadata } from "next";
import Image from "next/image";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AddToCartForm } from "@/components/cart/add-to-cart-form";
import { Price } from "@/components/catalogue/price";
import { perCadence } from "@/lib/subscriptions/cart-lines";
import { cadenceWords } from "@/lib/subscriptions/interval";
import { StockBadge } from "@/components/catalogue/stock-badge";
import { ExpressButton } from "@/components/checkout/klarna-payments/express/express-button";
import { ProductMessaging } from "@/components/messaging/product-messaging";
import { expressButtonStyle } from "@/lib/payments/klarna-payments/express/button-style";
import { cache } from "react";
import { findProductBySlug } from "@/lib/catalogue/products";
import { currentMarket } from "@/lib/pricing/current-market";
import { formatMoney } from "@/lib/pricing/money";

interface Props {
  params: Promise<{ slug: string }>;
}

/** The product, read once per request: the page's metadata and the page itself share the statement (React's `cache`). */
const productOf = cache(findProductBySlug);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const product = await productOf((await params).slug, await currentMarket());
  return { title: product?.name ?? "Product not found", description: product?.summary };
}

export default async function ProductPage({ params }: Props) {
  const { slug } = await params;
  const market = await currentMarket();
  const product = await productOf(slug, market);
  if (!product) notFound();

  const taxNote =
    market.taxMode === "inclusive"
      ? `Including ${market.taxRates[product.taxClass] / 100} % VAT`
      : "Sales tax is added at checkout";
  return (
    <article className="product">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/">Shop</Link> <span aria-hidden="true">/</span> <span>{product.category}</span>
      </nav>
      <div className="product__layout">
        <div className="product__media">
          <Image src={product.image} alt={product.name} width={800} height={800} priority unoptimized />
        </div>
        <div className="product__info">
          <p className="product__category">{product.category}</p>
          <h1 className="product__name">{product.name}</h1>
          <p className="product__summary">{product.summary}</p>
          <p className="product__price">
            <Price amount={product.price} market={market} />
            {perCadence(product) && <span className="product__cadence"> {perCadence(product)}</span>}
          </p>
          {product.subscriptionInterval && (
            <p className="product__subscription" data-testid="subscription-terms">
              A subscription: Klarna charges this price {cadenceWords({ interval: product.subscriptionInterval, intervalCount: product.subscriptionIntervalCount ?? 1 }).every} until you cancel, from the link in your receipt.
            </p>
          )}
          <p className="product__tax">{taxNote}</p>
          <div className="product__stock">
            <StockBadge product={product} />
          </div>
          <ProductMessaging config={onSiteMessaging(env())} unitPrice={product.price} market={market}>
            <AddToCartForm productId={product.id} maxQuantity={product.stock} />
          </ProductMessaging>
          {/* Beside "Add to cart" (reference/klarna/express-checkout-notes.md, "Placement"). */}
          {expressCheckoutEnabled() && product.stock > 0 && (
            <ExpressButton target={{ kind: "product", productId: product.id }} sdkUrl={env().KLARNA_SDK_URL} style={expressButtonStyle(market)} />
          )}
          <ul className="product__perks">
            <li>
              {product.isDigital
                ? "Delivered instantly as a download: no shipping."
                : `Shipping to ${market.name} ${formatMoney(market.shippingFee, market.currency, market.formatLocale)}, free from ${formatMoney(market.freeShippingFrom, market.currency, market.formatLocale)}.`}
            </li>
            <li>Pay now, in 30 days or in instalments with Klarna.</li>
            <li>30-day returns on unused gear.</li>
          </ul>
          <h2 className="product__subheading">About this product</h2>
          <p className="product__description">{product.description}</p>
          <p className="product__sku">Article number {product.sku}</p>
        </div>
      </div>
    </article>
  );
}
