// GET /ordermanagement/v1/orders/{id} on the Klarna simulator, 50 connections for 10 s.
// Run: tsx bench/simulator-orders.ts [seconds] — prints requests/s, p50, p99 and errors.
// The simulator runs as a child process (as in development) so the load generator does not share its event loop.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

interface Histogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
}
interface AutocannonResult {
  requests: Histogram & { total: number };
  latency: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
}) => Promise<AutocannonResult>;

// autocannon ships no types; this is the part of its API the benchmark uses.
const autocannon = createRequire(__filename)("autocannon") as Autocannon;

const CONNECTIONS = 50;
const DURATION_S = Number(process.argv[2] ?? 10);
const ROOT = path.resolve(__dirname, "..");
const AUTHORIZATION = `Basic ${Buffer.from("PK00000_storefront_test:simulator-test-password").toString("base64")}`;
const ORDER = {
  purchase_country: "SE",
  purchase_currency: "SEK",
  locale: "sv-SE",
  order_amount: 52500,
  order_tax_amount: 10500,
  order_lines: [
    { type: "physical", name: "Ceramic mug", quantity: 2, unit_price: 25000, tax_rate: 2500, total_amount: 50000, total_tax_amount: 10000 },
    { type: "shipping_fee", name: "Shipping", quantity: 1, unit_price: 2500, tax_rate: 2500, total_amount: 2500, total_tax_amount: 500 },
  ],
};

async function startSimulator(dbPath: string) {
  const child = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["simulator/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, SIMULATOR_PORT: "0", SIMULATOR_DB: dbPath, SIMULATOR_CLOCK: "manual" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Klarna simulator on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return { url, stop: () => child.kill("SIGTERM") };
}

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { Authorization: AUTHORIZATION, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

async function main() {
  const directory = mkdtempSync(path.join(tmpdir(), "klarna-sim-bench-"));
  const simulator = await startSimulator(path.join(directory, "bench.db"));
  try {
    const session = await post(`${simulator.url}/payments/v1/sessions`, ORDER);
    const approval = await post(`${simulator.url}/_sim/sessions/${String(session.session_id)}/authorize`, {
      email: "customer@email.se",
    });
    const order = await post(`${simulator.url}/payments/v1/authorizations/${String(approval.authorization_token)}/order`, ORDER);
    const target = `${simulator.url}/ordermanagement/v1/orders/${String(order.order_id)}`;

    // A short warm-up so the JIT and SQLite's page cache are in their steady state.
    await autocannon({ url: target, connections: CONNECTIONS, duration: 2, headers: { authorization: AUTHORIZATION } });
    const result = await autocannon({
      url: target,
      connections: CONNECTIONS,
      duration: DURATION_S,
      headers: { authorization: AUTHORIZATION },
    });

    console.log(`GET /ordermanagement/v1/orders/{id} — ${CONNECTIONS} connections, ${result.duration} s`);
    console.log(`requests/s  ${result.requests.average.toFixed(0)} (total ${result.requests.total})`);
    console.log(`latency     p50 ${result.latency.p50} ms · p99 ${result.latency.p99} ms · max ${result.latency.max} ms`);
    console.log(`errors      ${result.errors} · timeouts ${result.timeouts} · non-2xx ${result.non2xx}`);
  } finally {
    simulator.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
