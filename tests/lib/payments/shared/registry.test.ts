import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { adminOrderPanelOf } from "@/lib/payments/admin-views";
import { DEFAULT_PROVIDER_ID, PROVIDER_IDS, PROVIDER_LABELS, PROVIDERS, providerManifest } from "@/lib/payments/provider";
import { paymentProvider, paymentProviders, ProviderUnavailableError } from "@/lib/payments/registry";
import { allProviderViews, providerViews } from "@/lib/payments/views";
import { valueImports } from "../../../support/import-graph";

// The panels' forms post to server actions that ask who is signed in; nothing is posted here.
vi.mock("@/lib/admin/session", () => ({ currentMerchant: vi.fn(async () => null) }));

// The seam of docs/architecture.md: a provider is its folders and one line in PROVIDERS (lib/payments/provider.ts),
// its manifest; everything else the store asks of it is found by its folder's conventional files.
const ROOT = path.resolve(__dirname, "..", "..", "..", "..");

describe("one registry line per provider", () => {
  it("derives the ids, the default and the labels from PROVIDERS, in its order", () => {
    expect(PROVIDER_IDS).toEqual(PROVIDERS.map((manifest) => manifest.id));
    expect(new Set(PROVIDER_IDS).size).toBe(PROVIDER_IDS.length);
    expect(DEFAULT_PROVIDER_ID).toBe(PROVIDERS[0].id);
    for (const manifest of PROVIDERS) {
      expect(PROVIDER_LABELS[manifest.id]).toBe(manifest.label);
      expect(providerManifest(manifest.id)).toBe(manifest);
    }
  });

  it("loads each provider from its folder, matching its manifest", async () => {
    for (const manifest of PROVIDERS) {
      const provider = await paymentProvider(manifest.id);
      expect({ id: provider.id, label: provider.label, vendor: provider.vendor }, manifest.id).toEqual({
        id: manifest.id,
        label: manifest.label,
        vendor: manifest.vendor,
      });
    }
    expect((await paymentProviders()).map((provider) => provider.id)).toEqual([...PROVIDER_IDS]);
    await expect(paymentProvider("planted" as never)).rejects.toBeInstanceOf(ProviderUnavailableError);
  });

  it("loads each provider's views and, where its manifest says so, its own order panel", async () => {
    for (const manifest of PROVIDERS) {
      const views = await providerViews(manifest.id);
      expect(typeof views.checkout, manifest.id).toBe("object");
      const ownPanel = path.join(ROOT, "lib/payments", manifest.id, "admin-views.tsx");
      expect(fs.existsSync(ownPanel), `${manifest.id}: adminPanel and admin-views.tsx agree`).toBe(manifest.adminPanel);
      if (manifest.adminPanel) expect(await adminOrderPanelOf(manifest.id)).toBe((await import(ownPanel)).default);
    }
    expect((await allProviderViews()).map(({ id }) => id)).toEqual([...PROVIDER_IDS]);
  });

  it("keeps every manifest plain data: it imports nothing at load time but the manifest contract", () => {
    for (const manifest of PROVIDERS) {
      const code = fs.readFileSync(path.join(ROOT, "lib/payments", manifest.id, "manifest.ts"), "utf8");
      expect(valueImports(code).filter((specifier) => specifier !== "../manifest"), manifest.id).toEqual([]);
    }
    expect(valueImports(fs.readFileSync(path.join(ROOT, "lib/payments/manifest.ts"), "utf8"))).toEqual([]);
  });
});
