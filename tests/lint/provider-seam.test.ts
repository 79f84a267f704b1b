import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROVIDER_IDS } from "@/lib/payments/provider";
import { sourceFiles } from "../support/import-graph";

// The seam of docs/architecture.md: a provider is its own folders and one line in the registry. No other store file
// names a provider's id (`provider === "kustom"`, `{ provider: "checkout-com" }`, a default of "klarna-payments"): it
// asks the registry instead (lib/payments/registry.ts, views.ts, admin-views.ts; the one list, PROVIDERS, in provider.ts).
const ROOT = path.resolve(__dirname, "..", "..");
const STORE_FOLDERS = ["app", "components", "lib", "db"];
const STORE_FILES = ["proxy.ts", "instrumentation.ts", "auth.ts"];

/** A provider's own folders (`<p>` is its id), where naming itself is the point. */
const OWN_FOLDERS = ["lib/payments/<p>/", "components/checkout/<p>/", "components/admin/<p>/", "app/api/<p>/", "simulator/<p>/"];
/**
 * Klarna Payments' routes stay at app/api/klarna/ (push, authorization, notification): their URLs are in the
 * merchant_urls of every session already handed to Klarna, which keeps calling them for up to 28 days. The folder is
 * Klarna Payments' own; app/api/klarna/webhooks (payment requests' webhook URL, registered with Klarna) holds only a
 * re-export of lib/payments/klarna-network/webhook-route.ts and names no provider.
 */
const ROUTE_FOLDER_ALIASES: Record<string, string> = { "klarna-payments": "app/api/klarna/" };
/** The registry: PROVIDERS, one line per provider (each its folder's manifest), and the lookups built on it. */
const REGISTRY = ["lib/payments/provider.ts", "lib/payments/registry.ts", "lib/payments/views.ts", "lib/payments/admin-views.ts"];

const ID_LITERAL = new RegExp(`(["'\`])(${PROVIDER_IDS.map((id) => id.replace(/-/g, "\\-")).join("|")})\\1`, "g");

function ownerOf(relative: string): string | null {
  for (const id of PROVIDER_IDS) {
    const folders = OWN_FOLDERS.map((folder) => folder.replace("<p>", id));
    if (ROUTE_FOLDER_ALIASES[id]) folders.push(ROUTE_FOLDER_ALIASES[id]!);
    if (folders.some((folder) => relative.startsWith(folder))) return id;
  }
  return null;
}

/** Every line of `code` that names a provider id, unless the file is the registry or a folder of that provider. */
function providerIdUses(relative: string, code: string): string[] {
  if (REGISTRY.includes(relative)) return [];
  const owner = ownerOf(relative);
  const uses: string[] = [];
  code.split("\n").forEach((line, index) => {
    // Comments may speak of a provider; only code may not branch on one.
    const codeOnly = line.replace(/^\s*(\/\/|\*|\/\*).*$/, "").replace(/\s\/\/\s.*$/, "");
    for (const match of codeOnly.matchAll(ID_LITERAL)) {
      if (match[2] !== owner) uses.push(`${relative}:${index + 1}: ${match[0]} in ${line.trim()}`);
    }
  });
  return uses;
}

describe("no file outside a provider's folders and the registry names a provider", () => {
  it("holds for the store's source", () => {
    const files = [
      ...sourceFiles(ROOT, STORE_FOLDERS),
      ...STORE_FILES.map((file) => path.join(ROOT, file)).filter((file) => fs.existsSync(file)),
    ];
    expect(files.length).toBeGreaterThan(100);
    const uses = files.flatMap((file) => providerIdUses(path.relative(ROOT, file).split(path.sep).join("/"), fs.readFileSync(file, "utf8")));
    expect(uses, `ask the registry (lib/payments/registry.ts) instead:\n${uses.join("\n")}`).toEqual([]);
  });

  it("fails a planted comparison, a planted argument and a planted default", () => {
    expect(providerIdUses("lib/orders/planted.ts", 'if (provider === "kustom") return kustom();\n')).toEqual([
      'lib/orders/planted.ts:1: "kustom" in if (provider === "kustom") return kustom();',
    ]);
    expect(providerIdUses("app/(store)/planted/page.tsx", "await finalize({ provider: 'checkout-com', reference }, 'confirmation');\n")).toHaveLength(1);
    expect(providerIdUses("lib/admin/planted.ts", "export function f(p: ProviderId = `klarna-payments`) {}\n")).toHaveLength(1);
    // One provider's folder naming another is the same mistake.
    expect(providerIdUses("lib/payments/kustom/planted.ts", 'const other = "klarna-payments";\n')).toHaveLength(1);
    expect(providerIdUses("components/admin/klarna-network/planted.tsx", 'if (order.provider === "checkout-com") return null;\n')).toHaveLength(1);
  });

  it("allows a provider's own folders, the registry, and words in comments", () => {
    expect(providerIdUses("lib/payments/kustom/planted.ts", 'const id = "kustom";\n')).toEqual([]);
    expect(providerIdUses("app/api/klarna/push/route.ts", 'orderPushModule("klarna-payments", "klarna_order_id");\n')).toEqual([]);
    expect(providerIdUses("app/api/checkout-com/webhooks/route.ts", 'observed("/api/checkout-com/webhooks", "checkout-com", handler);\n')).toEqual([]);
    expect(providerIdUses("lib/payments/registry.ts", '  "checkout-com": async () => provider,\n')).toEqual([]);
    expect(providerIdUses("lib/orders/finalize.ts", '// Kustom ("kustom") pushes until acknowledged.\n')).toEqual([]);
    // A word that merely contains an id is not one.
    expect(providerIdUses("lib/orders/finalize.ts", 'const path = "/api/kustom/push";\n')).toEqual([]);
  });
});
