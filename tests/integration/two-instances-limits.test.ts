import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedUrl, hasProductionBuild, startStore, temporaryDirectory, type ServerProcess } from "./support/child-servers";

/**
 * The production store (`next start`), twice, on one libSQL database, as a deployment's instances share one: the
 * sign-in limits hold across both (lib/security/limits.ts: 5 failures per account, 20 per address, in 15 minutes),
 * and every page and API route carries the security headers. Needs `npx next build` first.
 */
const MERCHANT = { email: "merchant@trailhead.example", password: "trailhead-demo" };
const buildMissing = !hasProductionBuild();
const stores: ServerProcess[] = [];
let removeTemporary: () => void = () => undefined;

beforeAll(async () => {
  if (buildMissing) return;
  const temporary = temporaryDirectory("two-instances-limits-");
  removeTemporary = temporary.remove;
  const database = `file:${path.join(temporary.directory, "store.db")}`;
  const klarnaUrl = await closedUrl();
  // One after the other: the first migrates and seeds (a local run, with the demo merchant), the second finds it ready.
  for (let instance = 0; instance < 2; instance++) {
    stores.push(await startStore({ dbPath: database, klarnaUrl, env: { RECONCILE_EVERY_MS: "0" } }));
  }
}, 180_000);

afterAll(async () => {
  await Promise.all(stores.map((store) => store.stop()));
  removeTemporary();
});

/** One credentials sign-in through Auth.js's route, as a browser without JavaScript would post it. */
async function signIn(store: ServerProcess, email: string, password: string, address: string): Promise<Response> {
  const csrf = await fetch(`${store.url}/api/auth/csrf`, { headers: { "X-Forwarded-For": address } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
  return fetch(`${store.url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, "X-Forwarded-For": address },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${store.url}/admin` }),
  });
}

const failedSignIn = (response: Response) => response.status === 302 && /error=CredentialsSignin/.test(response.headers.get("location") ?? "");

describe.skipIf(buildMissing)("sign-in limits across two store instances", () => {
  it("answer 429 with Retry-After on the 6th attempt for one account after 5 failures, from any address, on either instance", { timeout: 120_000 }, async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await signIn(stores[attempt % 2]!, MERCHANT.email, `wrong-${attempt}`, `198.51.100.${attempt + 1}`);
      expect(failedSignIn(response), `attempt ${attempt + 1}: ${response.status} ${response.headers.get("location")}`).toBe(true);
    }
    for (const store of stores) {
      // Even the right password is refused now, before it is checked.
      const refused = await signIn(store, MERCHANT.email, MERCHANT.password, "198.51.100.99");
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(30);
      expect(await refused.json()).toEqual({ error: expect.stringMatching(/^Too many failed sign-ins\. Try again in \d+ seconds?\.$/) });
    }
  });

  it("answer 429 with Retry-After from one address after 20 failures, whichever accounts they tried", { timeout: 180_000 }, async () => {
    const address = "203.0.113.7";
    for (let attempt = 0; attempt < 20; attempt++) {
      const response = await signIn(stores[attempt % 2]!, `nobody-${attempt}@example.com`, "wrong", address);
      expect(failedSignIn(response), `attempt ${attempt + 1}: ${response.status}`).toBe(true);
    }
    const refused = await signIn(stores[1]!, "someone-else@example.com", "wrong", address);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another address is not held back by this one.
    expect(failedSignIn(await signIn(stores[0]!, "someone-else@example.com", "wrong", "203.0.113.8"))).toBe(true);
  });
});

describe.skipIf(buildMissing)("security headers", () => {
  const common = {
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "permissions-policy": expect.stringContaining("camera=()"),
  };

  it.each(["/", "/cart", "/products/hiking-wool-socks", "/terms", "/admin/sign-in", "/no-such-page"])(
    "on the page %s: a nonce-based CSP that allows nothing inline, frames nothing in, and a request id",
    async (page) => {
      const response = await fetch(`${stores[0]!.url}${page}`, { redirect: "manual" });
      const headers = Object.fromEntries(response.headers);
      expect(headers).toMatchObject(common);
      const policy = headers["content-security-policy"]!;
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
      expect(nonce).toBeTruthy();
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).not.toContain("'unsafe-inline' 'nonce");
      expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
      // Each of the page's scripts carries the nonce; a second request gets another.
      const html = await response.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
      const again = await fetch(`${stores[0]!.url}${page}`, { redirect: "manual" });
      expect(again.headers.get("content-security-policy")).not.toContain(nonce);
      expect(headers["strict-transport-security"]).toBeUndefined();
    },
  );

  it.each([
    ["GET", "/api/health"],
    ["POST", "/api/klarna/push"],
    ["POST", "/api/kustom/validation"],
    ["POST", "/api/checkout-com/webhooks"],
    ["GET", "/api/auth/csrf"],
  ])("on the API route %s %s: the same headers and a policy that loads nothing", async (method, route) => {
    const response = await fetch(`${stores[1]!.url}${route}`, { method });
    expect(Object.fromEntries(response.headers)).toMatchObject({
      ...common,
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    });
  });

  it("adds HSTS to pages when the proxy in front says the request came over HTTPS", async () => {
    for (const path of ["/", "/cart", "/admin/sign-in"]) {
      const response = await fetch(`${stores[0]!.url}${path}`, { headers: { "X-Forwarded-Proto": "https" }, redirect: "manual" });
      expect(response.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    }
  });

  it("refuses oversized callback and webhook bodies with 413 before reading them", async () => {
    const big = "x".repeat(2 * 1024 * 1024);
    for (const route of ["/api/checkout-com/webhooks", "/api/klarna/webhooks", "/api/kustom/validation?token=x", "/api/klarna/push"]) {
      const response = await fetch(`${stores[0]!.url}${route}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: big });
      expect(response.status, route).toBe(413);
    }
  });
});
