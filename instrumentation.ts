/**
 * Runs once when the server starts, before the first request: the database is opened and made ready (migrated and
 * seeded on a local run, checked when deployed), so a misconfigured deployment fails here and says why.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { prepareDatabase } = await import("./db");
    await prepareDatabase();
  }
}
