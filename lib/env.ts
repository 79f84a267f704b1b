import "server-only";
import { z } from "zod";
import { DEFAULT_PROVIDER_ID, PROVIDER_IDS } from "./payments/provider";

/**
 * Every environment variable the store reads, validated once. Nothing is required to run locally:
 * the defaults point at the Klarna simulator and a SQLite file under ./data.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /**
   * A file path (better-sqlite3, the default), `file:` (a local libSQL file), or a libSQL server such as Turso
   * (`libsql://…`, `https://…`), which also needs DATABASE_AUTH_TOKEN. See db/index.ts. Unset, TURSO_DATABASE_URL
   * (Vercel's Turso integration) stands in for it.
   */
  DATABASE_URL: z.string().min(1).default("data/store.db"),
  /** The token of a libSQL server (Turso: `turso db tokens create <db>`); unused for files. TURSO_AUTH_TOKEN works too. */
  DATABASE_AUTH_TOKEN: z.string().min(1).optional(),
  /** The store's public URL. Unset on Vercel: https:// and VERCEL_PROJECT_PRODUCTION_URL. */
  STORE_URL: z.url().default("http://localhost:3000"),
  KLARNA_API_URL: z.url().default("http://localhost:4010"),
  KLARNA_SDK_URL: z.url().default("http://localhost:4010/kp/lib/v1/api.js"),
  KLARNA_USERNAME: z.string().min(1).default("PK00000_storefront_test"),
  KLARNA_PASSWORD: z.string().min(1).default("simulator-test-password"),
  KLARNA_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  CART_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /**
   * Kustom Checkout: ask it to fail a purchase when the validation callback does not answer
   * (require_validate_callback_success). Klarna Payments has no validation callback; there it does nothing.
   */
  KLARNA_STRICT_VALIDATION: z
    .enum(["true", "false", "1", "0"], { error: "must be true or false" })
    .default("false")
    .transform((value) => value === "true" || value === "1"),
  /** Signs back-office sessions (Auth.js). Generated and kept in the database in development when unset. */
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /**
   * Klarna Express Checkout: Klarna's button on product pages and in the cart (reference/klarna/express-checkout-notes.md).
   * Off unless "true"; only with PAYMENT_PROVIDER=klarna-payments.
   */
  KLARNA_EXPRESS_CHECKOUT: z
    .enum(["true", "false", "1", "0"], { error: "must be true or false" })
    .default("false")
    .transform((value) => value === "true" || value === "1"),
  /** Which checkout shoppers see. Every provider's callbacks stay live, so switching never strands an order. */
  PAYMENT_PROVIDER: z.enum(PROVIDER_IDS).default(DEFAULT_PROVIDER_ID),
  /** Kustom Checkout (formerly Klarna Checkout): https://api.kustom.co, https://api.playground.kustom.co, or the simulator. */
  KUSTOM_API_URL: z.url().default("http://localhost:4010/kustom"),
  /** Kustom API key (`kco_test_api_…` on the playground), sent as `Authorization: Basic <key>`. */
  KUSTOM_API_KEY: z.string().min(1).default("kco_test_api_simulator000000000000"),
  /** Klarna payment requests (Klarna Network API v2): https://api-global.test.klarna.com, the live host, or the simulator. */
  KLARNA_NETWORK_API_URL: z.url().default("http://localhost:4010/klarna-network"),
  /** The API key, sent as `Authorization: Basic <API key>` unchanged. */
  KLARNA_NETWORK_API_KEY: z.string().min(1).default("klarna_test_api_simulator_0000000000"),
  /** The account the store acts for: the merchant's own, or the partner account an acquirer acts on behalf of. */
  KLARNA_NETWORK_ACCOUNT_ID: z.string().min(1).default("krn:partner:global:account:test:TRAILHEAD"),
  /** merchant: confirm payment requests by confirmation token; acquirer: payment authorize with step-up. */
  KLARNA_NETWORK_ROLE: z.enum(["merchant", "acquirer"]).default("merchant"),
  /**
   * Webhook signing keys, `id:secret` pairs separated by commas; several during a rotation. An id holds colons
   * (krn:…), so each pair splits at its last colon. The default is the simulator's preset key.
   */
  KLARNA_NETWORK_SIGNING_KEYS: z
    .string()
    .min(1)
    .default("krn:partner:global:notification:signing-key:00000000-0000-4000-8000-000000000001:simulator-test-signing-key-0001"),
  /**
   * Where shopper emails go (lib/email): smtp://user:pass@host:587 or smtps://…:465, as nodemailer reads it. Unset,
   * the simulator's mail catcher (SIMULATOR_SMTP_PORT, SIMULATOR_PORT + 15 by default; `npm start` sets it).
   */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, "must be an smtp:// or smtps:// URL")
    .default("smtp://localhost:4025"),
  /** The From of shopper emails. */
  MAIL_FROM: z.string().min(3).default("Trailhead Supply Co. <orders@trailhead.example>"),
  /**
   * Tests and demos only: a URL answering `{ "now_ms": <epoch ms> }` (the simulator's GET /_sim/clock) whose time the
   * subscription renewals follow instead of the store's own clock, so advancing the simulator's virtual clock makes
   * renewals fall due. Unset in production.
   */
  SUBSCRIPTION_CLOCK_URL: z.url().optional(),
  /** Bearer secret for POST /api/cron/reconcile; the endpoint is off when unset. */
  CRON_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  /**
   * How often the store process settles orders left pending over a minute (instrumentation.ts); 0 turns it off.
   * Default 0 on Vercel, where Vercel Cron calls /api/cron/reconcile instead (vercel.json).
   */
  RECONCILE_EVERY_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  /** On-site messaging client id from Klarna's merchant portal; unset: no messaging script and no placements. */
  KLARNA_CLIENT_ID: z.string().min(1).optional(),
  /** Klarna's web SDK (On-site messaging): https://js.klarna.com/web-sdk/v1/klarna.js on Klarna. */
  KLARNA_WEB_SDK_URL: z.url().default("http://localhost:4010/web-sdk/v1/klarna.js"),
  /** The web SDK's data-environment. */
  KLARNA_ENVIRONMENT: z.enum(["playground", "production"], { error: "must be playground or production" }).default("playground"),
  // Klarna through Checkout.com (lib/payments/checkout-com). Not CKO_*: checkout-sdk-node reads those names itself.
  CHECKOUT_COM_API_URL: z.url().default("http://localhost:4010/checkout-com"),
  /** A NAS secret key: sk_sbox_ (sandbox) or sk_ followed by 27 base32 characters. Default: the simulator's. */
  CHECKOUT_COM_SECRET_KEY: z
    .string()
    .regex(/^sk_(sbox_)?[a-z2-7]{26}[a-z2-7*#$=]$/, "must be a Checkout.com secret key (sk_sbox_ + 27 characters)")
    .default("sk_sbox_trailheadsupplycosimulatork"),
  CHECKOUT_COM_PROCESSING_CHANNEL_ID: z
    .string()
    .regex(/^pc_\w{26}$/, "must be a processing channel id (pc_ + 26 characters)")
    .default("pc_trailheadsupplycosimulator"),
  /** Signs Checkout.com's webhooks (Cko-Signature); the store registers its webhook with it. */
  CHECKOUT_COM_WEBHOOK_SIGNATURE_KEY: z.string().min(16, "must be at least 16 characters").default("trailhead-checkout-com-webhook-signing-key"),
  CHECKOUT_COM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Klarna promo codes agreed with Klarna, comma-separated (e.g. 6m_0APR,12m_9.9APR); sent as custom_payment_method_ids. */
  CHECKOUT_COM_PROMO_CODES: z
    .string()
    .regex(/^[\w.]+(,[\w.]+)*$/, "must be comma-separated promo codes such as 6m_0APR")
    .optional()
    .transform((value) => (value ? value.split(",") : [])),
});

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  constructor(issues: z.core.$ZodIssue[]) {
    const lines = issues.map((issue) => `  ${issue.path.join(".") || "(root)"}: ${issue.message}`);
    super(`Invalid environment variables:\n${lines.join("\n")}\nSee .env.example for what each one means.`);
    this.name = "EnvError";
  }
}

