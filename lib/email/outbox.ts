import "server-only";
import { and, asc, desc, eq, isNull, lte, or, type SQL } from "drizzle-orm";
import { db } from "@/db";
import { rowsWhere } from "@/db/batch";
import { emailOutbox, orders } from "@/db/schema";
import { env } from "@/lib/env";
import { log } from "@/lib/observability/logger";
import type { ProviderId } from "@/lib/payments/provider";
import { emailsFor, type EmailEvent, type EmailKind } from "./events";
import { ORDER_LINK_TTL_WORDS } from "./order-link";
import { renderEmail } from "./render";
import { sendWithSmtp, type SendEmail } from "./transport";

/** Attempts before a row is marked failed (a merchant can still resend it): about a day of backoff. */
export const MAX_ATTEMPTS = 12;
/** A drain that died holding a row loses it after this long, and the next drain takes it. */
const CLAIM_STALE_MS = 2 * 60_000;

/** 30 s, 1 min, 2 min … capped at 4 h: the wait after the `attempts`-th failure. */
export function backoffMs(attempts: number): number {
  return Math.min(4 * 60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

type OrderRow = typeof orders.$inferSelect;
export type OutboxRow = typeof emailOutbox.$inferSelect;

async function findEventOrder(reference: string, provider: ProviderId | null | undefined): Promise<OrderRow | null> {
  if (reference.startsWith("session:")) return null;
  const [row] = provider
    ? await db().select().from(orders).where(and(eq(orders.provider, provider), eq(orders.providerReference, reference)))
    : await db().select().from(orders).where(eq(orders.klarnaOrderId, reference));
  return row ?? null;
}

/**
 * Called once an order event is stored (lib/orders/order-store.ts): writes one outbox row per email the event calls
 * for, under a unique key, so the same event seen again (a repeated push, a webhook and reconcile) adds nothing.
 * Returns the rows it added. Sending is left to the drain, which this kicks without waiting for it.
 */
export async function recordEmailsFor(event: EmailEvent & { reference: string; provider?: ProviderId | null }): Promise<number> {
  const due = emailsFor(event);
  if (due.length === 0) return 0;
  const order = await findEventOrder(event.reference, event.provider);
  if (!order?.email) return 0;
  const now = Date.now();
  const added = await db()
    .insert(emailOutbox)
    .values(outboxRows(due, { id: order.id, email: order.email }, now, null))
    .onConflictDoNothing()
    .returning({ id: emailOutbox.id });
  if (added.length > 0) kickDrain();
  return added.length;
}

/** Queues the "find my order" link for an order; the caller has checked the email matches. */
export async function recordOrderLink(orderId: number, recipient: string, url: string, now = Date.now()): Promise<void> {
  await db()
    .insert(emailOutbox)
    .values({ dedupeKey: `${orderId}:lookup-${now}-${Math.random().toString(36).slice(2)}:order_link`, orderId, kind: "order_link", recipient, payload: { url }, nextAttemptAt: now });
  kickDrain();
}

/**
 * A merchant's resend. An email not yet sent (waiting for a retry, or given up on) is retried now, in its own row, so
 * the shopper still gets it once; a sent one is copied into a new row and sent again. Either way the next drain,
 * kicked here, sends it.
 */
export async function resendEmail(id: number, now = Date.now()): Promise<OutboxRow | null> {
  const [old] = await db().select().from(emailOutbox).where(eq(emailOutbox.id, id));
  if (!old) return null;
  if (old.status !== "sent") {
    const [again] = await db()
      .update(emailOutbox)
      .set({ status: "pending", nextAttemptAt: now, attempts: old.status === "failed" ? 0 : old.attempts })
      .where(and(eq(emailOutbox.id, id), or(eq(emailOutbox.status, "pending"), eq(emailOutbox.status, "failed"))))
      .returning();
    if (again) {
      kickDrain();
      return again;
    }
    // Sent meanwhile: fall through to a copy, as for any sent email.
  }
  const [row] = await db()
    .insert(emailOutbox)
    .values({
      dedupeKey: `resend:${old.id}:${now}:${Math.random().toString(36).slice(2)}`,
      orderId: old.orderId,
      kind: old.kind,
      recipient: old.recipient,
      payload: old.payload,
      nextAttemptAt: now,
      resendOf: old.id,
    })
    .returning();
  kickDrain();
  return row ?? null;
}

export async function emailsOfOrder(orderId: number): Promise<OutboxRow[]> {
  return db().select().from(emailOutbox).where(eq(emailOutbox.orderId, orderId)).orderBy(desc(emailOutbox.id));
}

function orderPageUrl(order: OrderRow): string {
  return new URL(`/orders/${order.accessToken}`, env().STORE_URL).toString();
}

async function sendRow(row: OutboxRow, send: SendEmail, known?: OrderRow): Promise<void> {
  const [order] = known && known.id === row.orderId ? [known] : row.orderId ? await db().select().from(orders).where(eq(orders.id, row.orderId)) : [];
  if (!order) throw new Error("The order is gone.");
  const link = row.kind === "order_link" && typeof row.payload.url === "string" ? row.payload.url : orderPageUrl(order);
  const rendered = renderEmail(row.kind as EmailKind, order, row.payload, {
    storeName: "Trailhead Supply Co.",
    orderUrl: link,
    linkValidFor: ORDER_LINK_TTL_WORDS,
  });
  const host = new URL(env().STORE_URL).hostname;
  await send({ ...rendered, to: row.recipient, messageId: `<outbox-${row.id}@${host}>` });
}

export interface DrainResult {
  sent: number;
  failed: number;
  retrying: number;
}

/**
 * Sends what is due, oldest first: claims each row (so two drains, or two instances, never send it twice at once),
 * sends it outside any transaction, then marks it sent, or schedules the next attempt with backoff.
 */
export async function drainOutbox(options: { now?: number; limit?: number; send?: SendEmail } = {}): Promise<DrainResult> {
  const now = options.now ?? Date.now();
  const send = options.send ?? background.send;
  const result: DrainResult = { sent: 0, failed: 0, retrying: 0 };
  const due = await db()
    .select()
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.status, "pending"),
        lte(emailOutbox.nextAttemptAt, now),
        or(isNull(emailOutbox.claimedAt), lte(emailOutbox.claimedAt, now - CLAIM_STALE_MS)),
      ),
    )
    .orderBy(asc(emailOutbox.nextAttemptAt), asc(emailOutbox.id))
    .limit(options.limit ?? 50);
  for (const candidate of due) {
    const [row] = await db()
      .update(emailOutbox)
      .set({ claimedAt: now })
      .where(
        and(
          eq(emailOutbox.id, candidate.id),
          eq(emailOutbox.status, "pending"),
          or(isNull(emailOutbox.claimedAt), lte(emailOutbox.claimedAt, now - CLAIM_STALE_MS)),
        ),
      )
      .returning();
    if (!row) continue;
    result[await deliver(row, send, now)]++;
  }
  return result;
}

