import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

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

/**
 * One Klarna Payments session per checkout. `callbackToken` is the secret that Klarna's callbacks for this session
 * carry in their URL; `placingAt` is a claim so only one caller places the order for an authorization.
 */
export const checkoutSessions = sqliteTable("checkout_sessions", {
  id: text("id").primaryKey(),
  cartId: text("cart_id")
    .notNull()
    .references(() => carts.id, { onDelete: "cascade" }),
  market: text("market").notNull(),
  klarnaSessionId: text("klarna_session_id").notNull().unique(),
  clientToken: text("client_token").notNull(),
  paymentMethodCategories: text("payment_method_categories", { mode: "json" }).notNull(),
  callbackToken: text("callback_token").notNull().unique(),
  /** The order as last sent to Klarna: lines and amounts, to compare with the cart before placing. */
  order: text("order", { mode: "json" }).notNull(),
  fingerprint: text("fingerprint").notNull(),
  authorizationToken: text("authorization_token"),
  placingAt: integer("placing_at"),
  klarnaOrderId: text("klarna_order_id"),
  redirectUrl: text("redirect_url"),
  createdAt: createdAt(),
  updatedAt: text("updated_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
}, (table) => [index("checkout_sessions_by_cart").on(table.cartId)]);

export const orders = sqliteTable(
  "orders",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    klarnaOrderId: text("klarna_order_id").notNull().unique(),
    orderNumber: text("order_number").notNull().unique(),
    /** Unguessable key of the shopper's order page. */
    accessToken: text("access_token").notNull().unique(),
    checkoutSessionId: text("checkout_session_id").references(() => checkoutSessions.id, { onDelete: "set null" }),
    status: text("status", { enum: ["pending", "acknowledged", "cancelled"] })
      .notNull()
      .default("pending"),
    market: text("market").notNull(),
    currency: text("currency").notNull(),
    locale: text("locale").notNull(),
    email: text("email"),
    orderAmount: integer("order_amount").notNull(),
    orderTaxAmount: integer("order_tax_amount").notNull(),
    lines: text("lines", { mode: "json" }).notNull(),
    billingAddress: text("billing_address", { mode: "json" }),
    shippingAddress: text("shipping_address", { mode: "json" }),
    paymentMethod: text("payment_method"),
    fraudStatus: text("fraud_status"),
    /** Set when the stock for the order could not be taken; the order is then cancelled at Klarna. */
    shortage: text("shortage"),
    ackClaimedAt: integer("ack_claimed_at"),
    acknowledgedAt: text("acknowledged_at"),
    cancelledAt: text("cancelled_at"),
    cancelReason: text("cancel_reason"),
    createdAt: createdAt(),
  },
  (table) => [check("amount_not_negative", sql`${table.orderAmount} >= 0`)],
);

/** Every attempt to finalize, acknowledge or cancel an order, from any source, with its outcome and latency. */
export const orderEvents = sqliteTable("order_events", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  klarnaOrderId: text("klarna_order_id").notNull(),
  source: text("source").notNull(),
  action: text("action").notNull(),
  outcome: text("outcome").notNull(),
  detail: text("detail"),
  latencyMs: integer("latency_ms").notNull(),
  createdAt: createdAt(),
}, (table) => [index("order_events_by_order").on(table.klarnaOrderId)]);

/** Order numbers come from this sequence: sequential, never reused, safe under concurrency. */
export const orderNumbers = sqliteTable("order_numbers", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  klarnaOrderId: text("klarna_order_id").notNull().unique(),
  createdAt: createdAt(),
});
