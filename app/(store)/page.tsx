import { preload } from "react-dom";
import { ProductCard } from "@/components/catalogue/product-card";
import { listProducts } from "@/lib/catalogue/products";
import { currentMarket } from "@/lib/pricing/current-market";
import { formatMoney } from "@/lib/pricing/money";

export default async function CataloguePage() {
  const market = await currentMarket();
  const products = await listProducts(market);
  // The hero's picture is the page's largest paint, but as a CSS background the browser finds it only once the
  // stylesheet is applied: asked for with the document instead.
  preload("/brand/hero.svg", { as: "image", fetchPriority: "high" });
  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <div className="hero__text">
          <p className="hero__eyebrow">Autumn in the mountains</p>
          <h1 id="hero-title" className="hero__title">
            Gear for long days outside
          </h1>
          <p className="hero__lead">
            Tested on the Kungsleden, built to last for years. Free shipping to {market.name} on orders from{" "}
            {formatMoney(market.freeShippingFrom, market.currency, market.formatLocale)}, and pay the way you like with
            Klarna.
          </p>
        </div>
      </section>
      <section aria-labelledby="catalogue-title" className="catalogue">
        <div className="section-head">
          <h2 id="catalogue-title">All gear</h2>
          <p className="section-head__meta">
            {products.length} products · prices in {market.currency}
            {market.taxMode === "inclusive" ? ", VAT included" : ", sales tax added at checkout"}
          </p>
        </div>
        {products.length === 0 ? (
          <p className="empty">The shop is being restocked. Please come back soon.</p>
        ) : (
          <ul className="product-grid">
            {products.map((product, index) => (
              <ProductCard key={product.id} product={product} market={market} priority={index < 4} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
