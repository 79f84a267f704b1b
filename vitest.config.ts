import { defineConfig } from "vitest/config";
import path from "node:path";

/**
 * Two projects, one run: every test on better-sqlite3 (the embedded default), and every test that touches the store's
 * database once more on libSQL, the driver deployments use with Turso (db/index.ts). Unit tests that never open the
 * database run once.
 */
const TOUCHES_DATABASE = [
  "tests/app/**/*.test.ts",
  "tests/components/**/*.test.ts",
  "tests/integration/**/*.test.ts",
  "tests/lib/{admin,cart,checkout,coupons,orders,security,validation}/**/*.test.ts",
  "tests/lib/email/{outbox,lookup,resend-action}.test.ts",
  "tests/lib/payments/checkout-com/{simulator-flow,webhooks}.test.ts",
  "tests/examples/kustom-callbacks.test.ts",
];
const NEVER_OPENS_DATABASE = [
  "tests/lib/admin/{anonymous-actions,guards,order-rules,reconcile-selection}.test.ts",
  "tests/lib/cart/cart-cookie.test.ts",
  "tests/lib/validation/denials.test.ts",
  "tests/lib/security/csp.test.ts",
  "tests/lib/security/request-error.test.ts",
  "tests/lib/security/logger.test.ts",
];

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      // Tests run outside React's server environment; there `server-only` is the empty module it is on the server.
      "server-only": path.resolve(__dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: "better-sqlite3",
          include: ["tests/**/*.test.ts", "simulator/tests/**/*.test.ts"],
          // Two instances sharing one database is what libSQL is for; better-sqlite3 serves one process.
          exclude: [
            "tests/integration/two-instances.test.ts",
            // Production stores of their own (next start), whichever driver: run once, on libSQL.
            "tests/integration/two-instances-*.test.ts",
            "tests/integration/otlp-export.test.ts",
          ],
          // Each test file runs in its own module graph, so each gets its own in-memory store database.
          env: { DATABASE_URL: ":memory:" },
        },
      },
      {
        extends: true,
        test: {
          name: "libsql",
          include: TOUCHES_DATABASE,
          exclude: NEVER_OPENS_DATABASE,
          // A libSQL `file:` database per test file (tests/support/libsql-database.ts).
          setupFiles: ["tests/support/libsql-database.ts"],
        },
      },
    ],
  },
});
