import { runAutocannon, type AutocannonResult } from "./autocannon";

/** Issue 14's goal for a callback measured against the bare route handler in the same run. */
const GOAL = { throughput: 0.6, p99: 3 };

/** The store's bare route handler (`GET /api/health`, one `select 1`), the yardstick for the callbacks. */
export function loadHealth(storeUrl: string, connections: number, duration: number): Promise<AutocannonResult> {
  return runAutocannon({ url: storeUrl, connections, duration, requests: [{ method: "GET", setupRequest: (r) => ({ ...r, path: "/api/health" }) }] });
}

/** Prints both figures side by side, their ratios and whether the goal is met; returns whether it is. */
export function printAgainstBaseline(name: string, baseline: AutocannonResult, callback: AutocannonResult): boolean {
  const throughput = callback.requests.average / baseline.requests.average;
  const p99 = callback.latency.p99 / Math.max(1, baseline.latency.p99);
  const met = throughput >= GOAL.throughput && p99 <= GOAL.p99;
  const row = (label: string, result: AutocannonResult) =>
    `${label.padEnd(28)} ${result.requests.average.toFixed(0).padStart(6)} req/s · p50 ${result.latency.p50} ms · p99 ${result.latency.p99} ms`;
  console.log(`\n${row("GET /api/health (bare)", baseline)}`);
  console.log(row(name, callback));
  console.log(
    `ratio                        throughput ${throughput.toFixed(2)} (goal ≥ ${GOAL.throughput}) · p99 ${p99.toFixed(2)}× (goal ≤ ${GOAL.p99}×): ${met ? "met" : "NOT met"}`,
  );
  return met;
}
