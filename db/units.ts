import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { AddressRead, OrderLineRead } from "@/lib/klarna/types";
import type { ProviderId } from "@/lib/payments/provider";
import { env } from "@/lib/env";
import { writeTogether, type WriteStatement } from "./batch";
import { atomically, db, prepared } from "./index";
import {
  cartCoupons,
  cartItems,
  checkoutSessions,
  couponClaims,
  coupons,
  orderEvents,
  orderNumbers,
  orders,
  products,
  webhookEvents,
} from "./schema";
import { step, type UnitTx } from "./unit";

/**
 * The store's atomic units of work, the only writes that must not be split: each is one transaction
 * (`atomically`, db/index.ts), one write batch (`writeTogether`, db/batch.ts: one transaction in one round trip,
 * whose statements each decide by themselves from what the earlier ones wrote) or one statement that decides by
 * itself (an insert-or-ignore on a unique key, a conditional update), so it is exactly-once on both drivers and
 * across instances sharing one libSQL database. None calls a provider. Everything else in `lib/` is plain async
 * queries.
 */

export type StoreOrder = typeof orders.$inferSelect;

export interface NewOrder {
  provider: ProviderId;
  /** The provider's id of the purchase (for Klarna Payments and Kustom, the Klarna order id). */
  providerReference: string;
  /** Klarna's order id where the provider has one. */
  klarnaOrderId?: string | null;
  /** Given when the store validated the checkout; otherwise one is allocated for the purchase. */
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
  /** What the provider reported with the purchase, stored with the order so that nothing writes it again at once. */
  providerState?: {
    providerStatus: string;
    capturedAmount: number;
    refundedAmount: number;
    authorizationExpiresAt: string | null;
  };
}