/**
 * The names platforms set for the store's own variables, filled in where the store's are unset:
 * - Vercel's Turso integration (Marketplace) sets TURSO_DATABASE_URL and TURSO_AUTH_TOKEN;
 * - Vercel sets VERCEL_PROJECT_PRODUCTION_URL (a host name, no scheme) to the production domain, so STORE_URL need
 *   not be typed (https://vercel.com/docs/environment-variables/system-environment-variables);
 * - where Vercel Cron calls /api/cron/reconcile (VERCEL is set), the in-process scheduler is off unless
 *   RECONCILE_EVERY_MS says otherwise: a serverless instance does not live long enough to run it anyway.
 */
function withPlatformDefaults(source: Record<string, string>): Record<string, string> {
  const filled = { ...source };
  if (!filled.DATABASE_URL && filled.TURSO_DATABASE_URL) filled.DATABASE_URL = filled.TURSO_DATABASE_URL;
  if (!filled.DATABASE_AUTH_TOKEN && filled.TURSO_AUTH_TOKEN) filled.DATABASE_AUTH_TOKEN = filled.TURSO_AUTH_TOKEN;
  if (!filled.STORE_URL && filled.VERCEL_PROJECT_PRODUCTION_URL) {
    const host = filled.VERCEL_PROJECT_PRODUCTION_URL;
    filled.STORE_URL = /^https?:\/\//.test(host) ? host : `https://${host}`;
  }
  if (!filled.RECONCILE_EVERY_MS && filled.VERCEL) filled.RECONCILE_EVERY_MS = "0";
  return filled;
}

/** Parses an environment object; exported for tests. Empty strings count as unset. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""),
  );
  const result = schema.safeParse(withPlatformDefaults(cleaned));
  if (!result.success) throw new EnvError(result.error.issues);
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
