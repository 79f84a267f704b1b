import "server-only";
import { env } from "../env";
import { createKlarnaClient, type KlarnaClient } from "./client";

let client: KlarnaClient | undefined;

/** The store's Klarna client, configured from the environment once: the simulator, the playground or production. */
export function klarna(): KlarnaClient {
  if (!client) {
    const config = env();
    client = createKlarnaClient({
      apiUrl: config.KLARNA_API_URL,
      username: config.KLARNA_USERNAME,
      password: config.KLARNA_PASSWORD,
      timeoutMs: config.KLARNA_TIMEOUT_MS,
    });
  }
  return client;
}

export { createKlarnaClient, type Idempotent, type KlarnaClient, type KlarnaClientOptions } from "./client";
export {
  describeKlarnaError,
  isKlarnaNotFound,
  KlarnaApiError,
  KlarnaUnavailableError,
  type KlarnaOperation,
  type KlarnaUnavailableReason,
} from "./errors";
export * from "./types";
