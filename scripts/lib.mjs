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

/** Reads .env if present, without overriding variables already set in the shell. */
export function loadDotEnv() {
  const file = path.join(root, ".env");
  if (fs.existsSync(file)) process.loadEnvFile(file);
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
  const prefix = `[${name}]`;
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = "";
    stream.on("data", (chunk) => {
      buffer += chunk;
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) console.log(line.startsWith(prefix) ? line : `${prefix} ${line}`);
    });
  }
  return child;
}

export { bin };
