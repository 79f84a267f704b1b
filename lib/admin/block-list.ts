import { and, desc, eq } from "drizzle-orm";
import { db, inJsonArray, prepared } from "@/db";
import { blockedShoppers } from "@/db/schema";
import type { BlockEntryInput } from "./block-list-input";
import type { ActionResult } from "./order-management";

export type BlockedShopper = typeof blockedShoppers.$inferSelect;

export const BLOCK_KIND_LABELS: Record<BlockedShopper["kind"], string> = { email: "E-mail", phone: "Phone", address: "Address" };

/** The whole block list, newest first. */
export async function listBlockedShoppers(): Promise<BlockedShopper[]> {
  return db().select().from(blockedShoppers).orderBy(desc(blockedShoppers.createdAt), desc(blockedShoppers.id));
}

/** The block-list entries whose normalised value is one of `values` (the caller matches the kind). */
const blockedAmong = prepared((database) =>
  database
    .select({ kind: blockedShoppers.kind, value: blockedShoppers.value })
    .from(blockedShoppers)
    .where(inJsonArray(blockedShoppers.value, "values"))
    .prepare(),
);

export async function findBlockedValues(values: readonly string[]): Promise<Pick<BlockedShopper, "kind" | "value">[]> {
  if (values.length === 0) return [];
  return blockedAmong().all({ values: JSON.stringify(values) });
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
