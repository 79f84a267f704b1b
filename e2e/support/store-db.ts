import Database from "better-sqlite3";
import path from "node:path";
import { STORE_DB } from "../../playwright.config";

// The e2e store's database (see playwright.config.ts): to arrange what a warehouse or the merchant would, and to
// show what a checkout left behind. The run shares it, so tests read rows of their own cart, order or code.

function withStoreDb<T>(query: (db: Database.Database) => T): T {
  const db = new Database(path.resolve(__dirname, "../..", STORE_DB));
  try {
    db.pragma("busy_timeout = 5000");
    return query(db);
  } finally {
    db.close();
  }
}

/** Sets a product's stock and returns what it was, so a test can put it back. */
export function setStock(slug: string, stock: number): number {
  return withStoreDb((db) => {
    const before = db.prepare("select stock from products where slug = ?").get(slug) as { stock: number };
    db.prepare("update products set stock = ? where slug = ?").run(stock, slug);
    return before.stock;
  });
}

export function stockOf(slug: string): number {
  return withStoreDb((db) => (db.prepare("select stock from products where slug = ?").get(slug) as { stock: number }).stock);
}

export function orderCount(): number {
  return withStoreDb((db) => (db.prepare("select count(*) as n from orders").get() as { n: number }).n);
}

export interface StoreOrderRow {
  klarna_order_id: string;
  order_number: string;
  status: "pending" | "acknowledged" | "cancelled";
  order_amount: number;
  acknowledged_at: string | null;
}

/** The store orders placed from this cart's checkout sessions. */
export function ordersOfCart(cartId: string): StoreOrderRow[] {
  return withStoreDb(
    (db) =>
      db
        .prepare(
          `select o.klarna_order_id, o.order_number, o.status, o.order_amount, o.acknowledged_at
           from orders o join checkout_sessions s on s.id = o.checkout_session_id
           where s.cart_id = ? order by o.id`,
        )
        .all(cartId) as StoreOrderRow[],
  );
}

export function ordersWithKlarnaId(klarnaOrderId: string): StoreOrderRow[] {
  return withStoreDb(
    (db) =>
      db
        .prepare(
          "select klarna_order_id, order_number, status, order_amount, acknowledged_at from orders where klarna_order_id = ?",
        )
        .all(klarnaOrderId) as StoreOrderRow[],
  );
}

/** Moves an order's creation back, as if it had been placed `minutes` ago. */
export function backdateOrder(klarnaOrderId: string, minutes: number): void {
  const at = new Date(Date.now() - minutes * 60_000).toISOString();
  withStoreDb((db) => db.prepare("update orders set created_at = ? where klarna_order_id = ?").run(at, klarnaOrderId));
}

export interface OrderEventRow {
  source: string;
  action: string;
  outcome: string;
}

/** The order's log, oldest first: who created it, who acknowledged it, what failed. */
export function orderEvents(klarnaOrderId: string): OrderEventRow[] {
  return withStoreDb(
    (db) =>
      db
        .prepare("select source, action, outcome from order_events where provider_reference = ? order by id")
        .all(klarnaOrderId) as OrderEventRow[],
  );
}

/** How a checkout session of this cart was paid through Klarna's Express button, if it was (issue 25). */
export function expressSessionsOfCart(cartId: string): { express: string | null; shipping_option: string | null; provider_reference: string | null }[] {
  return withStoreDb(
    (db) =>
      db
        .prepare("select express, shipping_option, provider_reference from checkout_sessions where cart_id = ? order by created_at")
        .all(cartId) as { express: string | null; shipping_option: string | null; provider_reference: string | null }[],
  );
}

export interface CheckoutSessionRow {
  id: string;
  klarna_session_id: string;
  order_number: string | null;
  provider_reference: string | null;
  /** What the session last asked the provider to charge. */
  order_amount: number;
}

/** This cart's checkout sessions, oldest first, with the order number and Klarna order each got, if any. */
export function checkoutSessionsOfCart(cartId: string): CheckoutSessionRow[] {
  return withStoreDb(
    (db) =>
      db
        .prepare(
          "select id, klarna_session_id, order_number, provider_reference, json_extract(\"order\", '$.order_amount') as order_amount " +
            "from checkout_sessions where cart_id = ? order by created_at",
        )
        .all(cartId) as CheckoutSessionRow[],
  );
}

let serial = 0;
/** A discount code only this test uses, as the merchant would create it. */
export function createCoupon(options: { prefix: string; maxUses: number | null; percent?: number }): string {
  serial += 1;
  const code = `${options.prefix}-${Date.now().toString(36)}-${serial}`.toUpperCase();
  withStoreDb((db) =>
    db
      .prepare("insert into coupons (code, description, kind, value, max_uses) values (?, ?, 'percent', ?, ?)")
      .run(code, `E2E ${options.prefix}`, options.percent ?? 10, options.maxUses),
  );
  return code;
}

/** How often the code was used, and by which checkout sessions. */
export function couponUse(code: string): { uses: number; claims: string[] } {
  return withStoreDb((db) => {
    const { uses } = db.prepare("select uses from coupons where code = ?").get(code) as { uses: number };
    const claims = db.prepare("select checkout_session_id from coupon_claims where coupon_code = ?").all(code) as { checkout_session_id: string }[];
    return { uses, claims: claims.map((row) => row.checkout_session_id) };
  });
}

/** Sets an order's status, as another process settling it would (e.g. a webhook finishing while the shopper looks). */
export function setOrderStatus(orderNumber: string, status: "pending" | "acknowledged" | "cancelled"): void {
  withStoreDb((db) => db.prepare("update orders set status = ? where order_number = ?").run(status, orderNumber));
}
