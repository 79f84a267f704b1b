import { afterEach, describe, expect, it, vi } from "vitest";

const SECRET = "cron-secret-for-tests-0123";

async function route(cronSecret: string | undefined) {
  vi.resetModules();
  if (cronSecret === undefined) delete process.env.CRON_SECRET;
  else process.env.CRON_SECRET = cronSecret;
  return import("@/app/api/cron/reconcile/route");
}

const post = (headers: Record<string, string> = {}) =>
  new Request("http://localhost:3000/api/cron/reconcile", { method: "POST", headers: { host: "localhost:3000", ...headers } });

afterEach(() => {
  delete process.env.CRON_SECRET;
});

describe("POST /api/cron/reconcile", () => {
  it("is off (404) while CRON_SECRET is unset", async () => {
    const { POST } = await route(undefined);
    const response = await POST(post({ authorization: `Bearer ${SECRET}` }));
    expect(response.status).toBe(404);
  });

  it("answers 401 without the bearer secret, or with a wrong one", async () => {
    const { POST } = await route(SECRET);
    expect((await POST(post())).status).toBe(401);
    expect((await POST(post({ authorization: "Bearer wrong-secret-0123456789" }))).status).toBe(401);
  });

  it("refuses a browser request from another site even with the secret", async () => {
    const { POST } = await route(SECRET);
    const response = await POST(post({ authorization: `Bearer ${SECRET}`, origin: "https://evil.example", "sec-fetch-site": "cross-site" }));
    expect(response.status).toBe(403);
  });

  it("reconciles and answers a JSON summary with the secret, also to Vercel Cron's GET", async () => {
    const { GET, POST } = await route(SECRET);
    const response = await POST(post({ authorization: `Bearer ${SECRET}` }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      checked: 0,
      acknowledged: 0,
      cancelled: 0,
      refreshed: 0,
      failed: 0,
      releasedCouponClaims: 0,
      orders: [],
      // Subscription renewals that are due are charged on the same pass (lib/subscriptions/renewals.ts).
      subscriptions: { now: expect.any(String), placed: 0, refused: 0, paused: 0, failed: 0, skipped: 0 },
      // Shopper emails due for a retry are sent on the same pass (lib/email/outbox.ts).
      emails: { sent: 0, failed: 0, retrying: 0 },
    });
    const viaGet = await GET(new Request("http://localhost:3000/api/cron/reconcile", { headers: { authorization: `Bearer ${SECRET}` } }));
    expect(viaGet.status).toBe(200);
  });
});
