// Waits until a URL answers 2xx, then runs the rest of the command line: `node scripts/wait-for-url.mjs URL cmd args…`.
// The browser tests start several stores on one database; the first migrates it, the others wait for it.
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";

const [url, command, ...args] = process.argv.slice(2);
if (!url || !command) {
  console.error("usage: node scripts/wait-for-url.mjs URL command [args…]");
  process.exit(2);
}
const deadline = Date.now() + 180_000;
for (;;) {
  try {
    if ((await fetch(url)).ok) break;
  } catch {
    // Not up yet.
  }
  if (Date.now() > deadline) {
    console.error(`${url} did not answer within 3 minutes`);
    process.exit(1);
  }
  await sleep(250);
}
const child = spawn(command, args, { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
