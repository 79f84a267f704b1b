import { defineConfig, devices } from "@playwright/test";

// The suite runs its own store and simulator on ports of their own, with fresh databases,
// so a developer's `npm run dev` (ports 3000 and 4010) can keep running beside it.
export const STORE_PORT = Number(process.env.E2E_STORE_PORT ?? 3100);
export const SIMULATOR_PORT = Number(process.env.E2E_SIMULATOR_PORT ?? 4110);
export const STORE_URL = `http://localhost:${STORE_PORT}`;
export const SIMULATOR_URL = `http://localhost:${SIMULATOR_PORT}`;

const credentials = {
  KLARNA_USERNAME: "PK00000_storefront_test",
  KLARNA_PASSWORD: "simulator-test-password",
};

// E2E_SERVERS=simulator or =store starts only that one (handy while working on one side).
const only = process.env.E2E_SERVERS;

const simulatorServer = {
  command: `rm -f data/e2e-simulator-${SIMULATOR_PORT}.db* && tsx simulator/main.ts`,
  url: `${SIMULATOR_URL}/_sim/health`,
  reuseExistingServer: !process.env.CI,
  timeout: 60_000,
  stdout: "pipe" as const,
  env: {
    ...credentials,
    SIMULATOR_PORT: String(SIMULATOR_PORT),
    SIMULATOR_DB: `data/e2e-simulator-${SIMULATOR_PORT}.db`,
    SIMULATOR_CLOCK: "manual",
    SIMULATOR_MERCHANT_NAME: "Trailhead Supply Co.",
  },
};

const storeServer = {
  // `npm test` builds first; run `npm run build` yourself before `npx playwright test`.
  command: `rm -f data/e2e-store-${STORE_PORT}.db* && next start -p ${STORE_PORT}`,
  url: `${STORE_URL}/api/health`,
  reuseExistingServer: !process.env.CI,
  timeout: 120_000,
  stdout: "pipe" as const,
  env: {
    ...credentials,
    DATABASE_URL: `data/e2e-store-${STORE_PORT}.db`,
    STORE_URL,
    KLARNA_API_URL: SIMULATOR_URL,
    KLARNA_SDK_URL: `${SIMULATOR_URL}/kp/lib/v1/api.js`,
    CART_SECRET: "e2e-cart-secret-that-is-long-enough-1234",
    AUTH_SECRET: "e2e-auth-secret-that-is-long-enough-1234",
    AUTH_TRUST_HOST: "true",
    // E2E_PAYMENT_PROVIDER=checkout-com runs the store with Klarna through Checkout.com (e2e/checkout-com.spec.ts).
    PAYMENT_PROVIDER: process.env.E2E_PAYMENT_PROVIDER ?? "klarna-payments",
    CHECKOUT_COM_API_URL: `${SIMULATOR_URL}/checkout-com`,
  },
};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/results.json" }]],
  use: {
    baseURL: STORE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: only === "simulator" ? [simulatorServer] : only === "store" ? [storeServer] : [simulatorServer, storeServer],
});
