import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../integration/support/child-servers";
import { documentedCommands, ROOT, type DocumentedCommand } from "./documented-commands";

/**
 * The docs are tested: every shell command the README and docs/ show (documented-commands.ts reads them from the
 * Markdown, so this follows the docs) either runs here and must exit 0, or is listed below with the reason it does
 * not. Commands run in bash with the placeholders filled in (PLACEHOLDERS), against one `npm start` (store and
 * simulator on spare ports, a temporary libSQL `file:` database), which is itself the check of `npm start`: it
 * must reach ready. The commands of one ```sh block share a shell, so an `export` carries to the next line.
 *
 * Needs the production build (`npx next build`, the first step of `npm test`): without it `npm start` would build
 * for minutes, so the test is skipped and says so.
 */

type Rule =
  | { pattern: RegExp; kind: "covered"; reason: string }
  /** The `npm start` this test starts once: the command is checked by that instance being ready. */
  | { pattern: RegExp; kind: "the-started-store" }
  /** A long-running server: started on its own, checked ready at `readyPath`, then stopped. */
  | { pattern: RegExp; kind: "ready"; readyPath: string; port: "SIMULATOR_PORT" };

/** First match wins. Anything that matches no rule runs, and must exit 0 within RUN_TIMEOUT_MS. */
export const RULES: Rule[] = [
  {
    pattern: /^npm (test|run test:(unit|e2e|two-instances))$/,
    kind: "covered",
    reason: "the test suite itself: running it from one of its tests would recurse",
  },
  {
    pattern: /npm run harness/,
    kind: "covered",
    reason:
      "the convergence harness runs 5 to 35 minutes, by hand (docs/benchmarks.md); tests/integration/self-healing.test.ts " +
      "and kustom-checkout.test.ts keep a small version of each scenario in the suite",
  },
  {
    pattern: /^npm run vercel-build$/,
    kind: "covered",
    reason: "a production build (minutes); its one decision, whether to migrate, is tested in deploy.test.ts (vercelBuildMigrates)",
  },
  {
    pattern: /^npm run lint$/,
    kind: "covered",
    reason: "ESLint over the whole repository takes minutes on two cores; tests/lint/boundaries.test.ts runs ESLint with the same config",
  },
  {
    pattern: /^npm run typecheck$/,
    kind: "covered",
    reason: "tsc --noEmit over the project; next build, the suite's first step, type-checks the same project",
  },
  {
    pattern: /^npm run dev$/,
    kind: "covered",
    reason: "next dev compiles each route on its first request (minutes here); it is scripts/start.mjs, as npm start, whose start is checked",
  },
  {
    pattern: /^REBUILD=1 npm start$/,
    kind: "covered",
    reason: "npm start after a second production build; npm start is checked, the build is the suite's first step",
  },
  {
    pattern: /^(PAYMENT_PROVIDER|SIMULATOR_SPEED)=\S+ npm start$/,
    kind: "covered",
    reason:
      "npm start with one variable: npm start is checked; each PAYMENT_PROVIDER's checkout runs in its own Playwright project " +
      "(playwright.config.ts), SIMULATOR_SPEED in simulator/tests/clock.test.ts",
  },
  {
    pattern: /^npm run screenshots/,
    kind: "covered",
    reason: "buys in Chromium at two widths and rewrites the committed PNGs; the same purchase runs in e2e/",
  },
  {
    pattern: /^npm run admin:create$/,
    kind: "covered",
    reason: "the script's name in prose; its full form (with an email and a name) is run from the docs' blocks",
  },
  { pattern: /^turso\b/, kind: "covered", reason: "needs a Turso account and the network" },
  { pattern: /^vercel\b/, kind: "covered", reason: "needs a Vercel account and the network" },
  { pattern: /^npm start$/, kind: "the-started-store" },
  { pattern: /^npm run simulator$/, kind: "ready", readyPath: "/_sim/health", port: "SIMULATOR_PORT" },
];

