/**
 * Sums a V8 CPU profile (the `.cpuprofile` a bench's store writes with STORE_CPU_PROFILE_DIR) by where the time went:
 * self time per function and per area (the store's own code by folder, the database drivers, Next.js and React,
 * Node's internals, idle and garbage collection), with each one's share of the busy time.
 *
 *   npx tsx bench/profile-summary.ts <file.cpuprofile> [--top=N]
 *
 * A build made with STORE_READABLE_BUILD=1 keeps the store's function names (next.config.ts); otherwise they are
 * minified and only the areas say much.
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const AREAS: [RegExp, string][] = [
  [/\(idle\)/, "idle"],
  [/\(garbage collector\)/, "garbage collection"],
  [/\(program\)/, "V8 (program)"],
  [/better-sqlite3|better_sqlite3/, "better-sqlite3"],
  [/@libsql|libsql/, "libSQL client"],
  [/drizzle-orm/, "drizzle-orm"],
  [/\[project\]\/(lib|db|app|components)\/([^/]+)/, "store: $1/$2"],
  [/react-dom|react-server|\/react\//, "React"],
  [/next\/dist|next-server|\[turbopack\]/, "Next.js"],
  [/pino/, "logging (pino)"],
  [/zod/, "zod"],
  [/^node:|^internal\/|^$/, "Node.js internals"],
];

function areaOf(frame: ProfileNode["callFrame"]): string {
  const where = `${frame.functionName === "(idle)" || frame.functionName.startsWith("(") ? frame.functionName : ""} ${frame.url}`;
  for (const [pattern, name] of AREAS) {
    const match = pattern.exec(where) ?? pattern.exec(frame.url);
    if (match) return name.replace(/\$(\d)/g, (_, group: string) => match[Number(group)] ?? "");
  }
  return "other";
}

function main(): void {
  const file = process.argv.slice(2).find((argument) => !argument.startsWith("--"));
  const top = Number(process.argv.find((argument) => argument.startsWith("--top="))?.slice(6) ?? 25);
  if (!file) {
    console.error("usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [--top=N]");
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, index) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));

  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, micros] of selfMicros) {
    const frame = byId.get(id)!.callFrame;
    const area = areaOf(frame);
    total += micros;
    if (area === "idle") idle += micros;
    byArea.set(area, (byArea.get(area) ?? 0) + micros);
    const where = frame.url ? `${frame.url.replace(/^.*\/(node_modules|\.next)\//, "$1/")}:${frame.lineNumber + 1}` : "";
    const key = `${frame.functionName || "(anonymous)"} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
  }
  const busy = total - idle;
  const share = (micros: number) => `${((100 * micros) / busy).toFixed(1).padStart(5)} %`;
  const ms = (micros: number) => `${(micros / 1000).toFixed(0).padStart(7)} ms`;
  console.log(`${file}: ${ms(total).trim()} sampled, ${ms(busy).trim()} busy (shares below are of the busy time)`);
  console.log("\nBy area (self time):");
  for (const [area, micros] of [...byArea].filter(([area]) => area !== "idle").sort((a, b) => b[1] - a[1])) {
    console.log(`${ms(micros)} ${share(micros)}  ${area}`);
  }
  console.log(`\nTop ${top} functions (self time):`);
  for (const [name, micros] of [...byFunction].filter(([name]) => !name.startsWith("(idle)")).sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${ms(micros)} ${share(micros)}  ${name}`);
  }
}

main();
