// `npm start` (production build) and `npm run dev` (hot reload): the store and, unless the store is pointed at a
// real Klarna environment, the Klarna simulator beside it. The store migrates and seeds its database on start.
import fs from "node:fs";
import path from "node:path";
import { bin, ensureDependencies, loadEnvFiles, root, run, simulatorDefaults, startService } from "./lib.mjs";
import { STORE_NODE_FLAGS } from "./store-runtime.mjs";

const mode = process.argv[2] === "dev" ? "dev" : "start";
ensureDependencies();
// .env, .env.local and the rest, as Next.js reads them, before anything below is derived: the values set there (or
// in the shell) win, and only what neither sets gets a default here.
await loadEnvFiles(mode === "dev");

const storePort = process.env.PORT ?? "3000";
const simulatorPort = process.env.SIMULATOR_PORT ?? "4010";
const simulatorUrl = `http://localhost:${simulatorPort}`;
const apiUrl = process.env.KLARNA_API_URL ?? simulatorUrl;
const useSimulator = /^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/?$/.test(apiUrl);

const shared = {
  // Every provider's URL on the simulator at SIMULATOR_PORT, unless set.
  ...(useSimulator ? simulatorDefaults(simulatorUrl) : { KLARNA_API_URL: apiUrl }),
  STORE_URL: process.env.STORE_URL ?? `http://localhost:${storePort}`,
  // Auth.js under `next start` must trust the host it is served on.
  AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? "true",
};
// On-site messaging needs a client id; with the simulator, use the demo one it accepts (simulator/web-sdk).
// The demo shows Klarna's Express checkout button (issue 25); KLARNA_EXPRESS_CHECKOUT=false turns it off.
shared.KLARNA_EXPRESS_CHECKOUT = process.env.KLARNA_EXPRESS_CHECKOUT ?? "true";
// An empty KLARNA_CLIENT_ID= turns messaging off.
if (useSimulator && process.env.KLARNA_CLIENT_ID === undefined) {
  shared.KLARNA_CLIENT_ID = "d5a0c9e2-3b1f-4e7a-8c6d-2f9b4a1e7c30";
}

if (mode === "start") {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId) || process.env.REBUILD === "1") {
    console.log("Building the store (next build)…");
    run(bin("next"), ["build"]);
  }
}

const services = [];
if (useSimulator) {
  services.push(
    startService("simulator", bin("tsx"), ["simulator/main.ts"], {
      SIMULATOR_PORT: simulatorPort,
      SIMULATOR_CLOCK: process.env.SIMULATOR_CLOCK ?? "realtime",
      SIMULATOR_MERCHANT_NAME: process.env.SIMULATOR_MERCHANT_NAME ?? "Trailhead Supply Co.",
    }),
  );
} else {
  console.log(`KLARNA_API_URL is ${apiUrl}: not starting the simulator.`);
}
// The production server runs with the store's V8 settings (scripts/store-runtime.mjs); NODE_OPTIONS, given after
// them, can override them.
const storeEnv = mode === "start" ? { ...shared, NODE_OPTIONS: [...STORE_NODE_FLAGS, process.env.NODE_OPTIONS].filter(Boolean).join(" ") } : shared;
services.push(startService("store", bin("next"), [mode, "-p", storePort], storeEnv));

console.log(
  `\n  Store:     http://localhost:${storePort}` +
    (useSimulator ? `\n  Simulator: http://localhost:${simulatorPort} (dashboard)` : "") +
    "\n  Press Ctrl+C to stop.\n",
);

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of services) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 500).unref();
}
for (const child of services) child.on("exit", (code) => stop(code ?? 1));
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
