// Helpers shared by the start and test scripts. Plain Node so they run before dependencies are installed.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const bin = (name) => path.join(root, "node_modules", ".bin", name);

/** A fresh clone has no node_modules: install exactly what the lockfile says. */
export function ensureDependencies() {
  if (fs.existsSync(path.join(root, "node_modules", ".bin", "next"))) return;
  console.log("Installing dependencies (npm ci)…");
  run("npm", ["ci"]);
}

/**
 * Loads .env, .env.local and the mode's files (.env.production[.local] or .env.development[.local]) the way Next.js
 * does, with @next/env, so the scripts see what the store will see: .env.local outranks .env, and neither overrides
 * a variable already set in the shell. Call it after ensureDependencies (@next/env comes with the dependencies).
 */
export async function loadEnvFiles(dev) {
  // A CommonJS module: its exports arrive as the default export.
  const nextEnv = await import("@next/env");
  const loadEnvConfig = nextEnv.loadEnvConfig ?? nextEnv.default.loadEnvConfig;
  loadEnvConfig(root, dev, { info: () => {}, error: console.error });
}

/**
 * Where each provider finds the simulator listening at `simulatorUrl`, for the variables not set already: every
 * provider's URL follows SIMULATOR_PORT, not only Klarna's. The paths are the simulator's (simulator/README.md).
 */
/** The simulator's SMTP port: SIMULATOR_SMTP_PORT, or its HTTP port + 15. */
export function simulatorSmtpPort(simulatorUrl, environment = process.env) {
  return environment.SIMULATOR_SMTP_PORT ?? String(Number(new URL(simulatorUrl).port || 80) + 15);
}

export function simulatorDefaults(simulatorUrl, environment = process.env) {
  const defaults = {
    KLARNA_API_URL: simulatorUrl,
    KLARNA_SDK_URL: `${simulatorUrl}/kp/lib/v1/api.js`,
    KLARNA_WEB_SDK_URL: `${simulatorUrl}/web-sdk/v1/klarna.js`,
    KUSTOM_API_URL: `${simulatorUrl}/kustom`,
    CHECKOUT_COM_API_URL: `${simulatorUrl}/checkout-com`,
    KLARNA_NETWORK_API_URL: `${simulatorUrl}/klarna-network`,
    // The simulator's mail catcher (simulator/mail), beside its HTTP port.
    SMTP_URL: `smtp://localhost:${simulatorSmtpPort(simulatorUrl, environment)}`,
  };
  return Object.fromEntries(Object.entries(defaults).filter(([name]) => !environment[name]));
}

/**
 * Whether `npm run vercel-build` migrates the database (scripts/vercel-build.mjs): on production builds, and on preview
 * builds only when MIGRATE_PREVIEW_DATABASE=1 says the preview has a database of its own. Never elsewhere.
 */
export function vercelBuildMigrates(environment = process.env) {
  if (environment.VERCEL_ENV === "production") return true;
  return environment.VERCEL_ENV === "preview" && environment.MIGRATE_PREVIEW_DATABASE === "1";
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed with exit code ${result.status}`);
  }
}

export function runBin(name, args, options = {}) {
  return spawnSync(bin(name), args, { cwd: root, stdio: "inherit", ...options });
}

/** Starts a long-running child whose output lines are prefixed with its name. */
export function startService(name, command, args, env) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  printPrefixed(child, name);
  return child;
}

/** Prints a child's output line by line, each line prefixed with `[name]` (unless it already is), so two children's interleave readably. */
export function printPrefixed(child, name) {
  const prefix = `[${name}]`;
  const print = (line) => console.log(line.startsWith(prefix) ? line : `${prefix} ${line}`);
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = "";
    stream.on("data", (chunk) => {
      buffer += chunk;
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) print(line);
    });
    stream.on("end", () => buffer && print(buffer));
  }
}

export { bin };