/**
 * Sends one claimed row and records the outcome in one write: sent, or the next attempt with backoff (given up on
 * after MAX_ATTEMPTS). `order` is the row's order when the caller has it in hand, so it is not read again.
 */
async function deliver(row: OutboxRow, send: SendEmail, now: number, order?: OrderRow): Promise<keyof DrainResult> {
  try {
    await sendRow(row, send, order);
    await db()
      .update(emailOutbox)
      .set({ status: "sent", attempts: row.attempts + 1, claimedAt: null, lastError: null, sentAt: new Date().toISOString(), messageId: `outbox-${row.id}` })
      .where(eq(emailOutbox.id, row.id));
    return "sent";
  } catch (error) {
    const attempts = row.attempts + 1;
    const gaveUp = attempts >= MAX_ATTEMPTS;
    const message = error instanceof Error ? error.message : String(error);
    await db()
      .update(emailOutbox)
      .set({ status: gaveUp ? "failed" : "pending", attempts, claimedAt: null, lastError: message.slice(0, 500), nextAttemptAt: now + backoffMs(attempts) })
      .where(eq(emailOutbox.id, row.id));
    log().warn({ route: "email-outbox", outcome: gaveUp ? "failed" : "retry", kind: row.kind, outboxId: row.id, attempts, error: message }, "email not sent");
    return gaveUp ? "failed" : "retrying";
  }
}

/**
 * The outbox rows an order event calls for, as one statement for a write batch (db/batch.ts `writeTogether`) that
 * also writes the event and the order's change, with the order in hand: the same rows, under the same unique keys,
 * as `recordEmailsFor` writes, so the same event seen again adds nothing. With `onlyIf` (a condition on the database,
 * say the order has the status the batch's guarded update set) the rows are written only while it holds, so an email
 * is queued only when the change it tells of happened. When writes kick a background send (the default), the rows
 * are written already claimed by this process (`claimed_at`, as a drain's claim), and `handOffEmails` sends them with
 * no read and no claim of their own; a process that dies first leaves them to the next drain once the claim is stale.
 * Null when the event calls for no email or the order has no address.
 */
