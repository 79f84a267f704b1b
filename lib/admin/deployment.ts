/**
 * Whether the store runs on a developer's machine, where the back office may generate its own session secret and
 * seed a demo account. It does not when it runs on Vercel (VERCEL is set there) or announces a public STORE_URL:
 * a deployment must configure AUTH_SECRET and create its own merchant accounts.
 */
export function isLocalRun(storeUrl: string, vercel: string | undefined = process.env.VERCEL): boolean {
  if (vercel) return false;
  const host = new URL(storeUrl).hostname;
  return host === "localhost" || host.endsWith(".localhost") || host === "127.0.0.1" || host === "[::1]";
}

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
