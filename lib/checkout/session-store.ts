import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { db } from "@/db";
import { checkoutSessions } from "@/db/schema";
import type { PaymentMethodCategory } from "@/lib/klarna";
import type { ProviderId } from "@/lib/payments/provider";
import type { SessionOrder } from "./session-order";

export type CheckoutSession = Omit<typeof checkoutSessions.$inferSelect, "order" | "paymentMethodCategories"> & {
  order: SessionOrder;
  paymentMethodCategories: PaymentMethodCategory[];
};

const typed = (row: typeof checkoutSessions.$inferSelect): CheckoutSession => row as CheckoutSession;

export async function insertCheckoutSession(values: typeof checkoutSessions.$inferInsert): Promise<CheckoutSession> {
  const [row] = await db().insert(checkoutSessions).values(values).returning();
  return typed(row!);
}

export async function findCheckoutSession(id: string): Promise<CheckoutSession | null> {
  const [row] = await db().select().from(checkoutSessions).where(eq(checkoutSessions.id, id));
  return row ? typed(row) : null;
}

export async function findCheckoutSessionByCallbackToken(token: string): Promise<CheckoutSession | null> {
  const [row] = await db().select().from(checkoutSessions).where(eq(checkoutSessions.callbackToken, token));
  return row ? typed(row) : null;
}

/** The newest session of a cart with this provider that has not become an order yet. */
export async function findOpenSessionForCart(
  cartId: string,
  provider: ProviderId = "klarna-payments",
): Promise<CheckoutSession | null> {
  const [row] = await db()
    .select()
    .from(checkoutSessions)
    .where(
      and(
        eq(checkoutSessions.cartId, cartId),
        eq(checkoutSessions.provider, provider),
        isNull(checkoutSessions.klarnaOrderId),
      ),
    )
    .orderBy(desc(checkoutSessions.createdAt))
    .limit(1);
  return row ? typed(row) : null;
}

export async function updateSessionOrder(id: string, order: SessionOrder, fingerprint: string): Promise<void> {
  await db()
    .update(checkoutSessions)
    .set({ order, fingerprint, updatedAt: new Date().toISOString() })
    .where(eq(checkoutSessions.id, id));
}

/** Only one caller places the order for a session; a claim older than a minute is taken over. */
export async function claimPlacement(id: string, authorizationToken: string, now = Date.now()): Promise<boolean> {
  const result = await db()
    .update(checkoutSessions)
    .set({ placingAt: now, authorizationToken })
    .where(
      and(
        eq(checkoutSessions.id, id),
        isNull(checkoutSessions.klarnaOrderId),
        or(isNull(checkoutSessions.placingAt), lt(checkoutSessions.placingAt, now - 60_000)),
      ),
    );
  return result.changes > 0;
}

export async function releasePlacement(id: string): Promise<void> {
  await db()
    .update(checkoutSessions)
    .set({ placingAt: null })
    .where(and(eq(checkoutSessions.id, id), isNull(checkoutSessions.klarnaOrderId)));
}

export async function recordPlacedOrder(id: string, klarnaOrderId: string, redirectUrl: string | null): Promise<void> {
  await db().update(checkoutSessions).set({ klarnaOrderId, redirectUrl }).where(eq(checkoutSessions.id, id));
}