export function outboxInsertFor(event: EmailEvent, order: OrderRow, { now = Date.now(), onlyIf }: { now?: number; onlyIf?: SQL } = {}) {
  const due = emailsFor(event);
  if (due.length === 0 || !order.email) return null;
  const claimedAt = background.onWrite ? now : null;
  const rows = outboxRows(due, { id: order.id, email: order.email }, now, claimedAt);
  const insert = db().insert(emailOutbox);
  return (onlyIf ? insert.select(rowsWhere(emailOutbox, rows, onlyIf)) : insert.values(rows)).onConflictDoNothing().returning();
}

/**
 * Sends, in the background, the rows `outboxInsertFor`'s statement added (what it returned) for `order`: each is
 * sent and recorded in one write. The caller (a callback answering Klarna) never waits for SMTP.
 */
export function handOffEmails(rows: readonly OutboxRow[], order: OrderRow): void {
  const claimed = rows.filter((row) => row.claimedAt !== null);
  if (claimed.length === 0) return;
  handed.push(...claimed.map((row) => ({ row, order })));
  startWorker();
}

/** Sends a row handed off with its claim; one whose claim has aged (a long queue) is claimed afresh first. */
async function deliverHandedOff({ row, order }: { row: OutboxRow; order: OrderRow }): Promise<void> {
  const now = Date.now();
  let current = row;
  if (row.claimedAt === null || now - row.claimedAt > CLAIM_STALE_MS / 2) {
    const [again] = await db()
      .update(emailOutbox)
      .set({ claimedAt: now })
      .where(and(eq(emailOutbox.id, row.id), eq(emailOutbox.status, "pending"), row.claimedAt === null ? isNull(emailOutbox.claimedAt) : eq(emailOutbox.claimedAt, row.claimedAt)))
      .returning();
    // Taken over by a drain that found the claim stale: it sends the row.
    if (!again) return;
    current = again;
  }
  await deliver(current, background.send, now, order);
}

const handed: { row: OutboxRow; order: OrderRow }[] = [];
let draining: Promise<unknown> | null = null;
let again = false;
const background: { send: SendEmail; onWrite: boolean } = { send: sendWithSmtp, onWrite: process.env.EMAIL_DRAIN_ON_WRITE !== "0" };

/** How the background drain sends, and whether a write kicks one (tests swap in a fake mail server). */
export function configureBackgroundDrain(options: { send?: SendEmail; onWrite?: boolean }): void {
  if (options.send) background.send = options.send;
  if (options.onWrite !== undefined) background.onWrite = options.onWrite;
}

/**
 * Runs a drain soon, in the background: the caller (a callback answering Klarna) never waits for SMTP. One drain at
 * a time per process; a kick during one runs another after it, so a row written meanwhile is not left for the
 * scheduler.
 */
export function kickDrain(): void {
  if (!background.onWrite) return;
  again = true;
  startWorker();
}

/**
 * The one background worker per process: it sends the rows handed off with their claims, then, when a write kicked
 * it, drains what is due. A kick or a hand-off while it runs is taken up before it ends, so a row written meanwhile is
 * not left for the scheduler.
 */
function startWorker(): void {
  if (draining) return;
  draining = new Promise((resolve) => setImmediate(resolve))
    .then(async () => {
      while (handed.length > 0 || again) {
        if (handed.length > 0) {
          for (const item of handed.splice(0)) {
            // One row's failure to record is logged; its claim goes stale and the next drain sends it.
            await deliverHandedOff(item).catch((error: unknown) =>
              log().error({ route: "email-outbox", outcome: "failed", err: error, outboxId: item.row.id }, "email not sent"),
            );
          }
          continue;
        }
        again = false;
        await drainOutbox({ send: background.send });
      }
    })
    .catch((error: unknown) => log().error({ route: "email-outbox", outcome: "failed", err: error }, "email drain failed"))
    .finally(() => {
      draining = null;
      if (handed.length > 0 || again) startWorker();
    });
}

/** Resolves when the background drain (if any) ends; for tests. */
export async function drainSettled(): Promise<void> {
  while (draining) await draining;
}

/** One outbox row per email due, under its unique key (order, event, kind), so the same event seen again adds none. */
function outboxRows(due: ReturnType<typeof emailsFor>, order: { id: number; email: string }, now: number, claimedAt: number | null) {
  return due.map((email) => ({
    dedupeKey: `${order.id}:${email.eventKey}:${email.kind}`,
    orderId: order.id,
    kind: email.kind,
    recipient: order.email,
    payload: email.payload,
    nextAttemptAt: now,
    claimedAt,
  }));
}
