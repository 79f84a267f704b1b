import type { NextConfig } from "next";
import { API_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from "./lib/security/csp";

const securityHeaders = Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules at run time instead of bundling it.
  // checkout-sdk-node imports its package.json with an import attribute; Node loads it as it ships.
  // pino resolves its transports and worker threads from node_modules at run time; bundled, it cannot find them.
  serverExternalPackages: ["better-sqlite3", "checkout-sdk-node", "pino"],
  poweredByHeader: false,
  experimental: {
    // The stylesheet goes inline in each page's <head> instead of being a render-blocking request: on a phone's
    // connection that request held the first paint back (Lighthouse, bench/lighthouse.ts). The pages' CSP allows
    // inline styles (lib/security/csp.ts).
    inlineCss: true,
    // STORE_READABLE_BUILD=1 (benches only): the server bundle keeps its function names, so that a CPU profile
    // (STORE_CPU_PROFILE_DIR, bench/README.md) names them. Production builds leave it unset.
    serverMinification: process.env.STORE_READABLE_BUILD !== "1",
  },
  /**
   * Security headers on every answer. Pages get their Content-Security-Policy (with a nonce), the same headers and
   * HSTS (over HTTPS) from proxy.ts; API routes, Next.js's static files and the public folder get them here. Each
   * rule is matched on every request, so there are two: HSTS is the pages' business (a browser learns it there).
   */
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
    ];
  },
};

export default nextConfig;