export interface InsertResult {
  order: StoreOrder;
  /** True only for the one caller whose insert created the order and took its stock. */
  created: boolean;
  /** The settlement claim's token when this caller created the order and asked for the claim (`claimToken`). */
  claim?: string | null;
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

/**
 * The statement that allocates the sequence number for `key` on first request: the upsert on the unique key inserts
 * or, when the key exists, changes nothing but still returns the row, so concurrent callers agree on one number.
 */
function orderSequence(q: UnitTx | ReturnType<typeof db>, key: string) {
  return q
    .insert(orderNumbers)
    .values({ key })
    .onConflictDoUpdate({ target: orderNumbers.key, set: { key: sql`excluded.key` } })
    .returning({ id: orderNumbers.id });
}

/**
 * `allocateOrderNumber` inside a write batch (db/batch.ts), where no statement can read an earlier one's answer:
 * `insert`, the sequence row's insert-or-ignore on its unique key (concurrent callers agree on one row), and `number`,
 * the number it gives as an SQL expression (as `orderNumberFor` spells it) for a later statement of the same batch.
 */
export function orderNumberAllocation(key: string, year = new Date().getUTCFullYear()): { insert: WriteStatement; number: SQL } {
  return {
    insert: db().insert(orderNumbers).values({ key }).onConflictDoNothing({ target: orderNumbers.key }),
    number: sql`(select 'ORD-' || ${String(year)} || '-' || printf('%06d', ${orderNumbers.id}) from ${orderNumbers} where ${orderNumbers.key} = ${key})`,
  };
}

/** The order number for `key` (a checkout session, a purchase), the same every time it is asked for. */
export async function allocateOrderNumber(key: string): Promise<string> {
  const [row] = await orderSequence(db(), key);
  if (!row) throw new Error(`No order number for ${key}`);
  return orderNumberFor(row.id);
}

const P = sql.placeholder;

/**
 * Creates the store order for a provider's purchase exactly once, in one write batch (db/batch.ts: one round trip,
 * one transaction, on both drivers). The insert-or-ignore on the unique (provider, provider reference) decides who
 * creates it; the caller's fresh access token (unique, 24 random bytes) marks the row as its own, and every later
 * statement of the batch is guarded by that mark in its WHERE, so only the creator takes the stock, clears the cart
 * and closes the checkout session, and for everyone else they do nothing. If the order was refused or any line is
 * short of stock, nothing is taken, the cart is kept and the reason is recorded (by a guarded update that names the
 * lines short of stock), so the order is cancelled at the provider. Stock never goes below zero: the shortage check
 * and the decrement run in one transaction, and the products table's CHECK (stock >= 0) fails the whole batch if
 * anything ever got past them.
 *
 * With `claimToken`, the creator also holds the settlement claim from the moment the order exists (as
 * `claimSettlement` would take it), so it goes on to acknowledge or cancel without a round trip for the claim;
 * `event` records the finalize event row (outcome "created" for the creator, "existing" for a caller that found the
 * order still pending) in the same batch.
 */
export async function insertOrderOnce(order: NewOrder, options: InsertOptions = {}): Promise<InsertResult> {
  const database = db();
  // A purchase without a number from its checkout gets one allocated by key, the same on every call, in the batch
  // (`orderNumberAllocation`): the order row takes its number from the sequence row the batch's first statement made.
  const allocation = order.orderNumber === null ? orderNumberAllocation(`${order.provider}:${order.providerReference}`) : null;
  const orderNumber = order.orderNumber ?? allocation!.number;
  const accessToken = randomBytes(24).toString("base64url");
  const claimToken = options.claimToken ?? null;
  const now = options.now ?? Date.now();
  const key = and(eq(orders.provider, order.provider), eq(orders.providerReference, order.providerReference));
  // Every guarded statement's condition: the order row is this caller's (and, where said, has no reason to refuse).
  const mine = (fulfillable: boolean) =>
    sql`exists (select 1 from ${orders} where ${orders.provider} = ${order.provider} and ${orders.providerReference} = ${order.providerReference} and ${orders.accessToken} = ${accessToken}${fulfillable ? sql` and ${orders.unfulfillableReason} is null` : sql``})`;
  const wanted = JSON.stringify(wantedStock(order.lines));
  // The wanted lines whose product is missing or has less stock than they take, in the order's line order.
  const shortLines = sql`select json_extract(w.value, '$.name') as name from json_each(${wanted}) w left join ${products} p on p.sku = json_extract(w.value, '$.sku') where p.stock is null or p.stock < json_extract(w.value, '$.quantity') order by w.key`;

  const statements: WriteStatement[] = [
    ...(allocation ? [allocation.insert] : []),
    database
      .insert(orders)
      .values({
        provider: order.provider,
        providerReference: order.providerReference,
        klarnaOrderId: order.klarnaOrderId ?? null,
        orderNumber,
        accessToken,
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
        unfulfillableReason: order.refusal,
        ...(order.providerState ?? {}),
        ...(claimToken ? { ackClaimedAt: now, ackClaimToken: claimToken } : {}),
      })
      .onConflictDoNothing({ target: [orders.provider, orders.providerReference] }),
  ];
  if (order.checkoutSessionId) {
    // The session's provider_reference marks it as having become an order; a purchase without a Klarna order id
    // marks it with the provider's reference.
    statements.push(
      database
        .update(checkoutSessions)
        .set({ providerReference: order.klarnaOrderId ?? order.providerReference })
        .where(and(eq(checkoutSessions.id, order.checkoutSessionId), isNull(checkoutSessions.providerReference), mine(false))),
    );
  }
  if (order.refusal === null) {
    if (wanted !== "[]") {
      statements.push(
        database
          .update(orders)
          .set({ unfulfillableReason: sql`(select 'Not enough stock for: ' || group_concat(name, ', ') from (${shortLines}))` })
          .where(and(key, eq(orders.accessToken, accessToken), isNull(orders.unfulfillableReason), sql`exists (${shortLines})`)),
        database
          .update(products)
          .set({ stock: sql`${products.stock} - (select json_extract(w.value, '$.quantity') from json_each(${wanted}) w where json_extract(w.value, '$.sku') = ${products.sku})` })
          .where(and(sql`${products.sku} in (select json_extract(value, '$.sku') from json_each(${wanted}))`, mine(true))),
      );
    }
    if (order.cartId) {
      // Only a fulfillable order clears the cart: a refused one keeps it, so the shopper can see what went wrong.
      statements.push(
        database.delete(cartItems).where(and(eq(cartItems.cartId, order.cartId), mine(true))),
        database.delete(cartCoupons).where(and(eq(cartCoupons.cartId, order.cartId), mine(true))),
      );
    }
  }
  if (options.event) {
    const { source, latencyMs } = options.event;
    // A reload or a repeated callback for a settled order changes nothing, so it leaves no row in the order's log.
    statements.push(
      sql`insert into ${orderEvents} (provider_reference, provider, source, action, outcome, detail, latency_ms)
        select ${order.providerReference}, ${order.provider}, ${source}, 'finalize',
          case when ${orders.accessToken} = ${accessToken} then 'created' else 'existing' end,
          ${orders.unfulfillableReason}, ${Math.round(latencyMs)}
        from ${orders} where ${key} and (${orders.accessToken} = ${accessToken} or ${orders.status} = 'pending')`,
    );
  }
  // The caller's own statements (place order's record of the placed order on its session), whoever creates the order.
  statements.push(...(options.alongside ?? []), database.select().from(orders).where(key));

  const results = await writeTogether(statements, "insertOrderOnce");
  const [row] = results.at(-1) as StoreOrder[];
  if (!row) throw new Error(`Order ${order.provider}:${order.providerReference} neither inserted nor found`);
  const created = row.accessToken === accessToken;
  return { order: row, created, claim: created ? claimToken : null };
}

export interface InsertOptions {
  /** Take the settlement claim for the creator with this token (see `claimSettlement`). */
  claimToken?: string;
  /** The claim's time, epoch ms (default now). */
  now?: number;
  /** Record finalize's event row for this call in the same batch: its source and latency so far. */
  event?: { source: string; latencyMs: number };
  /** The caller's statements, written in the same batch whether this call creates the order or finds it. */
  alongside?: readonly WriteStatement[];
}

/** The stock an order takes, one entry per SKU (its lines' quantities summed), named by the SKU's first line. */
function wantedStock(lines: readonly OrderLineRead[]): { sku: string; quantity: number; name: string }[] {
  const bySku = new Map<string, { sku: string; quantity: number; name: string }>();
  for (const { sku, quantity } of stockLines(lines)) {
    const entry = bySku.get(sku);
    if (entry) entry.quantity += quantity;
    else bySku.set(sku, { sku, quantity, name: lines.find((line) => line.reference === sku)?.name ?? sku });
  }
  return [...bySku.values()];
}

/**
 * Moves an order from `from` to cancelled and, in the same write batch (one round trip, one transaction), puts back
 * the stock its creation took (none was taken when it was unfulfillable), so a cancelled order never holds goods. The
 * conditional update lets only one caller cancel, so the stock comes back once: it leaves a fresh token in the
 * order's claim column (a claim means nothing once the order has left "pending"), and the stock's update is guarded
 * by that token, so for a caller whose update changed nothing it does nothing. The stock returned is the order row's
 * lines as they are at that moment (the back office may have edited them).
 */
export async function cancelAndReturnStock(orderId: number, from: "pending" | "acknowledged", reason: string): Promise<StoreOrder | null> {
  const [cancelled] = (await writeTogether(cancelAndReturnStockStatements(orderId, from, reason), "cancelAndReturnStock")) as [StoreOrder[], unknown];
  return cancelled[0] ?? null;
}

/**
 * `cancelAndReturnStock`'s statements, for a write batch (db/batch.ts) that records the event with them: the first
 * returns the cancelled order's row (none when this caller's update changed nothing).
 */
export function cancelAndReturnStockStatements(orderId: number, from: "pending" | "acknowledged", reason: string): [WriteStatement, WriteStatement] {
  const database = db();
  const token = randomUUID();
  // The SKUs and quantities the order holds, when this caller's update has just cancelled it.
  const held = sql`select json_extract(l.value, '$.reference') as sku, sum(json_extract(l.value, '$.quantity')) as quantity
    from ${orders} o, json_each(o.lines) l
    where o.id = ${orderId} and o.status = 'cancelled' and o.ack_claim_token = ${token} and o.unfulfillable_reason is null
      and json_extract(l.value, '$.type') in ('physical', 'digital') and coalesce(json_extract(l.value, '$.reference'), '') <> ''
    group by 1`;
  return [
    database
      .update(orders)
      .set({
        status: "cancelled",
        cancelledAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
        cancelReason: reason,
        ackClaimedAt: null,
        ackClaimToken: token,
      })
      .where(and(eq(orders.id, orderId), eq(orders.status, from)))
      .returning(),
    database
      .update(products)
      .set({ stock: sql`${products.stock} + (select h.quantity from (${held}) h where h.sku = ${products.sku})` })
      .where(sql`${products.sku} in (select h.sku from (${held}) h)`),
  ];
}

/**
 * How long a settlement claim holds before another caller may take it over. The claim guards the calls to the
 * provider, an acknowledgement and its one retry (lib/orders/finalize.ts), each up to KLARNA_TIMEOUT_MS, plus the
 * writes around them, so it must outlive them all: three times the timeout and a margin, or a second caller could
 * settle the same order at once (one acknowledging, the other cancelling).
 */
export function settlementStaleAfterMs(timeoutMs = env().KLARNA_TIMEOUT_MS): number {
  return 3 * timeoutMs + 5_000;
}

/**
 * Claims the right to settle (acknowledge or cancel) an order at its provider. One conditional update lets one
 * caller at a time through; a claim older than `staleAfterMs` is taken over, so a caller that died does not block
 * the order. Returns the claim's token, which only its holder can release; null when someone else holds it.
 */
export async function claimSettlement(
  orderId: number,
  options: { now?: number; staleAfterMs?: number } = {},
): Promise<string | null> {
  const now = options.now ?? Date.now();
  const token = randomUUID();
  const staleBefore = now - (options.staleAfterMs ?? settlementStaleAfterMs());
  const claimed = await claimStatement().get({ id: orderId, now, token, staleBefore });
  return claimed ? token : null;
}

const claimStatement = prepared((database) =>
  database
    .update(orders)
    .set({ ackClaimedAt: sql`${P("now")}`, ackClaimToken: sql`${P("token")}` })
    .where(
      and(
        eq(orders.id, P("id")),
        eq(orders.status, "pending"),
        or(isNull(orders.ackClaimedAt), lt(orders.ackClaimedAt, P("staleBefore"))),
      ),
    )
    .returning({ id: orders.id })
    .prepare(),
);

/** Gives up a settlement claim, only if it is still this caller's: a claim taken over is the new holder's. */
export async function releaseSettlement(orderId: number, token: string): Promise<boolean> {
  const released = await releaseSettlementStatement(orderId, token);
  return released.length > 0;
}

/** `releaseSettlement`'s statement, for a write batch (db/batch.ts) that records why along with it. */
export function releaseSettlementStatement(orderId: number, token: string) {
  return db()
    .update(orders)
    .set({ ackClaimedAt: null, ackClaimToken: null })
    .where(and(eq(orders.id, orderId), eq(orders.status, "pending"), eq(orders.ackClaimToken, token)))
    .returning({ id: orders.id });
}

const existingClaim = prepared((database) =>
  database
    .select({ code: couponClaims.couponCode })
    .from(couponClaims)
    .where(
      and(eq(couponClaims.couponCode, sql.placeholder("code")), eq(couponClaims.checkoutSessionId, sql.placeholder("checkoutSessionId"))),
    )
    .prepare(),
);

/** Whether this checkout holds a use of the code. */
export async function hasCouponClaim(code: string, checkoutSessionId: string): Promise<boolean> {
  return Boolean(await existingClaim().get({ code, checkoutSessionId }));
}

export type ClaimResult = { ok: true } | { ok: false; reason: "coupon_used" | "coupon_expired" };

/**
 * Gives back the uses claimed before `before` by checkouts that never became an order and are not being placed
 * (Klarna's authorization lasts 60 minutes, so an older claim can no longer be paid for; a shopper who comes back
 * is validated, and claims, again). Run by the reconcile job.
 */
export function releaseAbandonedCouponClaims(before: Date): Promise<number> {
  return atomically(function* (tx) {
    const abandoned = yield* step(
      tx
        .select({ code: couponClaims.couponCode, sessionId: couponClaims.checkoutSessionId })
        .from(couponClaims)
        .innerJoin(checkoutSessions, eq(checkoutSessions.id, couponClaims.checkoutSessionId))
        .where(
          and(
            isNull(checkoutSessions.providerReference),
            isNull(checkoutSessions.placingAt),
            lt(couponClaims.createdAt, before.toISOString()),
          ),
        )
        .all(),
    );
    for (const claim of abandoned) {
      yield* step(
        tx
          .delete(couponClaims)
          .where(and(eq(couponClaims.couponCode, claim.code), eq(couponClaims.checkoutSessionId, claim.sessionId)))
          .run(),
      );
      yield* step(
        tx
          .update(coupons)
          .set({ uses: sql`max(${coupons.uses} - 1, 0)` })
          .where(eq(coupons.code, claim.code))
          .run(),
      );
    }
    return abandoned.length;
  }, "releaseAbandonedCouponClaims");
}

export type WebhookEvent = typeof webhookEvents.$inferSelect;

export interface NewWebhookEvent {
  provider: ProviderId;
  /** The provider's id of the event, the same on every redelivery. */
  eventId: string;
  eventType: string;
  /** What the event is about: a payment id, a payment request id. */
  subjectReference: string;
  occurredAt: string;
  body: unknown;
}

/**
 * Records a verified webhook once. One insert-or-ignore on (provider, event id) decides: the first delivery gets
 * `firstTime: true`; a redelivery (providers retry until they get a 2xx) gets false and the row recorded first.
 */
export async function recordWebhookOnce(event: NewWebhookEvent): Promise<{ firstTime: boolean; event: WebhookEvent }> {
  const [inserted] = await db().insert(webhookEvents).values(event).onConflictDoNothing().returning();
  if (inserted) return { firstTime: true, event: inserted };
  const [existing] = await db()
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.provider, event.provider), eq(webhookEvents.eventId, event.eventId)));
  if (!existing) throw new Error(`Webhook ${event.provider}:${event.eventId} neither recorded nor found`);
  return { firstTime: false, event: existing };
}
