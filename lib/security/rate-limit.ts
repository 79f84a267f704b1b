import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { rateLimits } from "@/db/schema";

/**
 * Rate limits kept in the store's database, so they hold across every instance that shares it (one libSQL/Turso
 * database for a deployment). Each limited thing is one row (`rate_limits`), counted by one upsert statement, which
 * SQLite runs atomically: two instances counting the same key at once both count.
 *
 * A rule allows `limit` hits per `windowMs`. The hit that reaches the limit blocks the key for `blockMs`; each
 * further hit while the window lasts doubles the block (a growing delay), up to `maxBlockMs`. A window ends once it
 * is `windowMs` old and the key is not blocked; the next hit starts a new one.
 */
export interface RateRule {
  /** Part of the key: which limit this is ("sign-in-account", "coupon-cart", …). */
  name: string;
  limit: number;
  windowMs: number;
  blockMs: number;
  maxBlockMs: number;
}

export interface RateState {
  /** Whole seconds until the key may try again; 0 when it may now. For `Retry-After`. */
  retryAfterSeconds: number;
}

/** The row key of `subject` under `rule`. Subjects (addresses, e-mails, cart ids) are hashed, never stored in clear. */
export function rateKey(rule: RateRule, subject: string): string {
  return `${rule.name}:${createHash("sha256").update(subject).digest("base64url").slice(0, 32)}`;
}

function retryAfter(blockedUntil: number, now: number): RateState {
  return { retryAfterSeconds: blockedUntil > now ? Math.ceil((blockedUntil - now) / 1000) : 0 };
}

/** Whether `subject` is blocked under `rule` right now, without counting anything. */
export async function rateStatus(rule: RateRule, subject: string, now = Date.now()): Promise<RateState> {
  const row = await db()
    .select({ blockedUntil: rateLimits.blockedUntil })
    .from(rateLimits)
    .where(eq(rateLimits.key, rateKey(rule, subject)))
    .get();
  return retryAfter(row?.blockedUntil ?? 0, now);
}

/**
 * Counts one hit of `subject` under `rule` and returns the state after it: blocked (`retryAfterSeconds` > 0) once
 * this hit reached the limit. One statement: the window's reset, the count and the block are decided together.
 */
export async function rateHit(rule: RateRule, subject: string, now = Date.now()): Promise<RateState & { hits: number }> {
  return (await countHit(rule, subject, now, false))!;
}

/**
 * The upsert behind `rateHit`. With `unlessBlocked`, a key blocked right now is left as it is (the upsert's
 * `DO UPDATE … WHERE`), and the answer is null: the check and the count in one statement, one round trip.
 */
async function countHit(rule: RateRule, subject: string, now: number, unlessBlocked: boolean): Promise<(RateState & { hits: number }) | null> {
  const row = await hitStatement(rule, subject, now, unlessBlocked).get();
  return row ? { hits: row.hits, ...retryAfter(row.blockedUntil, now) } : null;
}

/** The upsert of `countHit`, as a statement: returns the key's hits and block after it, or no row when refused. */
function hitStatement(rule: RateRule, subject: string, now: number, unlessBlocked: boolean) {
  const key = rateKey(rule, subject);
  const expired = sql`(${rateLimits.windowStartedAt} + ${rule.windowMs} <= ${now} and ${rateLimits.blockedUntil} <= ${now})`;
  const hits = sql`(case when ${expired} then 1 else ${rateLimits.hits} + 1 end)`;
  // blockMs · 2^(hits past the limit), at most maxBlockMs; the exponent is capped so the shift cannot overflow.
  const block = sql`min(${rule.maxBlockMs}, ${rule.blockMs} * (1 << min(20, ${hits} - ${rule.limit})))`;
  return db()
    .insert(rateLimits)
    .values({ key, hits: 1, windowStartedAt: now, blockedUntil: rule.limit <= 1 ? now + rule.blockMs : 0 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        hits,
        windowStartedAt: sql`(case when ${expired} then ${now} else ${rateLimits.windowStartedAt} end)`,
        blockedUntil: sql`(case when ${hits} >= ${rule.limit} then ${now} + ${block}
          when ${expired} then 0 else ${rateLimits.blockedUntil} end)`,
      },
      ...(unlessBlocked ? { setWhere: sql`${rateLimits.blockedUntil} <= ${now}` } : {}),
    })
    .returning({ hits: rateLimits.hits, blockedUntil: rateLimits.blockedUntil });
}

/**
 * `rateAttempt` as two statements of a write batch (`writeTogether`, db/batch.ts), for a caller that has more to do in the same
 * round trip (the checkout's reads, lib/checkout/open-checkout.ts): the counting upsert first, then the key's block.
 * `attemptOutcome` reads their results.
 */
export function attemptWrites(rule: RateRule, subject: string, now = Date.now()) {
  const upsert = () => hitStatement(rule, subject, now, true);
  const status = () => db().select({ blockedUntil: rateLimits.blockedUntil }).from(rateLimits).where(eq(rateLimits.key, rateKey(rule, subject)));
  return {
    writes: [upsert(), status()] as const,
    now,
  };
}

/** What `rateAttempt` answers, from the results of `attemptWrites`' two statements. */
export function attemptOutcome(counted: readonly unknown[], status: readonly { blockedUntil: number }[], now: number): RateState & { allowed: boolean } {
  if (counted.length > 0) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: false, retryAfterSeconds: Math.max(1, retryAfter(status[0]?.blockedUntil ?? 0, now).retryAfterSeconds) };
}

/**
 * Counts an attempt and says whether it may go ahead: refused while the key is blocked (an attempt refused that way
 * is not counted again, so waiting out the block is enough). For things limited per attempt (coupon entries,
 * provider sessions), where the attempt that reaches the limit still goes ahead.
 */
export async function rateAttempt(rule: RateRule, subject: string, now = Date.now()): Promise<RateState & { allowed: boolean }> {
  // One statement decides: counted unless the key is blocked now (every checkout page load runs this).
  if (await countHit(rule, subject, now, true)) return { allowed: true, retryAfterSeconds: 0 };
  // Refused: only then is the block's end read, to say how long to wait.
  const blocked = await rateStatus(rule, subject, now);
  return { allowed: false, retryAfterSeconds: Math.max(1, blocked.retryAfterSeconds) };
}

/** Forgets `subject` under `rule` (a successful sign-in clears its account's failures). */
export async function rateReset(rule: RateRule, subject: string): Promise<void> {
  await db().delete(rateLimits).where(eq(rateLimits.key, rateKey(rule, subject)));
}

/** "2 minutes", "45 seconds": how long to wait, for people. */
export function waitInWords(seconds: number): string {
  if (seconds >= 90) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minutes`;
  }
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}
