import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveImport, sourceFiles, valueImports } from "../support/import-graph";

// The data layer (db/) imports no domain module (docs/architecture.md, "Layers"): the domain asks the data layer
// (lib/admin/deployment.ts re-exports db/local-run.ts), never the other way round. Allowed at load time: db/ itself,
// packages, the configuration (lib/env.ts), tracing (lib/observability/), and the provider ids the schema's enum
// lists (lib/payments/provider.ts, which itself imports types only). Types may come from anywhere: they are erased.
const ROOT = path.resolve(__dirname, "..", "..");
const ALLOWED = ["db/", "lib/env.ts", "lib/observability/", "lib/payments/provider.ts"];

function domainImports(relative: string, code: string): string[] {
  const from = path.join(ROOT, relative);
  return valueImports(code)
    .map((specifier) => ({ specifier, target: resolveImport(ROOT, from, specifier) }))
    .filter(({ target }) => target !== null)
    .map(({ specifier, target }) => ({ specifier, target: path.relative(ROOT, target!).split(path.sep).join("/") }))
    .filter(({ target }) => !ALLOWED.some((allowed) => target === allowed || (allowed.endsWith("/") && target.startsWith(allowed))))
    .map(({ specifier }) => `${relative} imports ${specifier}`);
}

describe("db/ imports no domain module", () => {
  it("holds for every file of db/", () => {
    const files = sourceFiles(ROOT, ["db"]);
    expect(files.length).toBeGreaterThan(5);
    const found = files.flatMap((file) => domainImports(path.relative(ROOT, file).split(path.sep).join("/"), fs.readFileSync(file, "utf8")));
    expect(found).toEqual([]);
  });

  it("fails a planted domain import, by alias or relative path, and allows types and configuration", () => {
    expect(domainImports("db/planted.ts", 'import { isLocalRun } from "@/lib/admin/deployment";\n')).toEqual([
      "db/planted.ts imports @/lib/admin/deployment",
    ]);
    expect(domainImports("db/planted.ts", 'import { finalize } from "../lib/orders/finalize";\n')).toHaveLength(1);
    expect(domainImports("db/planted.ts", 'import type { StoreOrder } from "@/lib/orders/order-store";\nimport { env } from "@/lib/env";\n')).toEqual([]);
  });
});
