import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      // Tests run outside React's server environment; there `server-only` is the empty module it is on the server.
      "server-only": path.resolve(__dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["tests/**/*.test.ts", "simulator/tests/**/*.test.ts"],
    environment: "node",
    // Each test file runs in its own module graph, so each gets its own in-memory store database.
    env: { DATABASE_URL: ":memory:" },
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
