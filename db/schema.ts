import { sql } from "drizzle-orm";
import { check, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

const createdAt = () =>
  text("created_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

export const products = sqliteTable(
  "products",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull().unique(),
    sku: text("sku").notNull().unique(),
    name: text("name").notNull(),
    summary: text("summary").notNull(),
    description: text("description").notNull(),
    category: text("category").notNull(),
    taxClass: text("tax_class", { enum: ["standard", "food", "books"] }).notNull(),
    isDigital: integer("is_digital", { mode: "boolean" }).notNull().default(false),
    stock: integer("stock").notNull(),
    image: text("image").notNull(),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
  },
  (table) => [check("stock_not_negative", sql`${table.stock} >= 0`)],
);

/** Shelf prices per currency in minor units: VAT included in Europe, sales tax excluded in the US. */
export const productPrices = sqliteTable(
  "product_prices",
  {
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    currency: text("currency").notNull(),
    unitPrice: integer("unit_price").notNull(),
  },
  (table) => [primaryKey({ columns: [table.productId, table.currency] }), check("price_positive", sql`${table.unitPrice} > 0`)],
);

export const carts = sqliteTable("carts", {
  id: text("id").primaryKey(),
  createdAt: createdAt(),
  updatedAt: text("updated_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
});

export const cartItems = sqliteTable(
  "cart_items",
  {
    cartId: text("cart_id")
      .notNull()
      .references(() => carts.id, { onDelete: "cascade" }),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    addedAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.cartId, table.productId] }),
    check("quantity_range", sql`${table.quantity} between 1 and 99`),
  ],
);

/** Secrets the store generates for itself on first start when none is configured (see lib/secrets.ts). */
export const appSecrets = sqliteTable("app_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: createdAt(),
});
