/**
 * Whether the store runs on a developer's machine, where the back office may generate its own session secret and
 * seed a demo account. It does not when it runs on Vercel (VERCEL is set there) or announces a public STORE_URL:
 * a deployment must configure AUTH_SECRET and create its own merchant accounts. The data layer owns the answer (it
 * seeds local databases); the back office asks it (lib/admin/deployment.ts re-exports it).
 */
export function isLocalRun(storeUrl: string, vercel: string | undefined = process.env.VERCEL): boolean {
  if (vercel) return false;
  const host = new URL(storeUrl).hostname;
  return host === "localhost" || host.endsWith(".localhost") || host === "127.0.0.1" || host === "[::1]";
}
