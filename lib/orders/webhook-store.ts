import { and, asc, eq, isNull } from "drizzle-orm";
import { db } from "@/db";
import { webhookEvents } from "@/db/schema";
import type { WebhookEvent } from "@/db/units";
import type { ProviderId } from "@/lib/payments/provider";

// Recording an event once is an atomic unit (db/units.ts).
export { recordWebhookOnce, type NewWebhookEvent, type WebhookEvent } from "@/db/units";

/**
 * A subject's recorded events not yet applied, oldest first (the provider's clock, then arrival): an event that
 * arrived before the store had the order is applied once the order exists.
 */
export async function pendingWebhooksFor(provider: ProviderId, subjectReference: string): Promise<WebhookEvent[]> {
  return db()
    .select()
    .from(webhookEvents)
    .where(
      and(
        eq(webhookEvents.provider, provider),
        eq(webhookEvents.subjectReference, subjectReference),
        isNull(webhookEvents.appliedAt),
      ),
    )
    .orderBy(asc(webhookEvents.occurredAt), asc(webhookEvents.id));
}

/** Marks an event applied; only the first caller does (a conditional update), so returns whether this one did. */
export async function markWebhookApplied(id: number, now = new Date()): Promise<boolean> {
  const applied = await db()
    .update(webhookEvents)
    .set({ appliedAt: now.toISOString() })
    .where(and(eq(webhookEvents.id, id), isNull(webhookEvents.appliedAt)))
    .returning({ id: webhookEvents.id });
  return applied.length > 0;
}
