import { env } from "@/lib/env";
import { createNetworkClient, type NetworkClient } from "./client";
import { parseSigningKeys, type SigningKey } from "./signature";

export type NetworkRole = "merchant" | "acquirer";

export interface NetworkSettings {
  role: NetworkRole;
  signingKeys: SigningKey[];
  /** Where Klarna sends webhooks: the store's public URL. */
  webhookUrl: string;
  storeUrl: string;
}

let cached: { client: NetworkClient; settings: NetworkSettings } | undefined;

function load() {
  const e = env();
  cached ??= {
    client: createNetworkClient({
      apiUrl: e.KLARNA_NETWORK_API_URL,
      apiKey: e.KLARNA_NETWORK_API_KEY,
      accountId: e.KLARNA_NETWORK_ACCOUNT_ID,
      timeoutMs: e.KLARNA_TIMEOUT_MS,
    }),
    settings: {
      role: e.KLARNA_NETWORK_ROLE,
      signingKeys: parseSigningKeys(e.KLARNA_NETWORK_SIGNING_KEYS),
      webhookUrl: `${e.STORE_URL.replace(/\/+$/, "")}/api/klarna/webhooks`,
      storeUrl: e.STORE_URL.replace(/\/+$/, ""),
    },
  };
  return cached;
}

/** The client for KLARNA_NETWORK_API_URL with the store's key and account, made once. */
export function networkClient(): NetworkClient {
  return load().client;
}

export function networkSettings(): NetworkSettings {
  return load().settings;
}
