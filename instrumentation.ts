/**
 * Runs once when the server starts, before the first request: a deployment without its secrets refuses to start
 * and says which, and the database is opened and made ready (migrated and seeded on a local run, checked when
 * deployed), so a deployment that skipped `npm run db:migrate` fails here too, and says so.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { assertDeploymentSecrets } = await import("./lib/secrets");
    assertDeploymentSecrets();
    const { prepareDatabase } = await import("./db");
    await prepareDatabase();
  }
}
