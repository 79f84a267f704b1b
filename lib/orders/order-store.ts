import "server-only";
import { randomBytes } from "node:crypto";
import { and, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { db } from "@/db";
import { cartCoupons, cartItems, checkoutSessions, orderEvents, orderNumbers, orders, products } from "@/db/schema";
import type { AddressRead, OrderLineRead } from "@/lib/klarna";

export type StoreOrder = typeof orders.$inferSelect;

export interface NewOrder {
  klarnaOrderId: string;
  /** Given when Klarna validated the checkout; otherwise one is allocated for the Klarna order. */
  orderNumber: string | null;
  /** Why the store will not ship it (undeliverable, blocked shopper), found before insert; no stock is taken then. */
  refusal: string | null;
  checkoutSessionId: string | null;
  cartId: string | null;
  market: string;
  currency: string;
  locale: string;
  email: string | null;
  orderAmount: number;
  orderTaxAmount: number;
  lines: OrderLineRead[];
  billingAddress: AddressRead | null;
  shippingAddress: AddressRead | null;
  paymentMethod: string | null;
  fraudStatus: string | null;
}

export interface InsertResult {
  order: StoreOrder;
  /** True only for the one caller whose insert created the order and took its stock. */
  created: boolean;
}

/** The goods lines that take stock: physical and digital products, by the SKU in `reference`. */
function stockLines(lines: readonly OrderLineRead[]): { sku: string; quantity: number }[] {
  return lines
    .filter((line) => (line.type === "physical" || line.type === "digital") && line.reference)
    .map((line) => ({ sku: line.reference!, quantity: line.quantity }));
}

export function orderNumberFor(sequence: number, year = new Date().getUTCFullYear()): string {
  return `ORD-${year}-${String(sequence).padStart(6, "0")}`;
}

type Tx = Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0];

/** The order number for `key`, allocated on first request: insert-or-ignore on the unique key, then read it. */
export function allocateOrderNumber(key: string, tx: Tx | ReturnType<typeof db> = db()): string {
  tx.insert(orderNumbers).values({ key }).onConflictDoNothing().run();
  const row = tx.select({ id: orderNumbers.id }).from(orderNumbers).where(eq(orderNumbers.key, key)).get()!;
  return orderNumberFor(row.id);
}

/**
 * Creates the store order for a Klarna order exactly once. The insert-or-ignore on the unique Klarna order id
 * decides who creates it; only that caller takes the stock, clears the cart and closes the checkout session, in the
 * same synchronous transaction (better-sqlite3 commits an async callback at its first await, so none is used).
 * If the order was refused or any line is short of stock, nothing is taken and the reason is recorded, so the order
 * is cancelled at Klarna.
 */
export function insertOrderOnce(order: NewOrder): InsertResult {
  return db().transaction((tx) => {
    const orderNumber = order.orderNumber ?? allocateOrderNumber(`klarna:${order.klarnaOrderId}`, tx);
    const inserted = tx
      .insert(orders)
      .values({
        klarnaOrderId: order.klarnaOrderId,
        orderNumber,
        accessToken: randomBytes(24).toString("base64url"),
        checkoutSessionId: order.checkoutSessionId,
        market: order.market,
        currency: order.currency,
        locale: order.locale,
        email: order.email,
        orderAmount: order.orderAmount,
        orderTaxAmount: order.orderTaxAmount,
        lines: order.lines,
        billingAddress: order.billingAddress,
        shippingAddress: order.shippingAddress,
        paymentMethod: order.paymentMethod,
        fraudStatus: order.fraudStatus,
      })
      .onConflictDoNothing({ target: orders.klarnaOrderId })
      .returning()
      .get();
    if (!inserted) {
      return { order: tx.select().from(orders).where(eq(orders.klarnaOrderId, order.klarnaOrderId)).get()!, created: false };
    }

    const markSession = () => {
      if (!order.checkoutSessionId) return;
      tx.update(checkoutSessions)
        .set({ klarnaOrderId: order.klarnaOrderId })
        .where(and(eq(checkoutSessions.id, order.checkoutSessionId), isNull(checkoutSessions.klarnaOrderId)))
        .run();
    };
    const wanted = stockLines(order.lines);
    const short = wanted.filter(({ sku, quantity }) => {
      const row = tx.select({ stock: products.stock }).from(products).where(eq(products.sku, sku)).get();
      return !row || row.stock < quantity;
    });
    const reason =
      order.refusal ??
      (short.length > 0
        ? `Not enough stock for: ${short.map(({ sku }) => order.lines.find((line) => line.reference === sku)?.name ?? sku).join(", ")}`
        : null);
    markSession();
    if (reason) {
      // Nothing is taken and the cart is kept, so the shopper can see what went wrong and fix it.
      const refused = tx.update(orders).set({ unfulfillableReason: reason }).where(eq(orders.id, inserted.id)).returning().get()!;
      return { order: refused, created: true };
    }
    for (const { sku, quantity } of wanted) {
      tx.update(products).set({ stock: sql`${products.stock} - ${quantity}` }).where(eq(products.sku, sku)).run();
    }
    if (order.cartId) {
      tx.delete(cartItems).where(eq(cartItems.cartId, order.cartId)).run();
      tx.delete(cartCoupons).where(eq(cartCoupons.cartId, order.cartId)).run();
    }
    return { order: inserted, created: true };
  });
}

