import type { ProviderManifest } from "../manifest";

/** Kustom Checkout: the hosted checkout completes the purchase; Kustom's Order Management settles it. */
export const kustomManifest = {
  id: "kustom",
  label: "Kustom Checkout",
  vendor: "Kustom",
  adminPanel: false,
  // Kustom's checkout snippet loads from its API's host (reference/kustom/notes.md).
  browserSources: [{ variable: "KUSTOM_API_URL", fallback: "https://api.kustom.co", hosts: "kustom-hosts" }],
} as const satisfies ProviderManifest;
