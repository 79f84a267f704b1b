import "server-only";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { appSecrets } from "@/db/schema";

const cache = new Map<string, string>();

/**
 * A secret from the environment if configured, otherwise one generated on first use and kept in the database,
 * so a local store needs no set-up and keeps its cookies valid across restarts. Insert-or-ignore makes
 * concurrent first requests agree on one value.
 */
export async function storeSecret(name: string, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const cached = cache.get(name);
  if (cached) return cached;
  await db().insert(appSecrets).values({ name, value: randomBytes(32).toString("base64url") }).onConflictDoNothing();
  const [row] = await db().select({ value: appSecrets.value }).from(appSecrets).where(eq(appSecrets.name, name));
  if (!row) throw new Error(`Secret ${name} could not be stored`);
  cache.set(name, row.value);
  return row.value;
}
