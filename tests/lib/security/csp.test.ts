import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, cspHeaderName, isHttps, providerSources } from "@/lib/security/csp";

const directive = (policy: string, name: string) =>
  policy
    .split("; ")
    .find((part) => part.startsWith(`${name} `))
    ?.split(" ")
    .slice(1) ?? [];

describe("the Content-Security-Policy", () => {
  it("allows the store's scripts by nonce and the simulator's origin when the providers point at it", () => {
    const policy = contentSecurityPolicy("abc123", {
      NODE_ENV: "production",
      PAYMENT_PROVIDER: "klarna-payments",
      KLARNA_SDK_URL: "http://localhost:4610/kp/lib/v1/api.js",
      KLARNA_CLIENT_ID: "id",
      KLARNA_WEB_SDK_URL: "http://localhost:4610/web-sdk/v1/klarna.js",
    });
    expect(directive(policy, "script-src")).toEqual(["'self'", "'nonce-abc123'", "http://localhost:4610"]);
    expect(directive(policy, "frame-src")).toEqual(["http://localhost:4610"]);
    expect(directive(policy, "frame-ancestors")).toEqual(["'none'"]);
    expect(directive(policy, "object-src")).toEqual(["'none'"]);
    expect(policy).not.toContain("unsafe-eval");
    expect(directive(policy, "script-src")).not.toContain("'unsafe-inline'");
  });

  it("allows Klarna's documented hosts when the SDK is Klarna's own, and nothing of Kustom's", () => {
    const policy = contentSecurityPolicy("n", { PAYMENT_PROVIDER: "klarna-payments", KLARNA_SDK_URL: "https://x.klarnacdn.net/kp/lib/v1/api.js" });
    expect(directive(policy, "script-src")).toEqual(expect.arrayContaining(["https://x.klarnacdn.net", "https://js.klarna.com"]));
    expect(directive(policy, "connect-src")).toEqual(expect.arrayContaining(["https://*.klarna.com", "https://*.klarnaevt.com"]));
    expect(policy).not.toContain("kustom");
  });

  it("follows the configured provider: Kustom's API origin for its snippet's frame, none when nothing is framed", () => {
    const kustom = providerSources({ PAYMENT_PROVIDER: "kustom", KUSTOM_API_URL: "http://localhost:4610/kustom" });
    expect(kustom.frame).toEqual(["http://localhost:4610"]);
    const production = providerSources({ PAYMENT_PROVIDER: "kustom", KUSTOM_API_URL: "https://api.kustom.co" });
    expect(production.frame).toContain("https://*.kustom.co");
    const network = contentSecurityPolicy("n", { PAYMENT_PROVIDER: "klarna-network", KLARNA_NETWORK_API_URL: "https://api.klarna.com" });
    expect(directive(network, "script-src")).toEqual(expect.arrayContaining(["https://js.klarna.com"]));
  });

  it("allows React's eval only in development, and can be switched to report-only", () => {
    expect(directive(contentSecurityPolicy("n", { NODE_ENV: "development" }), "script-src")).toContain("'unsafe-eval'");
    expect(cspHeaderName({ CSP_REPORT_ONLY: "1" })).toBe("Content-Security-Policy-Report-Only");
    expect(cspHeaderName({})).toBe("Content-Security-Policy");
  });

  it("sends HSTS only over HTTPS, as the proxy in front says", () => {
    expect(isHttps("http://localhost:3600/", "https")).toBe(true);
    expect(isHttps("http://localhost:3600/", null)).toBe(false);
    expect(isHttps("https://shop.example/", null)).toBe(true);
  });
});
