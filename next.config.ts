import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules at run time instead of bundling it.
  // checkout-sdk-node imports its package.json with an import attribute; Node loads it as it ships.
  serverExternalPackages: ["better-sqlite3", "checkout-sdk-node"],
  poweredByHeader: false,
};

export default nextConfig;
