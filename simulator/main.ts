import { z } from "zod";
import { DEFAULT_KUSTOM_API_KEY, DEFAULT_KUSTOM_USERNAME, DEFAULT_PASSWORD, DEFAULT_USERNAME } from "./config";
import { createSimulator } from "./create-simulator";
import { startMailCatcher } from "./mail/catcher";

const timeout = z.coerce.number().int().min(1).max(600_000).optional();

// `tsx simulator/main.ts`: reads the environment once, failing with the variable's name, and starts the simulator.
const env = z
  .object({
    SIMULATOR_PORT: z.coerce.number().int().min(0).max(65_535).default(4010),
    // The mail catcher's SMTP port (simulator/mail); default: SIMULATOR_PORT + 15.
    SIMULATOR_SMTP_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
    SIMULATOR_DB: z.string().min(1).default("data/simulator.db"),
    SIMULATOR_CLOCK: z.enum(["realtime", "manual"]).default("realtime"),
    SIMULATOR_SPEED: z.coerce.number().positive().default(1),
    SIMULATOR_PUBLIC_URL: z.url().optional(),
    // Klarna shows the merchant name from the merchant's account in its popup; this plays that account setting.
    SIMULATOR_MERCHANT_NAME: z.string().min(1).max(100).optional(),
    KLARNA_USERNAME: z.string().min(1).default(DEFAULT_USERNAME),
    KLARNA_PASSWORD: z.string().min(1).default(DEFAULT_PASSWORD),
    KUSTOM_API_KEY: z.string().min(1).default(DEFAULT_KUSTOM_API_KEY),
    KUSTOM_USERNAME: z.string().min(1).default(DEFAULT_KUSTOM_USERNAME),
    // Test knobs: shrink the wall-clock limits of calls to the merchant so a store test proves Klarna's and Kustom's
    // 3 s / 10 s rules in about a second. Unset, the vendors' values apply.
    SIMULATOR_AUTHORIZATION_TIMEOUT_MS: timeout,
    SIMULATOR_PUSH_TIMEOUT_MS: timeout,
    SIMULATOR_NOTIFICATION_TIMEOUT_MS: timeout,
    SIMULATOR_VALIDATION_TIMEOUT_MS: timeout,
    SIMULATOR_STRICT_VALIDATION_TIMEOUT_MS: timeout,
  })
  .safeParse(process.env);

if (!env.success) {
  for (const issue of env.error.issues) console.error(`Invalid ${issue.path.join(".")}: ${issue.message}`);
  process.exit(1);
}

const {
  SIMULATOR_PORT: port,
  SIMULATOR_DB: dbPath,
  SIMULATOR_CLOCK: clock,
  SIMULATOR_SPEED: speed,
  SIMULATOR_PUBLIC_URL: publicUrl,
  SIMULATOR_MERCHANT_NAME: merchantName,
  KLARNA_USERNAME: username,
  KLARNA_PASSWORD: password,
  KUSTOM_API_KEY: kustomApiKey,
  KUSTOM_USERNAME: kustomUsername,
} = env.data;

const timeouts = {
  authorizationMs: env.data.SIMULATOR_AUTHORIZATION_TIMEOUT_MS,
  pushMs: env.data.SIMULATOR_PUSH_TIMEOUT_MS,
  notificationMs: env.data.SIMULATOR_NOTIFICATION_TIMEOUT_MS,
  validationMs: env.data.SIMULATOR_VALIDATION_TIMEOUT_MS,
  strictValidationMs: env.data.SIMULATOR_STRICT_VALIDATION_TIMEOUT_MS,
};

// Without SIMULATOR_PUBLIC_URL the simulator hands out http://localhost:{the port it listens on}.
const simulator = createSimulator({
  dbPath,
  clock,
  speed,
  username,
  password,
  kustomApiKey,
  kustomUsername,
  publicUrl,
  merchantName,
  timeouts: Object.fromEntries(Object.entries(timeouts).filter(([, value]) => value !== undefined)),
});

simulator.listen(port).then(
  ({ url }) => console.log(`[simulator] Klarna simulator on ${url} (${clock} clock, database ${dbPath})`),
  (error: unknown) => {
    console.error(`[simulator] could not listen on port ${port}:`, error);
    process.exit(1);
  },
);

const smtpPort = env.data.SIMULATOR_SMTP_PORT ?? port + 15;
startMailCatcher(smtpPort).then(
  ({ port: listening }) => console.log(`[simulator] mail catcher on smtp://localhost:${listening}`),
  (error: unknown) => {
    console.error(`[simulator] could not listen for mail on port ${smtpPort}:`, error);
    process.exit(1);
  },
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void simulator.close().then(() => process.exit(0));
  });
}
