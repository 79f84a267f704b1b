import { env } from "@/lib/env";
import { createKlarnaClient, type KlarnaClient } from "@/lib/klarna";

let client: KlarnaClient | undefined;

/**
 * Kustom's API: Checkout v3 and Order Management, the same wire API as Klarna's at Kustom's host
 * (https://api.kustom.co, the playground, or the simulator's /kustom), authorized with the API key as it is.
 */
export function kustom(): KlarnaClient {
  if (!client) {
    const config = env();
    client = createKlarnaClient({
      apiUrl: config.KUSTOM_API_URL,
      username: "",
      password: "",
      authorization: `Basic ${config.KUSTOM_API_KEY}`,
      timeoutMs: config.KLARNA_TIMEOUT_MS,
    });
  }
  return client;
}
