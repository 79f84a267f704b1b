import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { db, prepared } from "@/db";
import { cartItems, carts } from "@/db/schema";
import { MAX_QUANTITY } from "./rules";

export interface StoredCartItem {
  productId: number;
  quantity: number;
}

export async function createCart(): Promise<string> {
  const id = randomUUID();
  await db().insert(carts).values({ id });
  return id;
}

export async function cartExists(cartId: string): Promise<boolean> {
  const [row] = await db().select({ id: carts.id }).from(carts).where(eq(carts.id, cartId));
  return Boolean(row);
}

const cartAndCount = prepared((database) =>
  database
    .select({
      itemCount: sql<number>`coalesce((select sum(${cartItems.quantity}) from ${cartItems} where ${cartItems.cartId} = ${carts.id}), 0)`,
    })
    .from(carts)
    .where(eq(carts.id, sql.placeholder("cartId")))
    .prepare(),
);

/**
 * Whether the cart exists and, if so, how many items it holds (each line's quantity): the cart cookie's check and the
 * header's badge in one statement. Null when there is no such cart.
 */
export async function cartItemCountIfExists(cartId: string): Promise<number | null> {
  const row = await cartAndCount().get({ cartId });
  return row ? Number(row.itemCount) : null;
}

const itemsOfCart = prepared((database) =>
  database
    .select({ productId: cartItems.productId, quantity: cartItems.quantity })
    .from(cartItems)
    .where(eq(cartItems.cartId, sql.placeholder("cartId")))
    .orderBy(cartItems.addedAt, cartItems.productId)
    .prepare(),
);

export async function cartItemsOf(cartId: string): Promise<StoredCartItem[]> {
  return itemsOfCart().all({ cartId });
}

const countOfCart = prepared((database) =>
  database
    .select({ count: sql<number>`coalesce(sum(${cartItems.quantity}), 0)` })
    .from(cartItems)
    .where(eq(cartItems.cartId, sql.placeholder("cartId")))
    .prepare(),
);

/** How many items the cart holds, counting each line's quantity: what the header's cart badge shows. */
export async function cartItemCount(cartId: string): Promise<number> {
  return Number((await countOfCart().get({ cartId }))?.count ?? 0);
}

async function touch(cartId: string): Promise<void> {
  await db()
    .update(carts)
    .set({ updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))` })
    .where(eq(carts.id, cartId));
}

/**
 * Adds to a line in one statement; the conditional upsert refuses to go past `limit`, so two quick clicks
 * cannot together exceed it. Returns false when nothing changed.
 */
export async function addCartItem(cartId: string, productId: number, quantity: number, limit: number): Promise<boolean> {
  const cap = Math.min(limit, MAX_QUANTITY);
  const result = await db()
    .insert(cartItems)
    .values({ cartId, productId, quantity })
    .onConflictDoUpdate({
      target: [cartItems.cartId, cartItems.productId],
      set: { quantity: sql`${cartItems.quantity} + excluded.quantity` },
      setWhere: sql`${cartItems.quantity} + excluded.quantity <= ${cap}`,
    })
    .returning({ quantity: cartItems.quantity });
  await touch(cartId);
  return result.length > 0;
}

export async function setCartItemQuantity(cartId: string, productId: number, quantity: number): Promise<boolean> {
  const result = await db()
    .update(cartItems)
    .set({ quantity })
    .where(and(eq(cartItems.cartId, cartId), eq(cartItems.productId, productId)))
    .returning({ quantity: cartItems.quantity });
  await touch(cartId);
  return result.length > 0;
}

export async function removeCartItem(cartId: string, productId: number): Promise<void> {
  await db().delete(cartItems).where(and(eq(cartItems.cartId, cartId), eq(cartItems.productId, productId)));
  await touch(cartId);
}