export async function findOrderByKlarnaId(klarnaOrderId: string): Promise<StoreOrder | null> {
  const [row] = await db().select().from(orders).where(eq(orders.klarnaOrderId, klarnaOrderId));
  return row ?? null;
}

export async function findOrderByAccessToken(accessToken: string): Promise<StoreOrder | null> {
  const [row] = await db().select().from(orders).where(eq(orders.accessToken, accessToken));
  return row ?? null;
}

/**
 * Claims the right to settle (acknowledge or cancel) an order at Klarna. A conditional update lets one caller at
 * a time through; a claim older than `staleAfterMs` is taken over, so a caller that died does not block the order.
 */
export async function claimSettlement(orderId: number, now = Date.now(), staleAfterMs = 30_000): Promise<boolean> {
  const result = await db()
    .update(orders)
    .set({ ackClaimedAt: now })
    .where(
      and(
        eq(orders.id, orderId),
        eq(orders.status, "pending"),
        or(isNull(orders.ackClaimedAt), lt(orders.ackClaimedAt, now - staleAfterMs)),
      ),
    );
  return result.changes > 0;
}

export async function releaseSettlement(orderId: number): Promise<void> {
  await db().update(orders).set({ ackClaimedAt: null }).where(and(eq(orders.id, orderId), eq(orders.status, "pending")));
}

export async function markAcknowledged(orderId: number): Promise<void> {
  await db()
    .update(orders)
    .set({ status: "acknowledged", acknowledgedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))` })
    .where(and(eq(orders.id, orderId), eq(orders.status, "pending")));
}

/**
 * Moves an order from `from` to cancelled and, in the same transaction, puts back the stock its creation took (none
 * was taken when it was unfulfillable), so a cancelled order never holds goods. The conditional update lets only one
 * caller cancel, so the stock comes back once.
 */
function cancelAndReturnStock(orderId: number, from: "pending" | "acknowledged", reason: string): StoreOrder | null {
  return db().transaction((tx) => {
    const cancelled = tx
      .update(orders)
      .set({ status: "cancelled", cancelledAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`, cancelReason: reason })
      .where(and(eq(orders.id, orderId), eq(orders.status, from)))
      .returning()
      .get();
    if (cancelled && cancelled.unfulfillableReason === null) {
      for (const { sku, quantity } of stockLines(cancelled.lines as OrderLineRead[])) {
        tx.update(products).set({ stock: sql`${products.stock} + ${quantity}` }).where(eq(products.sku, sku)).run();
      }
    }
    return cancelled ?? null;
  });
}

export async function markCancelled(orderId: number, reason: string): Promise<void> {
  cancelAndReturnStock(orderId, "pending", reason);
}

/** Klarna cancelled an order the store had acknowledged (for example a rejected fraud review). */
export async function markCancelledAfterAcknowledgement(orderId: number, reason: string): Promise<StoreOrder | null> {
  return cancelAndReturnStock(orderId, "acknowledged", reason);
}

export async function updateFraudStatus(orderId: number, fraudStatus: string): Promise<StoreOrder | null> {
  const [row] = await db().update(orders).set({ fraudStatus }).where(eq(orders.id, orderId)).returning();
  return row ?? null;
}

export interface OrderEventInput {
  klarnaOrderId: string;
  source: string;
  action: string;
  outcome: string;
  detail?: string | null;
  latencyMs: number;
}

export async function appendOrderEvent(event: OrderEventInput): Promise<void> {
  await db()
    .insert(orderEvents)
    .values({ ...event, latencyMs: Math.round(event.latencyMs), detail: event.detail ?? null });
}

/**
 * An order's event log, newest first. Validation happens before Klarna has an order id, so its events are kept
 * under `session:<checkout session id>`; passing the session id includes them.
 */
export async function orderEventsOf(klarnaOrderId: string, checkoutSessionId?: string | null) {
  const keys = checkoutSessionId ? [klarnaOrderId, `session:${checkoutSessionId}`] : [klarnaOrderId];
  return db()
    .select()
    .from(orderEvents)
    .where(inArray(orderEvents.klarnaOrderId, keys))
    .orderBy(desc(orderEvents.id));
}
