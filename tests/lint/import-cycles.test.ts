import path from "node:path";
import { describe, expect, it } from "vitest";
import { importCycles, importGraph, SOURCE_ROOTS, sourceFiles, valueImports } from "../support/import-graph";

// No import cycles in the store or the simulator (docs/architecture.md, "Layers"). Only imports that run at load time
// count: `import type` is erased, and the registry loads providers with `import()` on first use, which is how the
// core (finalize, reconcile) reaches providers that call back into it without a cycle.
const ROOT = path.resolve(__dirname, "..", "..");
const relative = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");

describe("import cycles", () => {
  it("there are none in lib, app, components, db and simulator", () => {
    const files = sourceFiles(ROOT, SOURCE_ROOTS);
    expect(files.length).toBeGreaterThan(200);
    const cycles = importCycles(importGraph(ROOT, files)).map((cycle) => cycle.map(relative).join(" -> "));
    expect(cycles, `import cycles:\n${cycles.join("\n")}`).toEqual([]);
  });

  it("finds and prints a planted cycle, and ignores what cannot form one", () => {
    const graph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts", "d.ts"]],
      ["c.ts", ["a.ts"]],
      ["d.ts", []],
      ["self.ts", ["self.ts"]],
    ]);
    expect(importCycles(graph)).toEqual(expect.arrayContaining([["a.ts", "b.ts", "c.ts", "a.ts"], ["self.ts", "self.ts"]]));
    expect(importCycles(graph)).toHaveLength(2);
    expect(importCycles(new Map([["a.ts", ["b.ts"]], ["b.ts", []]]))).toEqual([]);
  });

  it("reads value imports and re-exports, not type-only ones or dynamic imports", () => {
    const code = [
      'import { a } from "./a";',
      'import type { B } from "./b";',
      'import { type C, type D } from "./cd";',
      'import { e, type E } from "./e";',
      'export { f } from "./f";',
      'export type { G } from "./g";',
      'import "./side-effect";',
      '// import { h } from "./commented";',
      'const later = () => import("./lazy");',
    ].join("\n");
    expect(valueImports(code)).toEqual(["./a", "./e", "./f", "./side-effect"]);
  });
});
