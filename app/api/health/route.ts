import { sql } from "drizzle-orm";
import { db } from "@/db";

export const dynamic = "force-dynamic";

/** Liveness and readiness: answers once the database is open, migrated and seeded. */
export async function GET() {
  await db().run(sql`select 1`);
  return Response.json({ ok: true });
}
