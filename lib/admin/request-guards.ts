import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether `Authorization` carries `Bearer <secret>`. Compared as hashes in constant time, so the answer time says
 * nothing about how much of a guess was right.
 */
export function hasBearerSecret(authorization: string | null, secret: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(match[1]!), digest(secret));
}

/**
 * Refuses a state-changing request that a browser sent from another site: Sec-Fetch-Site says cross-site, or an
 * Origin names another host. Requests without either header (schedulers, curl) are not browsers' and pass.
 */
export function isCrossSiteRequest(headers: Headers, host: string | null): boolean {
  const site = headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") return true;
  const origin = headers.get("origin");
  if (!origin) return false;
  if (origin === "null") return true;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
