import type { ProviderManifest } from "../manifest";

/** Klarna payment requests: Klarna's hosted purchase journey, then payment transactions the store settles. */
export const klarnaNetworkManifest = {
  id: "klarna-network",
  label: "Klarna payment requests",
  vendor: "Klarna",
  adminPanel: true,
  // Payment requests send the shopper to Klarna's purchase journey (a navigation) and load nothing into the page
  // but what the web SDK does; the journey's origin is allowed as a form target in case a redirect follows a post.
  browserSources: [{ variable: "KLARNA_NETWORK_API_URL", hosts: "klarna-hosts" }],
} as const satisfies ProviderManifest;
