import "server-only";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { appSecrets } from "@/db/schema";
import { isLocalRun } from "@/lib/admin/deployment";
import { env, type Env } from "@/lib/env";

/** The secrets a local run generates for itself and a deployment must be given, with the row each is kept in. */
const GENERATED_LOCALLY = { CART_SECRET: "cart-cookie", AUTH_SECRET: "AUTH_SECRET" } as const;
export type DeploymentSecret = keyof typeof GENERATED_LOCALLY;

export class MissingSecretsError extends Error {
  constructor(readonly missing: readonly DeploymentSecret[]) {
    super(
      `${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set. A deployed store (on Vercel, or with a ` +
        "public STORE_URL) does not generate its secrets: set each to a random string of at least 32 characters, for " +
        "example the output of `openssl rand -base64 32`, in the deployment's environment variables.",
    );
    this.name = "MissingSecretsError";
  }
}

/** Which of the secrets a deployment must configure are missing; none on a local run, which generates them. */
export function missingDeploymentSecrets(config: Pick<Env, "STORE_URL" | DeploymentSecret> = env()): DeploymentSecret[] {
  if (isLocalRun(config.STORE_URL)) return [];
  return (Object.keys(GENERATED_LOCALLY) as DeploymentSecret[]).filter((name) => !config[name]);
}

/** Run at start (instrumentation.ts): a deployment without its secrets refuses to start and says which. */
export function assertDeploymentSecrets(config: Pick<Env, "STORE_URL" | DeploymentSecret> = env()): void {
  const missing = missingDeploymentSecrets(config);
  if (missing.length > 0) throw new MissingSecretsError(missing);
}

const cache = new Map<string, string>();

/**
 * A secret from the environment if configured. On a local run, otherwise, one generated on first use and kept in
 * the database, so a local store needs no set-up and keeps its cookies valid across restarts; insert-or-ignore
 * makes concurrent first requests agree on one value. A deployment never generates one: instances would each
 * need the same value, and it belongs in the deployment's configuration.
 */
export async function storeSecret(name: DeploymentSecret): Promise<string> {
  const config = env();
  const configured = config[name];
  if (configured) return configured;
  if (!isLocalRun(config.STORE_URL)) throw new MissingSecretsError([name]);
  const cached = cache.get(name);
  if (cached) return cached;
  const row = GENERATED_LOCALLY[name];
  await db().insert(appSecrets).values({ name: row, value: randomBytes(32).toString("base64url") }).onConflictDoNothing();
  const [stored] = await db().select({ value: appSecrets.value }).from(appSecrets).where(eq(appSecrets.name, row));
  if (!stored) throw new Error(`Secret ${name} could not be stored`);
  cache.set(name, stored.value);
  return stored.value;
}
