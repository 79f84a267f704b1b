import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { STORE_NODE_FLAGS } from "../../../scripts/store-runtime.mjs";

export const ROOT = path.resolve(__dirname, "..", "..", "..");

/** The credentials the simulator accepts and the store sends unless told otherwise. */
export const KLARNA_CREDENTIALS = {
  KLARNA_USERNAME: "PK00000_storefront_test",
  KLARNA_PASSWORD: "simulator-test-password",
};

export interface ServerProcess {
  /** Where it answers, without a trailing slash. */
  url: string;
  pid: number;
  /** The last lines it printed, for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. Idempotent. */
  stop(): Promise<void>;
}

/** A port nothing listens on right now (the OS picked it, then it was released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("The OS gave no port");
  return address.port;
}

/** A URL that refuses connections: where a test points the store when Klarna, or Klarna's callbacks, must fail. */
export async function closedUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

/** A fresh temporary directory, removed by the returned function. */
export function temporaryDirectory(prefix: string): { directory: string; remove: () => void } {
  const directory = mkdtempSync(path.join(tmpdir(), prefix));
  return { directory, remove: () => rmSync(directory, { recursive: true, force: true }) };
}

const running = new Set<ChildProcess>();

// A test or bench that crashes must not leave servers behind; "exit" handlers may only do synchronous work.
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Starts a server as a child process and resolves once `readyPath` answers 2xx. The child is one process (node
 * running the entry point directly, no npx or shell in between), so stopping it by its pid stops all of it.
 */
export async function startServer(options: {
  name: string;
  args: string[];
  env: Record<string, string>;
  url: string;
  readyPath: string;
  timeoutMs?: number;
}): Promise<ServerProcess> {
  const child = spawn(process.execPath, options.args, {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  exited.then(() => running.delete(child), () => undefined);

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killed = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
    if (!killed) {
      child.kill("SIGKILL");
      await exited;
    }
  };

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`${options.name} exited with code ${child.exitCode} before it was ready:\n${log}`);
    }
    try {
      const response = await fetch(options.url + options.readyPath, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.name} did not answer ${options.readyPath} within ${options.timeoutMs ?? 30_000} ms:\n${log}`);
    }
    await sleep(100);
  }
  return { url: options.url, pid: child.pid!, output: () => log, stop };
}

/**
 * The Klarna simulator as its own process, as in development: the store and its tests meet it only over HTTP.
 * Manual clock, so no push arrives unless a test advances time.
 */
export async function startSimulator(options: {
  dbPath: string;
  clock?: "manual" | "realtime";
  /** More of the simulator's environment, such as its callback-timeout test knobs (simulator/README.md). */
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  const port = await freePort();
  return startServer({
    name: "Klarna simulator",
    // SIMULATOR_CPU_PROFILE_DIR (benches): the simulator writes a V8 CPU profile there when it stops.
    args: [
      ...(process.env.SIMULATOR_CPU_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.SIMULATOR_CPU_PROFILE_DIR}`] : []),
      "--import",
      "tsx",
      "simulator/main.ts",
    ],
    env: {
      ...KLARNA_CREDENTIALS,
      SIMULATOR_PORT: String(port),
      SIMULATOR_DB: options.dbPath,
      SIMULATOR_CLOCK: options.clock ?? "manual",
      ...options.env,
    },
    url: `http://localhost:${port}`,
    readyPath: "/_sim/health",
  });
}

/** `next start` serves what `next build` left in .next; without it there is nothing to start. */
export function hasProductionBuild(): boolean {
  return existsSync(path.join(ROOT, ".next", "BUILD_ID"));
}

/**
 * The production store (`next start`) with a database of its own, talking to Klarna at `klarnaUrl`. Needs a build:
 * run `npx next build` first.
 */
export async function startStore(options: { dbPath: string; klarnaUrl: string; env?: Record<string, string> }): Promise<ServerProcess> {
  if (!hasProductionBuild()) throw new Error("The store has no production build: run `npx next build` first.");
  const port = await freePort();
  const url = `http://localhost:${port}`;
  return startServer({
    name: "store (next start)",
    // STORE_CPU_PROFILE_DIR (benches): the store writes a V8 CPU profile there when it stops.
    args: [
      ...(process.env.STORE_CPU_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.STORE_CPU_PROFILE_DIR}`] : []),
      ...STORE_NODE_FLAGS,
      path.join(ROOT, "node_modules", "next", "dist", "bin", "next"),
      "start",
      "-p",
      String(port),
    ],
    env: {
      ...KLARNA_CREDENTIALS,
      NODE_ENV: "production",
      DATABASE_URL: options.dbPath,
      STORE_URL: url,
      KLARNA_API_URL: options.klarnaUrl,
      KLARNA_SDK_URL: `${options.klarnaUrl}/kp/lib/v1/api.js`,
      CART_SECRET: "bench-and-test-cart-secret-long-enough-1234",
      AUTH_SECRET: "bench-and-test-auth-secret-long-enough-1234",
      AUTH_TRUST_HOST: "true",
      ...options.env,
    },
    url,
    readyPath: "/api/health",
    timeoutMs: 60_000,
  });
}

/** Runs `task` over `items` with at most `limit` in flight, keeping the order of results. */
export async function mapWithLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
