import { defineConfig, devices } from "@playwright/test";

// The suite runs its own simulator and stores on ports of their own, with fresh databases, so a developer's
// `npm run dev` (ports 3000 and 4010) can keep running beside it. One store per payment provider (PAYMENT_PROVIDER
// chooses the checkout shoppers see), all on one database: one back office manages every provider's orders.
export const STORE_PORT = Number(process.env.E2E_STORE_PORT ?? 3100);
export const SIMULATOR_PORT = Number(process.env.E2E_SIMULATOR_PORT ?? 4110);
export const STORE_URL = `http://localhost:${STORE_PORT}`;
export const SIMULATOR_URL = `http://localhost:${SIMULATOR_PORT}`;
/** The stores' shared database, which some tests read and change directly (e2e/support/store-db.ts). */
export const STORE_DB = `data/e2e-store-${STORE_PORT}.db`;
/** The Klarna Payments store's cron secret (the reconcile route is off in the other stores). */
export const E2E_CRON_SECRET = "e2e-cron-secret-long-enough-1234";

const credentials = {
  KLARNA_USERNAME: "PK00000_storefront_test",
  KLARNA_PASSWORD: "simulator-test-password",
};

interface StoreSpec {
  /** Playwright project, and the specs it runs. */
  project: string;
  testMatch?: RegExp;
  portOffset: number;
  env: Record<string, string>;
}

/** The Klarna Payments store runs every spec that is not another provider's; each other store runs its own. */
const PROVIDER_SPECS = /(kustom|checkout-com|klarna-network)[^/]*\.spec\.ts$/;
export const STORES: StoreSpec[] = [
  {
    project: "klarna-payments",
    portOffset: 0,
    // e2e/subscriptions.spec.ts calls the cron route (its renewals) as Vercel Cron would.
    env: { PAYMENT_PROVIDER: "klarna-payments", KLARNA_EXPRESS_CHECKOUT: "true", CRON_SECRET: E2E_CRON_SECRET },
  },
  { project: "kustom", testMatch: /kustom[^/]*\.spec\.ts$/, portOffset: 10, env: { PAYMENT_PROVIDER: "kustom" } },
  {
    project: "checkout-com",
    testMatch: /checkout-com[^/]*\.spec\.ts$/,
    portOffset: 20,
    env: { PAYMENT_PROVIDER: "checkout-com", CHECKOUT_COM_API_URL: `${SIMULATOR_URL}/checkout-com` },
  },
  // Klarna payment requests, once per role (e2e/klarna-network.spec.ts reads the role from the project's name).
  ...(["merchant", "acquirer"] as const).map((role, index) => ({
    project: `klarna-network-${role}`,
    testMatch: /klarna-network[^/]*\.spec\.ts$/,
    portOffset: 30 + 10 * index,
    env: { PAYMENT_PROVIDER: "klarna-network", KLARNA_NETWORK_API_URL: `${SIMULATOR_URL}/klarna-network`, KLARNA_NETWORK_ROLE: role },
  })),
];

/** The base URL of a provider's store. */
export function storeUrlOf(project: string): string {
  const store = STORES.find((candidate) => candidate.project === project);
  if (!store) throw new Error(`No e2e store for ${project}`);
  return `http://localhost:${STORE_PORT + store.portOffset}`;
}

// E2E_SERVERS=simulator or =store starts only that side (handy while working on one); E2E_STORES=kustom,… limits
// which providers' stores start (the Klarna Payments store always starts: it migrates the shared database).
const only = process.env.E2E_SERVERS;
const wanted = process.env.E2E_STORES?.split(",").map((name) => name.trim());
const stores = STORES.filter((store) => store.portOffset === 0 || !wanted || wanted.includes(store.project));

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

function storeServer(store: StoreSpec) {
  const port = STORE_PORT + store.portOffset;
  const url = `http://localhost:${port}`;
  // `npm test` builds first; run `npm run build` yourself before `npx playwright test`.
  const command =
    store.portOffset === 0
      ? `rm -f ${STORE_DB}* && next start -p ${port}`
      : `node scripts/wait-for-url.mjs ${STORE_URL}/api/health next start -p ${port}`;
  return {
    command,
    url: `${url}/api/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: "pipe" as const,
    env: {
      ...credentials,
      DATABASE_URL: STORE_DB,
      STORE_URL: url,
      KLARNA_API_URL: SIMULATOR_URL,
      KLARNA_SDK_URL: `${SIMULATOR_URL}/kp/lib/v1/api.js`,
      KUSTOM_API_URL: `${SIMULATOR_URL}/kustom`,
      // Shopper emails go to the simulator's mail catcher (simulator/mail), at SIMULATOR_PORT + 15.
      SMTP_URL: `smtp://localhost:${SIMULATOR_PORT + 15}`,
      // On-site messaging: the simulator's web SDK stand-in and the demo client id it accepts (simulator/web-sdk).
      KLARNA_WEB_SDK_URL: `${SIMULATOR_URL}/web-sdk/v1/klarna.js`,
      KLARNA_CLIENT_ID: "d5a0c9e2-3b1f-4e7a-8c6d-2f9b4a1e7c30",
      CART_SECRET: "e2e-cart-secret-that-is-long-enough-1234",
      AUTH_SECRET: "e2e-auth-secret-that-is-long-enough-1234",
      AUTH_TRUST_HOST: "true",
      // The tests drive reconcile themselves (the scheduler has its own tests in tests/integration/self-healing.test.ts);
      // a scheduler settling orders behind their back would race them.
      RECONCILE_EVERY_MS: "0",
      // Subscription renewals fall due on the simulator's virtual clock, which the tests advance (lib/subscriptions/clock.ts).
      SUBSCRIPTION_CLOCK_URL: `${SIMULATOR_URL}/_sim/clock`,
      // The stores' JSON request lines would bury Playwright's report; warnings and errors still show.
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
      ...store.env,
    },
  };
}

/**
 * Where this run writes its traces, screenshots and JSON report. `scripts/e2e-shards.mjs` runs two Playwright processes
 * side by side, each with its own simulator, stores and database (E2E_STORE_PORT, E2E_SIMULATOR_PORT), and gives each
 * a folder of its own here so neither clears the other's.
 */
const RESULTS_DIR = process.env.E2E_RESULTS_DIR ?? "test-results";

export default defineConfig({
  testDir: "e2e",
  outputDir: RESULTS_DIR,
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: `${RESULTS_DIR}/results.json` }]],
  use: {
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
  projects: stores.map((store) => ({
    name: store.project,
    ...(store.testMatch ? { testMatch: store.testMatch } : { testIgnore: PROVIDER_SPECS }),
    use: { ...devices["Desktop Chrome"], baseURL: `http://localhost:${STORE_PORT + store.portOffset}` },
  })),
  webServer:
    only === "simulator" ? [simulatorServer] : only === "store" ? stores.map(storeServer) : [simulatorServer, ...stores.map(storeServer)],
});