const RUN_TIMEOUT_MS = 60_000;
const PASSWORD = "docs-test-password-0001";
const CRON_SECRET = "docs-test-cron-secret-0001";

export function ruleFor(command: string): Rule | undefined {
  return RULES.find((rule) => rule.pattern.test(command));
}

interface Context {
  directory: string;
  storeUrl: string;
  simulatorUrl: string;
  env: Record<string, string>;
}

let emails = 0;

/** The placeholders the docs use, filled in for this run. */
function fillPlaceholders(command: string, context: Context): string {
  let text = command
    .replaceAll("libsql://trailhead-<your-org>.turso.io", `file:${context.directory}/deploy.db`)
    .replaceAll('"<token>"', '""')
    .replaceAll("<16 or more characters>", CRON_SECRET)
    .replaceAll("data/rehearsal.db", `${context.directory}/rehearsal.db`)
    .replaceAll("http://localhost:3000", context.storeUrl)
    .replaceAll("localhost:4010", context.simulatorUrl.replace("http://", ""))
    .replaceAll('"<name>"', '"Docs Reader"')
    // Optional arguments in brackets (`[-- storeUrl]`) are left out.
    .replace(/\s\[[^\]]*\]/g, "");
  text = text.replace(/you@shop\.example|<email>/g, () => `docs-reader-${++emails}@example.com`);
  // A failed HTTP answer must fail the command, not print a body and exit 0.
  text = text.replace(/^curl /, "curl --fail-with-body -sS ");
  // The password prompt gets its answer on standard input.
  if (/^npm run admin:create -- /.test(text)) text = `printf '%s\\n' '${PASSWORD}' | ${text}`;
  return text;
}

/** The environment every documented command runs in: the started store's, not the test runner's. */
function commandEnv(context: Context): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST") && name !== "NODE_ENV" && name !== "DATABASE_URL"),
  );
  // Without NODE_ENV: the store and the scripts choose their own, as they do for a reader.
  return { ...inherited, ...context.env } as NodeJS.ProcessEnv;
}

