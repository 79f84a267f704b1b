import { and, desc, eq, isNull, lt, or, sql, type Placeholder, type SQL } from "drizzle-orm";
import { db, prepared } from "@/db";
import type { Read, WriteStatement } from "@/db/batch";
import { checkoutSessions, orders } from "@/db/schema";
import { DEFAULT_PROVIDER_ID, type ProviderId } from "@/lib/payments/provider";
import type { SessionOrder } from "./session-order";

export type CheckoutSession = typeof checkoutSessions.$inferSelect;

export async function insertCheckoutSession(values: typeof checkoutSessions.$inferInsert): Promise<CheckoutSession> {
  const [row] = await db().insert(checkoutSessions).values(values).returning();
  if (!row) throw new Error("The checkout session was not stored");
  return row;
}

/** `insertCheckoutSession` as a statement of a write batch (`writeTogether`, db/batch.ts): it gives the stored row. */
export function insertCheckoutSessionWrite(values: typeof checkoutSessions.$inferInsert): WriteStatement {
  return db().insert(checkoutSessions).values(values).returning();
}

const sessionById = prepared((database) =>
  database.select().from(checkoutSessions).where(eq(checkoutSessions.id, sql.placeholder("id"))).prepare(),
);
const sessionByCallbackToken = prepared((database) =>
  database.select().from(checkoutSessions).where(eq(checkoutSessions.callbackToken, sql.placeholder("token"))).prepare(),
);

export async function findCheckoutSession(id: string): Promise<CheckoutSession | null> {
  return (await sessionById().get({ id })) ?? null;
}

export async function findCheckoutSessionByCallbackToken(token: string): Promise<CheckoutSession | null> {
  return (await sessionByCallbackToken().get({ token })) ?? null;
}

/** Where a session's order stands, read with the session (`findCheckoutSessionWithOrderByCallbackToken`). */
export interface SessionOrderState {
  status: string;
  authorizationExpiresAt: string | null;
}

const sessionWithOrderByCallbackToken = prepared((database) =>
  database
    .select({ session: checkoutSessions, order: { status: orders.status, authorizationExpiresAt: orders.authorizationExpiresAt } })
    .from(checkoutSessions)
    // The order of the purchase the session placed, and made from this session (as `orderForCallback` binds a push's).
    .leftJoin(
      orders,
      and(
        eq(orders.provider, checkoutSessions.provider),
        eq(orders.providerReference, checkoutSessions.providerReference),
        eq(orders.checkoutSessionId, checkoutSessions.id),
      ),
    )
    .where(eq(checkoutSessions.callbackToken, sql.placeholder("token")))
    .prepare(),
);

/**
 * The session by its callback token with where its order stands (null while the store has no order for it), in the
 * same one round trip: found on the orders' unique (provider, provider reference).
 */
export async function findCheckoutSessionWithOrderByCallbackToken(
  token: string,
): Promise<{ session: CheckoutSession; order: SessionOrderState | null } | null> {
  return (await sessionWithOrderByCallbackToken().get({ token })) ?? null;
}

/** What a callback needs to know of its checkout, without the order and categories it stores as JSON. */
export type CheckoutSessionKeys = Pick<
  CheckoutSession,
  "id" | "cartId" | "market" | "provider" | "klarnaSessionId" | "providerReference" | "redirectUrl" | "orderNumber" | "shippingOption"
>;

/** The columns of `CheckoutSessionKeys`, for a read that selects them with others (the order store's callback read). */
export const SESSION_KEYS = {
  id: checkoutSessions.id,
  cartId: checkoutSessions.cartId,
  market: checkoutSessions.market,
  provider: checkoutSessions.provider,
  klarnaSessionId: checkoutSessions.klarnaSessionId,
  providerReference: checkoutSessions.providerReference,
  // Where Klarna's create-order answer sends the shopper once the order is placed (written with providerReference).
  redirectUrl: checkoutSessions.redirectUrl,
  orderNumber: checkoutSessions.orderNumber,
  // The shipping option chosen on Express checkout's review page: part of the cart the order must match.
  shippingOption: checkoutSessions.shippingOption,
};

/** The keys of the checkout whose `column` equals the placeholder `name`, prepared once. */
const sessionKeysWhere = (column: typeof checkoutSessions.id | typeof checkoutSessions.callbackToken, name: string) =>
  prepared((database) => database.select(SESSION_KEYS).from(checkoutSessions).where(eq(column, sql.placeholder(name))).prepare());

const sessionKeysByCallbackToken = sessionKeysWhere(checkoutSessions.callbackToken, "token");
const sessionKeysById = sessionKeysWhere(checkoutSessions.id, "id");

/** A checkout's keys by its id, as a read that shares a round trip with others (finalize's, db/batch.ts). */
export function sessionKeysByIdRead(id: string): Read<CheckoutSessionKeys> {
  return {
    query: () => db().select(SESSION_KEYS).from(checkoutSessions).where(eq(checkoutSessions.id, id)),
    prepared: () => sessionKeysById().all({ id }),
  };
}

/** The checkout a callback token belongs to, for the callbacks that run often (push, validation). */
export async function findCheckoutSessionKeysByCallbackToken(token: string): Promise<CheckoutSessionKeys | null> {
  return (await sessionKeysByCallbackToken().get({ token })) ?? null;
}

