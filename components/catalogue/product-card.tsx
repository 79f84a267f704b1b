import Image from "next/image";
import Link from "next/link";
import type { Product } from "@/lib/catalogue/products";
import type { Market } from "@/lib/pricing/markets";
import { perCadence } from "@/lib/subscriptions/cart-lines";
import { Price } from "./price";
import { StockBadge } from "./stock-badge";

export function ProductCard({ product, market, priority }: { product: Product; market: Market; priority?: boolean }) {
  return (
    <li className="product-card">
      <Link href={`/products/${product.slug}`} className="product-card__link">
        <div className="product-card__media">
          <Image src={product.image} alt="" width={600} height={600} priority={priority} unoptimized />
          <div className="product-card__badge">
            <StockBadge product={product} />
          </div>
        </div>
        <div className="product-card__body">
          <p className="product-card__category">{product.category}</p>
          <h2 className="product-card__name">{product.name}</h2>
          <p className="product-card__summary">{product.summary}</p>
          <Price amount={product.price} market={market} className="product-card__price" />
          {perCadence(product) && <span className="product-card__cadence"> {perCadence(product)}</span>}
        </div>
      </Link>
    </li>
  );
}
