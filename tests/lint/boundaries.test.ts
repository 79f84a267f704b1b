import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The boundaries of docs/architecture.md as `npm run lint` enforces them: tiny files linted through ESLint's Node API with
// the project's own eslint.config.mjs, each placed (virtually) where the rule applies.
const ROOT = path.resolve(__dirname, "..", "..");
let eslint: ESLint;

// Loading the project's config (Next's rules, typescript-eslint) takes seconds on a busy machine: do it once, here.
beforeAll(async () => {
  eslint = new ESLint({ cwd: ROOT });
  await eslint.lintText("export {};\n", { filePath: path.join(ROOT, "lib/warm-up.ts") });
}, 120_000);

async function errorsOf(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
  return result!.messages.filter((message) => message.severity === 2).map((message) => `${message.ruleId}: ${message.message}`);
}

describe("the store and the simulator never import each other", () => {
  it("fails a store module importing the simulator", async () => {
    const errors = await errorsOf("lib/checkout/bad.ts", 'export { createSimulator } from "@/simulator/create-simulator";\n');
    expect(errors).toEqual([expect.stringMatching(/^no-restricted-imports: .*never imports the simulator/)]);
    expect(await errorsOf("app/bad.ts", 'import "../simulator/clock";\n')).toHaveLength(1);
  });

  it("fails the simulator importing the store, by alias or relative path", async () => {
    expect(await errorsOf("simulator/bad.ts", 'import { env } from "@/lib/env";\nexport const e = env;\n')).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*never imports the store/),
    ]);
    expect(await errorsOf("simulator/routes/bad.ts", 'import { db } from "../../db";\nexport const d = db;\n')).toHaveLength(1);
    expect(await errorsOf("simulator/bad.ts", 'import { MINUTE } from "./core";\nexport const m = MINUTE;\n')).toEqual([]);
  });
});

describe("client code never imports server-only modules", () => {
  it.each([
    ["a client component importing the environment", "components/checkout/bad.tsx", '"use client";\nimport { env } from "@/lib/env";\nexport const e = env;\n'],
    ["a client page importing the database", "app/(store)/bad.tsx", '"use client";\nimport { db } from "@/db";\nexport const d = db;\n'],
    ["a component importing Klarna's client by a relative path", "components/cart/bad.tsx", 'import { klarna } from "../../lib/klarna";\nexport const k = klarna;\n'],
    ["a component importing orders", "components/admin/bad.tsx", 'import { finalize } from "@/lib/orders/finalize";\nexport const f = finalize;\n'],
  ])("fails %s", async (_, file, code) => {
    expect(await errorsOf(file, code)).toEqual([expect.stringMatching(/^boundaries\/client-imports: Client code must not import/)]);
  });

  it("allows types, server actions and server pages", async () => {
    const types = 'import type { StoreOrder } from "@/lib/orders/order-store";\nimport { type ManagedOrder } from "@/lib/klarna";\nexport type T = [StoreOrder, ManagedOrder];\n';
    expect(await errorsOf("components/admin/fine.tsx", types)).toEqual([]);
    const action = '"use server";\nimport { finalize } from "@/lib/orders/finalize";\nexport async function go() {\n  await finalize("x", "reconcile");\n}\n';
    expect(await errorsOf("components/admin/fine-actions.ts", action)).toEqual([]);
    expect(await errorsOf("app/(store)/fine/page.tsx", 'import { env } from "@/lib/env";\nexport const e = env;\n')).toEqual([]);
  });
});
