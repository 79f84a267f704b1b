import { and, asc, eq, sql, type Placeholder, type SQL } from "drizzle-orm";
import { db, inJsonArray, prepared } from "@/db";
import type { Read } from "@/db/batch";
import { cartItems, productPrices, products } from "@/db/schema";
import type { Market, TaxClass } from "@/lib/pricing/markets";
import { minor, type Minor } from "@/lib/pricing/money";
import type { SubscriptionInterval } from "@/lib/subscriptions/interval";

export interface Product {
  id: number;
  slug: string;
  sku: string;
  name: string;
  summary: string;
  description: string;
  category: string;
  taxClass: TaxClass;
  isDigital: boolean;
  stock: number;
  image: string;
  /** Shelf price in the market's currency. */
  price: Minor;
  /** A subscription product's cadence (charged again every interval_count × interval); null on one-off products. */
  subscriptionInterval: SubscriptionInterval | null;
  subscriptionIntervalCount: number | null;
}

/** What a cart line shows and prices of its product: no catalogue copy. */
export type CartProduct = Omit<Product, "summary" | "description">;

const cartColumns = {
  id: products.id,
  slug: products.slug,
  sku: products.sku,
  name: products.name,
  category: products.category,
  taxClass: products.taxClass,
  isDigital: products.isDigital,
  stock: products.stock,
  image: products.image,
  price: productPrices.unitPrice,
  subscriptionInterval: products.subscriptionInterval,
  subscriptionIntervalCount: products.subscriptionIntervalCount,
};

const columns = { ...cartColumns, summary: products.summary, description: products.description };

function query(market: Market) {
  return db()
    .select(columns)
    .from(products)
    .innerJoin(
      productPrices,
      and(eq(productPrices.productId, products.id), eq(productPrices.currency, market.currency)),
    );
}

const toProduct = <Row extends { price: number }>(row: Row): Omit<Row, "price"> & { price: Minor } => ({ ...row, price: minor(row.price) });

export async function listProducts(market: Market): Promise<Product[]> {
  const rows = await query(market).orderBy(asc(products.position));
  return rows.map(toProduct);
}

export async function findProductBySlug(slug: string, market: Market): Promise<Product | null> {
  const [row] = await query(market).where(eq(products.slug, slug));
  return row ? toProduct(row) : null;
}

// Adding to the cart reads its product by id: prepared once, the ids and the currency bound per call.
const productsByIds = prepared((database) =>
  database
    .select(columns)
    .from(products)
    .innerJoin(productPrices, and(eq(productPrices.productId, products.id), eq(productPrices.currency, sql.placeholder("currency"))))
    .where(inJsonArray(products.id, "ids"))
    .prepare(),
);

export async function findProductsByIds(ids: readonly number[], market: Market): Promise<Product[]> {
  if (ids.length === 0) return [];
  const rows = await productsByIds().all({ ids: JSON.stringify(ids), currency: market.currency });
  return rows.map(toProduct);
}

// A cart's lines with their products and prices in one statement: every cart view, checkout and validation reads it.
const cartLinesQuery = (database: ReturnType<typeof db>, cartId: string | Placeholder | SQL, currency: string | Placeholder | SQL) =>
  database
    .select({ ...cartColumns, quantity: cartItems.quantity })
    .from(cartItems)
    .innerJoin(products, eq(products.id, cartItems.productId))
    .innerJoin(productPrices, and(eq(productPrices.productId, products.id), eq(productPrices.currency, currency)))
    .where(eq(cartItems.cartId, cartId))
    .orderBy(cartItems.addedAt, cartItems.productId);
const linesOfCart = prepared((database) => cartLinesQuery(database, sql.placeholder("cartId"), sql.placeholder("currency")).prepare());

type CartLineRow = Awaited<ReturnType<ReturnType<typeof linesOfCart>["all"]>>[number];

/** The cart's lines as a read that can share a round trip with others (db/batch.ts); `cartProductsOf` maps its rows. */
export function cartLinesRead(cartId: string, market: Market): Read<CartLineRow> {
  return {
    query: () => cartLinesQuery(db(), cartId, market.currency),
    prepared: () => linesOfCart().all({ cartId, currency: market.currency }),
  };
}

export function cartProductsOf(rows: readonly CartLineRow[]): { product: CartProduct; quantity: number }[] {
  return rows.map(({ quantity, ...row }) => ({ product: toProduct(row), quantity }));
}

/**
 * The cart's items in the order they were added, each with its product priced in the market's currency; an item
 * whose product has no price there is left out.
 */
export async function findCartProducts(cartId: string, market: Market): Promise<{ product: CartProduct; quantity: number }[]> {
  return cartProductsOf(await linesOfCart().all({ cartId, currency: market.currency }));
}

/** What the merchant's rules need of the ordered products, whatever the market: stock, category, digital or not. */
export interface StockedProduct {
  sku: string;
  name: string;
  stock: number;
  category: string;
  isDigital: boolean;
}

const productsBySkusQuery = (database: ReturnType<typeof db>, skus: string | Placeholder) =>
  database
    .select({ sku: products.sku, name: products.name, stock: products.stock, category: products.category, isDigital: products.isDigital })
    .from(products)
    .where(sql`${products.sku} in (select value from json_each(${skus}))`);
const productsBySkus = prepared((database) => productsBySkusQuery(database, sql.placeholder("skus")).prepare());

/** `findProductsBySkus` as a read that can share a round trip with others (db/batch.ts). */
export function productsBySkusRead(skus: readonly string[]): Read<StockedProduct> {
  return {
    query: () => productsBySkusQuery(db(), JSON.stringify(skus)),
    prepared: () => (skus.length === 0 ? [] : productsBySkus().all({ skus: JSON.stringify(skus) })),
  };
}

export async function findProductsBySkus(skus: readonly string[]): Promise<StockedProduct[]> {
  if (skus.length === 0) return [];
  return productsBySkus().all({ skus: JSON.stringify(skus) });
}

/** A product's name and page, by SKU, in no particular market (the rejection page names the item it refused). */
export async function findProductNameBySku(sku: string): Promise<{ name: string; slug: string } | null> {
  const [row] = await db().select({ name: products.name, slug: products.slug }).from(products).where(eq(products.sku, sku));
  return row ?? null;
}
