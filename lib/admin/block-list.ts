import { and, desc, eq, sql, type Placeholder } from "drizzle-orm";
import { db, prepared } from "@/db";
import type { Read } from "@/db/batch";
import { blockedShoppers } from "@/db/schema";
import type { BlockEntryInput } from "./block-list-input";
import type { ActionResult } from "./order-management";

export type BlockedShopper = typeof blockedShoppers.$inferSelect;

export const BLOCK_KIND_LABELS: Record<BlockedShopper["kind"], string> = { email: "E-mail", phone: "Phone", address: "Address" };

/** The whole block list, newest first. */
export async function listBlockedShoppers(): Promise<BlockedShopper[]> {
  return db().select().from(blockedShoppers).orderBy(desc(blockedShoppers.createdAt), desc(blockedShoppers.id));
}

/**
 * The block-list entries among `candidates` (kind and normalised value). The pairs are bound as one JSON array and
 * looked up on the unique (kind, value) index, so a validation costs the same however long the list grows.
 */
const blockedAmongQuery = (database: ReturnType<typeof db>, pairs: string | Placeholder) =>
  database
    .select({ kind: blockedShoppers.kind, value: blockedShoppers.value })
    .from(blockedShoppers)
    .where(
      sql`(${blockedShoppers.kind}, ${blockedShoppers.value}) in (select json_extract(value, '$[0]'), json_extract(value, '$[1]') from json_each(${pairs}))`,
    );
const blockedAmong = prepared((database) => blockedAmongQuery(database, sql.placeholder("pairs")).prepare());

type Candidate = Pick<BlockedShopper, "kind" | "value">;
const pairsOf = (candidates: readonly Candidate[]) => JSON.stringify(candidates.map(({ kind, value }) => [kind, value]));

export async function findBlocked(candidates: readonly Candidate[]): Promise<Candidate[]> {
  if (candidates.length === 0) return [];
  return blockedAmong().all({ pairs: pairsOf(candidates) });
}

/** `findBlocked` as a read that can share a round trip with others (db/batch.ts). */
export function blockedRead(candidates: readonly Candidate[]): Read<Candidate> {
  return {
    query: () => blockedAmongQuery(db(), pairsOf(candidates)),
    prepared: () => (candidates.length === 0 ? [] : blockedAmong().all({ pairs: pairsOf(candidates) })),
  };
}

/** How SQLite runs the lookup above (EXPLAIN QUERY PLAN), for the test that it stays on the index. */
export async function explainBlockedLookup(): Promise<string[]> {
  const { sql: text } = blockedAmong().getQuery();
  const rows = await db().all<{ detail: string }>(sql.raw(`explain query plan ${text.replace("?", "'[]'")}`));
  return rows.map((row) => row.detail);
}

/** Adds an entry; the unique (kind, value) index turns a second entry for the same shopper into a plain refusal. */
export async function blockShopper(entry: BlockEntryInput): Promise<ActionResult> {
  const inserted = await db().insert(blockedShoppers).values(entry).onConflictDoNothing().returning({ id: blockedShoppers.id });
  const label = `${BLOCK_KIND_LABELS[entry.kind].toLowerCase()} ${entry.value}`;
  if (inserted.length === 0) {
    const [existing] = await db()
      .select({ reason: blockedShoppers.reason })
      .from(blockedShoppers)
      .where(and(eq(blockedShoppers.kind, entry.kind), eq(blockedShoppers.value, entry.value)));
    const why = existing ? ` (“${existing.reason}”)` : "";
    return { ok: false, status: 409, message: `The ${label} is already on the block list${why}. Nothing was added.` };
  }
  return { ok: true, message: `Blocked the ${label}. Klarna's validation refuses orders from it from now on.` };
}

/** Takes an entry off the list; orders from that shopper are accepted again. */
export async function unblockShopper(id: number): Promise<ActionResult> {
  const [removed] = await db()
    .delete(blockedShoppers)
    .where(eq(blockedShoppers.id, id))
    .returning({ kind: blockedShoppers.kind, value: blockedShoppers.value });
  if (!removed) return { ok: false, status: 404, message: "That entry is no longer on the block list. Reload the page to see the list." };
  return { ok: true, message: `Removed the ${BLOCK_KIND_LABELS[removed.kind].toLowerCase()} ${removed.value} from the block list.` };
}
