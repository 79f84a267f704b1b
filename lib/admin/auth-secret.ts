import { env } from "@/lib/env";
import { storeSecret } from "@/lib/secrets";
import { authSecretSource, isLocalRun, MissingAuthSecretError } from "./deployment";

/**
 * The secret that signs back-office sessions: AUTH_SECRET, or on a local run one generated on first start and kept
 * in the database, so `next start` works without set-up and sessions survive a restart. Never generated elsewhere.
 */
export async function authSecret(): Promise<string> {
  const config = env();
  switch (authSecretSource(config.AUTH_SECRET, isLocalRun(config.STORE_URL))) {
    case "configured":
      return config.AUTH_SECRET!;
    case "generated":
      return storeSecret("AUTH_SECRET");
    case "missing":
      throw new MissingAuthSecretError();
  }
}
