// `npm test`: every test there is. A production build first (some integration tests run against `next start`),
// unit and integration tests (Vitest), then the browser tests (Playwright, which starts its own stores and
// simulator: two runs side by side, scripts/e2e-shards.mjs). Ends with one line: "N passed, N failed".
import fs from "node:fs";
import path from "node:path";
import { ensureDependencies, root, runBin } from "./lib.mjs";
import { runShards } from "./e2e-shards.mjs";

ensureDependencies();
const results = path.join(root, "test-results");
fs.mkdirSync(results, { recursive: true });
const vitestJson = path.join(results, "vitest.json");
const playwrightJson = path.join(results, "results.json");
for (const file of [vitestJson, playwrightJson]) fs.rmSync(file, { force: true });

const readJson = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : null);
let passed = 0;
let failed = 0;
const problems = [];

console.log("\n== Production build ==");
const build = runBin("next", ["build"]);

console.log("\n== Unit and integration tests (Vitest) ==");
const unit = runBin("vitest", ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);
const unitReport = readJson(vitestJson);
if (unitReport) {
  passed += unitReport.numPassedTests;
  failed += unitReport.numFailedTests;
}
if (unit.status !== 0 && (!unitReport || unitReport.numFailedTests === 0)) problems.push("Vitest did not complete");

if (build.status !== 0) {
  problems.push("next build failed, so the browser tests could not run");
} else {
  console.log("\n== Browser tests (Playwright, Chromium) ==");
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!fs.existsSync(chromium)) {
    console.log(`No Chromium at ${chromium}. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  // Two Playwright processes at once, each with its own simulator, stores and database (scripts/e2e-shards.mjs);
  // their JSON reports are merged into test-results/results.json.
  const e2e = await runShards();
  const report = readJson(playwrightJson);
  if (report) {
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
  }
  if (e2e.status !== 0 && (!report || report.stats.unexpected === 0)) problems.push("Playwright did not complete");
}

for (const problem of problems) console.log(`\n${problem}.`);
const exitCode = failed > 0 || problems.length > 0 ? 1 : 0;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(exitCode);