/** The shipping option chosen for a checkout (Express checkout's review page), as a read that shares a round trip. */
export function shippingOptionRead(id: string): Read<{ option: string | null }> {
  const statement = () => db().select({ option: checkoutSessions.shippingOption }).from(checkoutSessions).where(eq(checkoutSessions.id, id));
  return { query: statement, prepared: () => statement().all() };
}

/** A cart's sessions with this provider that have not become an order yet; the cart and provider may be placeholders. */
const openSessionOf = (cartId: string | Placeholder, provider: ProviderId | Placeholder) =>
  and(eq(checkoutSessions.cartId, cartId), eq(checkoutSessions.provider, provider as ProviderId), isNull(checkoutSessions.providerReference));

// Every checkout page load reads the newest: on better-sqlite3 the statement is prepared once, cart and provider bound.
const openSessionQuery = (database: ReturnType<typeof db>, cartId: string | Placeholder, provider: ProviderId | Placeholder) =>
  database.select().from(checkoutSessions).where(openSessionOf(cartId, provider)).orderBy(desc(checkoutSessions.createdAt)).limit(1);
const openSessionOfCart = prepared((database) => openSessionQuery(database, sql.placeholder("cartId"), sql.placeholder("provider")).prepare());

/** The newest session of a cart with this provider that has not become an order yet. */
export async function findOpenSessionForCart(
  cartId: string,
  provider: ProviderId = DEFAULT_PROVIDER_ID,
): Promise<CheckoutSession | null> {
  return (await openSessionOfCart().get({ cartId, provider })) ?? null;
}

/** `findOpenSessionForCart` as a read that shares a round trip with others (db/batch.ts): its row, or none. */
export function openSessionRead(cartId: string, provider: ProviderId): Read<CheckoutSession> {
  return {
    query: () => openSessionQuery(db(), cartId, provider),
    prepared: () => openSessionOfCart().all({ cartId, provider }),
  };
}

/**
 * The id of the session `openSessionRead` finds, as a subquery, for a read in the same round trip that depends on it
 * (whether that checkout holds a use of the cart's code).
 */
export function openSessionIdOf(cartId: string, provider: ProviderId): SQL {
  return sql`(${db()
    .select({ id: checkoutSessions.id })
    .from(checkoutSessions)
    .where(openSessionOf(cartId, provider))
    .orderBy(desc(checkoutSessions.createdAt))
    .limit(1)})`;
}

export async function updateSessionOrder(id: string, order: SessionOrder, fingerprint: string): Promise<void> {
  await db()
    .update(checkoutSessions)
    .set({ order, fingerprint, updatedAt: new Date().toISOString() })
    .where(eq(checkoutSessions.id, id));
}

/**
 * Only one caller places the order for a session; a claim older than a minute is taken over. The authorization token
 * is saved only with the placed order (`recordPlacedOrder`), once Klarna has accepted it for this session.
 */
export async function claimPlacement(id: string, now = Date.now()): Promise<boolean> {
  const result = (await claimPlacementWrite(id, now)) as { id: string }[];
  return result.length > 0;
}

/**
 * `claimPlacement` as a statement of a write batch (`writeTogether`, db/batch.ts): it gives the session's id when the
 * claim is this caller's, no row otherwise.
 */
export function claimPlacementWrite(id: string, now = Date.now()) {
  return db()
    .update(checkoutSessions)
    .set({ placingAt: now })
    .where(
      and(
        eq(checkoutSessions.id, id),
        isNull(checkoutSessions.providerReference),
        or(isNull(checkoutSessions.placingAt), lt(checkoutSessions.placingAt, now - 60_000)),
      ),
    )
    .returning({ id: checkoutSessions.id });
}

export async function releasePlacement(id: string): Promise<void> {
  await db()
    .update(checkoutSessions)
    .set({ placingAt: null })
    .where(and(eq(checkoutSessions.id, id), isNull(checkoutSessions.providerReference)));
}

export async function recordPlacedOrder(
  id: string,
  placed: { providerReference: string; redirectUrl: string | null; authorizationToken: string },
): Promise<void> {
  await db().update(checkoutSessions).set(placed).where(eq(checkoutSessions.id, id));
}

/** `recordPlacedOrder` as a statement of a write batch (`writeTogether`, db/batch.ts; finalize's creation batch). */
export function recordPlacedOrderWrite(
  id: string,
  placed: { providerReference: string; redirectUrl: string | null; authorizationToken: string },
): WriteStatement {
  return db().update(checkoutSessions).set(placed).where(eq(checkoutSessions.id, id));
}

/**
 * The merchant's order number, given when the store validated the session, kept for the order it becomes: a statement
 * of a write batch (`writeTogether`, db/batch.ts), the number given as an SQL expression (its allocation earlier in
 * the batch, db/units.ts `orderNumberAllocation`); it gives the number as written.
 */
export function setSessionOrderNumberWrite(id: string, orderNumber: SQL) {
  return db().update(checkoutSessions).set({ orderNumber }).where(eq(checkoutSessions.id, id)).returning({ orderNumber: checkoutSessions.orderNumber });
}