function runScript(script: string, context: Context): { status: number | null; output: string } {
  const result = spawnSync("bash", ["-c", `set -euo pipefail\n${script}`], {
    cwd: ROOT,
    env: commandEnv(context),
    encoding: "utf8",
    timeout: RUN_TIMEOUT_MS,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}`.trim().slice(-3_000) };
}

/** A detached process group, so stopping it stops npm, node and every child they started. */
function startGroup(command: string, env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn("bash", ["-c", `exec ${command}`], { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-6_000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, output: () => log };
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(-child.pid, "SIGTERM");
  const done = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
  if (!done) {
    process.kill(-child.pid, "SIGKILL");
    await exited;
  }
}

/**
 * A GET that survives the keep-alive race: undici may reuse a pooled socket in the instant the server closes it as
 * idle ("other side closed"), so a request that failed on the socket is sent once more.
 */
async function fetchFresh(url: string): Promise<Response> {
  try {
    return await fetch(url);
  } catch {
    return fetch(url);
  }
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`It exited with code ${child.exitCode} before ${url} answered:\n${output()}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${output()}`);
    await sleep(200);
  }
}

const built = existsSync(path.join(ROOT, ".next", "BUILD_ID"));
if (!built) console.warn("tests/docs/commands: no .next/BUILD_ID, skipped. Run `npx next build` to include it.");

const commands = documentedCommands();

describe("the documented commands", () => {
  it("are found in the README and docs/, and every rule still matches one of them", () => {
    expect(commands.length).toBeGreaterThan(20);
    for (const rule of RULES) {
      expect(commands.some((command) => rule.pattern.test(command.text)), `no documented command matches ${rule.pattern}`).toBe(true);
    }
  });
});

describe.skipIf(!built)("every command shown in the README and docs/", () => {
  const context = {} as Context;
  let store: { child: ChildProcess; output: () => string } | undefined;

  beforeAll(async () => {
    context.directory = mkdtempSync(path.join(tmpdir(), "docs-commands-"));
    const [port, simulatorPort] = [await freePort(), await freePort()];
    context.storeUrl = `http://localhost:${port}`;
    context.simulatorUrl = `http://localhost:${simulatorPort}`;
    context.env = {
      PORT: String(port),
      SIMULATOR_PORT: String(simulatorPort),
      STORE_URL: context.storeUrl,
      DATABASE_URL: `file:${context.directory}/store.db`,
      SIMULATOR_DB: `${context.directory}/simulator.db`,
      CRON_SECRET,
    };
    // `npm start` as the README shows it, in the environment the other commands get.
    store = startGroup("npm start", commandEnv(context));
    await waitUntilReady(`${context.storeUrl}/api/health`, store.child, store.output, 90_000);
    await waitUntilReady(`${context.simulatorUrl}/_sim/health`, store.child, store.output, 30_000);
  }, 120_000);

  afterAll(async () => {
    if (store) await stopGroup(store.child);
    if (context.directory) rmSync(context.directory, { recursive: true, force: true });
  }, 20_000);

  const blocks = new Map<number, DocumentedCommand[]>();
  const inline = new Map<string, DocumentedCommand>();
  for (const command of commands) {
    if (command.block === null) {
      if (!inline.has(command.text)) inline.set(command.text, command);
    } else {
      blocks.set(command.block, [...(blocks.get(command.block) ?? []), command]);
    }
  }

  /** The bash lines for a block or one inline command; ready checks and servers are done here, in TypeScript. */
  async function scriptFor(list: DocumentedCommand[]): Promise<string> {
    const lines: string[] = [];
    for (const command of list) {
      const rule = ruleFor(command.text);
      const where = `${command.file}:${command.line}`;
      if (rule?.kind === "covered") {
        lines.push(`: ${JSON.stringify(`${where} not run: ${rule.reason}`)}`);
      } else if (rule?.kind === "the-started-store") {
        const health = await fetchFresh(`${context.storeUrl}/api/health`);
        expect(health.status, `${where}: npm start is not ready`).toBe(200);
        lines.push(`: ${JSON.stringify(`${where} npm start: the started store answers /api/health`)}`);
      } else if (rule?.kind === "ready") {
        const port = await freePort();
        const server = startGroup(command.text, {
          ...commandEnv(context),
          [rule.port]: String(port),
          SIMULATOR_DB: `${context.directory}/simulator-alone.db`,
        });
        try {
          await waitUntilReady(`http://localhost:${port}${rule.readyPath}`, server.child, server.output, 30_000);
        } finally {
          await stopGroup(server.child);
        }
        lines.push(`: ${JSON.stringify(`${where} ${command.text}: answered ${rule.readyPath}`)}`);
      } else {
        lines.push(fillPlaceholders(command.text, context));
      }
    }
    return lines.join("\n");
  }

  for (const [block, list] of blocks) {
    const first = list[0]!;
    it(`${first.file}:${first.line} (a block of ${list.length})`, async () => {
      const script = await scriptFor(list);
      const result = runScript(script, context);
      expect(result.status, `${first.file}:${first.line}, block ${block}:\n${script}\n---\n${result.output}`).toBe(0);
    }, 2 * RUN_TIMEOUT_MS);
  }

  // A command this test does not run (RULES, "covered") gets no test of its own: a test that runs nothing cannot fail.
  for (const [text, command] of inline) {
    if (ruleFor(text)?.kind === "covered") continue;
    it(`${command.file}:${command.line} \`${text}\``, async () => {
      const script = await scriptFor([command]);
      const result = runScript(script, context);
      expect(result.status, `${command.file}:${command.line}:\n${script}\n---\n${result.output}`).toBe(0);
    }, 2 * RUN_TIMEOUT_MS);
  }
});
