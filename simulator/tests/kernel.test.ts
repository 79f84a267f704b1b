import Database from "better-sqlite3";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { hmacSha256Hex, nextAttemptAt } from "../kernel/delivery";
import { DocumentStore } from "../kernel/documents";
import { FaultRegistry, type FaultPersistence } from "../kernel/faults";

const SIMULATOR = path.resolve(__dirname, "..");
const PROVIDERS = ["klarna-payments", "kustom", "checkout-com", "klarna-network"];

describe("the kernel's delivery schedules", () => {
  it("counts a 'previous' schedule from the failed attempt and stops when it is used up", () => {
    const schedule = { from: "previous", delaysMs: [1_000, 2_000] } as const;
    expect(nextAttemptAt(schedule, 1, 50_000, 0)).toBe(51_000);
    expect(nextAttemptAt(schedule, 2, 60_000, 0)).toBe(62_000);
    expect(nextAttemptAt(schedule, 3, 70_000, 0)).toBeUndefined();
  });

  it("counts a 'first' schedule from the first attempt, never in the past", () => {
    const schedule = { from: "first", offsetsMs: [10_000, 120_000] } as const;
    expect(nextAttemptAt(schedule, 1, 1_000, 0)).toBe(10_000);
    // An attempt that itself ran late: the next one is due now, not before.
    expect(nextAttemptAt(schedule, 2, 500_000, 0)).toBe(500_000);
    expect(nextAttemptAt(schedule, 3, 600_000, 0)).toBeUndefined();
  });

  it("signs the exact body as lowercase hex HMAC-SHA256", () => {
    // RFC 4231 test case 2.
    expect(hmacSha256Hex("what do ya want for nothing?", "Jefe")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });
});

describe("the kernel's fault registry", () => {
  type Fault = { kind: string; mode: string; count?: number };

  it("takes the oldest fault of each key, uses it up by one and keeps the others in order", () => {
    const faults = new FaultRegistry<Fault>();
    const first = faults.add({ kind: "push", mode: "drop", count: 1 });
    faults.add({ kind: "push", mode: "drop", count: 1 });
    faults.add({ kind: "push", mode: "slow" });
    faults.add({ kind: "other", mode: "drop" });
    const taken = faults.take((fault) => fault.kind === "push", (fault) => fault.mode);
    expect(taken.map((fault) => fault.mode)).toEqual(["drop", "slow"]);
    expect(faults.list().map((entry) => entry.id)).not.toContain(first.id);
    expect(faults.take((fault) => fault.kind === "push", (fault) => fault.mode).map((fault) => fault.mode)).toEqual(["drop", "slow"]);
    expect(faults.take((fault) => fault.kind === "push", (fault) => fault.mode).map((fault) => fault.mode)).toEqual(["slow"]);
  });

  it("takes every matching fault without a key, and mirrors its faults where it is told to", () => {
    const rows = new Map<number, string>();
    let next = 1;
    const persistence: FaultPersistence = {
      load: () => [...rows].map(([id, data]) => ({ id, data })),
      insert: (data) => (rows.set(next, data), next++),
      update: (id, data) => void rows.set(id, data),
      delete: (id) => void rows.delete(id),
      clear: () => rows.clear(),
    };
    const faults = new FaultRegistry<Fault>(persistence);
    faults.add({ kind: "webhook", mode: "drop", count: 2 });
    faults.add({ kind: "webhook", mode: "drop" });
    expect(faults.take((fault) => fault.kind === "webhook")).toHaveLength(2);
    // A restart reads what was left: the counted fault has one application left.
    const reloaded = new FaultRegistry<Fault>(persistence);
    expect(reloaded.list().map((entry) => entry.remaining)).toEqual([1, null]);
    reloaded.clear();
    expect(rows.size).toBe(0);
  });
});

describe("the kernel's document store", () => {
  const dbs: Database.Database[] = [];
  afterEach(() => {
    while (dbs.length > 0) dbs.pop()?.close();
  });

  function open() {
    const db = new Database(":memory:");
    dbs.push(db);
    return db;
  }

  it("keeps one document per lookup key with insertUnique, and each API's documents apart", () => {
    const db = open();
    const a = new DocumentStore<{ order: { n: number } }>(db, "a");
    const b = new DocumentStore<{ order: { n: number } }>(db, "b");
    expect(a.insertUnique("order", "o1", 1, { n: 1 }, "session-1")).toBe(true);
    expect(a.insertUnique("order", "o2", 2, { n: 2 }, "session-1")).toBe(false);
    expect(b.insertUnique("order", "o2", 2, { n: 2 }, "session-1")).toBe(true);
    a.clear(["order"]);
    expect(a.get("order", "o1")).toBeUndefined();
    expect(b.get("order", "o2")).toEqual({ n: 2 });
  });

  it("lists newest first, looks up by key oldest first, and keeps the first creation time on put", () => {
    const store = new DocumentStore<{ event: { id: string } }>(open(), "api");
    store.insert("event", "e1", 10, { id: "e1" }, "pay_1");
    store.insert("event", "e2", 20, { id: "e2" }, "pay_1");
    store.insert("event", "e3", 30, { id: "e3" }, "pay_2");
    store.put("event", "e1", 99, { id: "e1" }, "pay_1");
    expect(store.list("event").map((event) => event.id)).toEqual(["e3", "e2", "e1"]);
    expect(store.byRef("event", "pay_1").map((event) => event.id)).toEqual(["e1", "e2"]);
  });
});

describe("the simulator's layout", () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return name === "tests" || name === "node_modules" ? [] : files(full);
      return full.endsWith(".ts") ? [full] : [];
    });

  /** Every relative import (type imports too) of a simulator source file, resolved to a file. */
  function importsOf(file: string): string[] {
    const source = readFileSync(file, "utf8");
    const specs = [...source.matchAll(/^(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/gms)].map((match) => match[1] ?? "");
    return specs.flatMap((spec) => {
      const base = path.resolve(path.dirname(file), spec);
      const found = [`${base}.ts`, path.join(base, "index.ts")].find((candidate) => {
        try {
          return statSync(candidate).isFile();
        } catch {
          return false;
        }
      });
      return found ? [found] : [];
    });
  }

  it("has no import cycle", () => {
    const graph = new Map(files(SIMULATOR).map((file) => [file, importsOf(file)]));
    const done = new Set<string>();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]) => {
      if (trail.includes(file)) {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(SIMULATOR, f)).join(" → "));
        return;
      }
      if (done.has(file)) return;
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      done.add(file);
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it("keeps each provider's folder to itself: none imports another provider's folder", () => {
    const crossings = PROVIDERS.flatMap((provider) =>
      files(path.join(SIMULATOR, provider)).flatMap((file) =>
        importsOf(file)
          .map((target) => path.relative(SIMULATOR, target))
          .filter((target) => PROVIDERS.some((other) => other !== provider && target.startsWith(`${other}/`)))
          .map((target) => `${path.relative(SIMULATOR, file)} → ${target}`),
      ),
    );
    expect(crossings).toEqual([]);
  });

  it("mounts every provider with one line in app.ts, and the kernel names none of them", () => {
    const app = readFileSync(path.join(SIMULATOR, "app.ts"), "utf8");
    const list = /mountProviders\(app, core, \[([^\]]*)\]\)/.exec(app)?.[1] ?? "";
    expect(list.split(",").map((line) => line.trim()).filter(Boolean)).toEqual(["klarnaPayments", "customerToken", "kustom", "klarnaNetwork", "checkoutCom", "mailCatcher"]);
    const kernelImports = files(path.join(SIMULATOR, "kernel")).flatMap((file) => importsOf(file).map((target) => path.relative(SIMULATOR, target)));
    expect(kernelImports.filter((target) => PROVIDERS.some((provider) => target.startsWith(`${provider}/`)))).toEqual([]);
  });
});
