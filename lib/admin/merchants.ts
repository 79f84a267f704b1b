import { compare, hash } from "bcryptjs";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { merchantUsers } from "@/db/schema";
import { PASSWORD_HASH_COST } from "./password-cost";

export type Merchant = Pick<typeof merchantUsers.$inferSelect, "id" | "email" | "name">;


/** Compared against when the e-mail is unknown, so a wrong e-mail takes as long as a wrong password. */
const UNKNOWN_USER_HASH = "$2b$12$qeBGB88NIPvkXggrwUGOhuhUYWDgwGTbmiJ7keEzhViJwi2zuxUP.";

export function normalizeMerchantEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_COST);
}

export async function findMerchantByEmail(email: string): Promise<Merchant | null> {
  const [row] = await db()
    .select({ id: merchantUsers.id, email: merchantUsers.email, name: merchantUsers.name })
    .from(merchantUsers)
    .where(eq(merchantUsers.email, normalizeMerchantEmail(email)));
  return row ?? null;
}

/** The merchant whose e-mail and password these are, or null. Takes the same time whichever of the two is wrong. */
export async function verifyMerchantCredentials(email: string, password: string): Promise<Merchant | null> {
  const [row] = await db().select().from(merchantUsers).where(eq(merchantUsers.email, normalizeMerchantEmail(email)));
  const matches = await compare(password, row?.passwordHash ?? UNKNOWN_USER_HASH);
  return row && matches ? { id: row.id, email: row.email, name: row.name } : null;
}

/** Adds a merchant account; false if the e-mail already has one. */
export async function createMerchant(input: { email: string; name: string; password: string }): Promise<boolean> {
  const result = await db()
    .insert(merchantUsers)
    .values({
      email: normalizeMerchantEmail(input.email),
      name: input.name,
      passwordHash: await hashPassword(input.password),
    })
    .onConflictDoNothing()
    .returning({ id: merchantUsers.id });
  return result.length > 0;
}
