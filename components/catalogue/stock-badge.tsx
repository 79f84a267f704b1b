import type { Product } from "@/lib/catalogue/products";

/** Scarcity shown honestly: sold out, the exact count when few are left, otherwise nothing to worry about. */
export function StockBadge({ product }: { product: Pick<Product, "stock" | "isDigital"> }) {
  if (product.isDigital) return <span className="badge badge--info">Instant download</span>;
  if (product.stock <= 0) return <span className="badge badge--out">Sold out</span>;
  if (product.stock <= 3) return <span className="badge badge--low">Only {product.stock} left</span>;
  return <span className="badge badge--ok">In stock</span>;
}
