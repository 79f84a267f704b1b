import { readFileSync } from "node:fs";
import { STORE_NODE_FLAGS } from "../../scripts/store-runtime.mjs";
import { runAutocannon, type AutocannonResult } from "./autocannon";

/** A load's result with the CPU the store process spent on it, per request answered. */
export type MeasuredLoad = AutocannonResult & { storeCpuMsPerRequest: number };

/**
 * The store's CPU time (user + system, all its threads) in ms, from /proc: NaN where there is no /proc. Steadier
 * than throughput on a shared machine, since time the store waits for a core is not counted.
 */
function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime and stime, in clock ticks of 1/100 s
  } catch {
    return Number.NaN;
  }
}

/** The store process's peak resident memory so far (VmHWM), in MiB: NaN where there is no /proc. */
export function storePeakRssMib(pid: number): number {
  try {
    const kib = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kib ? Number(kib) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Runs a load and counts the store process's CPU time over it. */
export async function withStoreCpu(storePid: number, load: () => Promise<AutocannonResult>): Promise<MeasuredLoad> {
  const before = processCpuMs(storePid);
  const result = await load();
  return { ...result, storeCpuMsPerRequest: (processCpuMs(storePid) - before) / Math.max(1, result.requests.total) };
}

/**
 * The goal for a callback measured against the bare route handler in the same run: issue 28's (on libSQL, and
 * better-sqlite3 no worse), which raised issue 14's 0.6 to 0.7.
 */
const GOAL = { throughput: 0.7, p99: 3 };

/** The store's bare route handler (`GET /api/health`, one `select 1`), the yardstick for the callbacks. */
export function loadHealth(storeUrl: string, connections: number, duration: number): Promise<AutocannonResult> {
  return runAutocannon({ url: storeUrl, connections, duration, requests: [{ method: "GET", setupRequest: (r) => ({ ...r, path: "/api/health" }) }] });
}

/** Prints both figures side by side, their ratios and whether the goal is met; returns whether it is. */
export function printAgainstBaseline(name: string, baseline: MeasuredLoad, callback: MeasuredLoad, storePid?: number): boolean {
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
  console.log(
    `store CPU                    ${baseline.storeCpuMsPerRequest.toFixed(2)} ms per bare request · ${callback.storeCpuMsPerRequest.toFixed(2)} ms per callback (${(callback.storeCpuMsPerRequest / baseline.storeCpuMsPerRequest).toFixed(2)}×)`,
  );
  if (storePid !== undefined) {
    console.log(`store memory                 peak ${storePeakRssMib(storePid).toFixed(0)} MiB resident · node ${STORE_NODE_FLAGS.join(" ")}`);
  }
  return met;
}
