export { isLocalRun } from "@/db/local-run";

export class MissingAuthSecretError extends Error {
  constructor() {
    super(
      "AUTH_SECRET is not set. The back office signs merchant sessions with it: set AUTH_SECRET to a random string of " +
        "at least 32 characters (for example the output of `openssl rand -base64 32`). The store generates one by " +
        "itself only when it runs locally (STORE_URL on localhost, not on Vercel).",
    );
    this.name = "MissingAuthSecretError";
  }
}

/** Where the session secret comes from: the environment, generated and kept in the database (local runs), or nowhere. */
export function authSecretSource(configured: string | undefined, localRun: boolean): "configured" | "generated" | "missing" {
  if (configured) return "configured";
  return localRun ? "generated" : "missing";
}
