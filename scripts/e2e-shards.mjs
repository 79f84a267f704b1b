// The browser tests in two Playwright processes side by side, each with a simulator, stores and a database of its own:
// `node scripts/e2e-shards.mjs [playwright args…]` (npm test runs it). Same tests, same config, same retries as
// `npx playwright test`, in about half the wall time.
//
// Why whole environments and not `workers: 2`: every store of one run shares one database and one simulator whose clock
// is manual, and most specs move that clock, set faults, set stock, count mail or read the back office's lists; two of
// them side by side would see each other's doings. Two environments share nothing, so each keeps one worker and runs
// its specs one after another exactly as before.
//
// Shard "klarna-payments": the Klarna Payments store's project (every spec that is not another provider's), with only
// that store. Shard "providers": the Kustom, Checkout.com and payment-request projects with their stores (and the
// Klarna Payments store, which migrates the database and which kustom.spec.ts's shared back office uses). The two
// take about as long as each other (about 250 s of test time each in the last CI run). Ports: E2E_STORE_PORT and
// E2E_SIMULATOR_PORT (defaults 3100 and 4110) for the first, both + 50 for the second (stores use + 0…+ 40, the
// simulator's mail catcher + 15). Reports: test-results/e2e-<shard>/, and the two JSON reports merged into
// test-results/results.json, as one run would write it.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bin, printPrefixed, root } from "./lib.mjs";

const OTHER_PROVIDERS = ["kustom", "checkout-com", "klarna-network-merchant", "klarna-network-acquirer"];
const SHARDS = [
  { name: "klarna-payments", stores: ["klarna-payments"], projects: ["klarna-payments"], portShift: 0 },
  { name: "providers", stores: OTHER_PROVIDERS, projects: OTHER_PROVIDERS, portShift: 50 },
];

const results = path.join(root, "test-results");

function runShard(shard, extraArgs) {
  const storePort = Number(process.env.E2E_STORE_PORT ?? 3100) + shard.portShift;
  const simulatorPort = Number(process.env.E2E_SIMULATOR_PORT ?? 4110) + shard.portShift;
  const resultsDir = path.join(results, `e2e-${shard.name}`);
  const args = ["test", ...shard.projects.map((project) => `--project=${project}`), ...extraArgs];
  const child = spawn(bin("playwright"), args, {
    cwd: root,
    env: {
      ...process.env,
      // The web servers' commands (tsx, next) come from node_modules/.bin, as under `npm test`.
      PATH: `${path.join(root, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}`,
      E2E_STORE_PORT: String(storePort),
      E2E_SIMULATOR_PORT: String(simulatorPort),
      E2E_STORES: shard.stores.join(","),
      E2E_RESULTS_DIR: resultsDir,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Each line says which shard wrote it: the two list reporters interleave.
  printPrefixed(child, shard.name);
  return new Promise((resolve) => {
    child.on("exit", (code, signal) => resolve({ shard, status: code ?? (signal ? 1 : 0), report: path.join(resultsDir, "results.json") }));
  });
}

/** Both shards' JSON reports as one: suites side by side, counts summed, the wall time of the longer. */
function mergeReports(files) {
  const reports = files.filter((file) => fs.existsSync(file)).map((file) => JSON.parse(fs.readFileSync(file, "utf8")));
  if (reports.length === 0) return null;
  const starts = reports.map((report) => Date.parse(report.stats.startTime));
  const ends = reports.map((report, index) => starts[index] + report.stats.duration);
  const sum = (key) => reports.reduce((total, report) => total + (report.stats[key] ?? 0), 0);
  return {
    ...reports[0],
    suites: reports.flatMap((report) => report.suites),
    errors: reports.flatMap((report) => report.errors ?? []),
    stats: {
      startTime: new Date(Math.min(...starts)).toISOString(),
      duration: Math.max(...ends) - Math.min(...starts),
      expected: sum("expected"),
      skipped: sum("skipped"),
      unexpected: sum("unexpected"),
      flaky: sum("flaky"),
    },
  };
}

/** Runs both shards at once; resolves to Playwright's exit status (non-zero if either failed) and the merged report. */
export async function runShards(extraArgs = []) {
  fs.mkdirSync(results, { recursive: true });
  const merged = path.join(results, "results.json");
  fs.rmSync(merged, { force: true });
  const outcomes = await Promise.all(SHARDS.map((shard) => runShard(shard, extraArgs)));
  const report = mergeReports(outcomes.map((outcome) => outcome.report));
  if (report) fs.writeFileSync(merged, JSON.stringify(report, null, 2));
  for (const { shard, status } of outcomes) if (status !== 0) console.log(`Playwright shard ${shard.name} exited with ${status}.`);
  return { status: outcomes.some((outcome) => outcome.status !== 0) ? 1 : 0, report };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { status, report } = await runShards(process.argv.slice(2));
  if (report) {
    const { expected, flaky, unexpected, skipped, duration } = report.stats;
    console.log(`\nBrowser tests: ${expected + flaky} passed (${flaky} flaky), ${unexpected} failed, ${skipped} skipped in ${Math.round(duration / 1000)} s`);
  }
  process.exit(status);
}
