import { z } from "zod";
import { DEFAULT_PASSWORD, DEFAULT_USERNAME } from "./config";
import { createSimulator } from "./create-simulator";

// `tsx simulator/main.ts`: reads the environment once, failing with the variable's name, and starts the simulator.
const env = z
  .object({
    SIMULATOR_PORT: z.coerce.number().int().min(0).max(65_535).default(4010),
    SIMULATOR_DB: z.string().min(1).default("data/simulator.db"),
    SIMULATOR_CLOCK: z.enum(["realtime", "manual"]).default("realtime"),
    SIMULATOR_SPEED: z.coerce.number().positive().default(1),
    SIMULATOR_PUBLIC_URL: z.url().optional(),
    // Klarna shows the merchant name from the merchant's account in its popup; this plays that account setting.
    SIMULATOR_MERCHANT_NAME: z.string().min(1).max(100).optional(),
    KLARNA_USERNAME: z.string().min(1).default(DEFAULT_USERNAME),
    KLARNA_PASSWORD: z.string().min(1).default(DEFAULT_PASSWORD),
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
} = env.data;

// Without SIMULATOR_PUBLIC_URL the simulator hands out http://localhost:{the port it listens on}.
const simulator = createSimulator({ dbPath, clock, speed, username, password, publicUrl, merchantName });

simulator.listen(port).then(
  ({ url }) => console.log(`[simulator] Klarna simulator on ${url} (${clock} clock, database ${dbPath})`),
  (error: unknown) => {
    console.error(`[simulator] could not listen on port ${port}:`, error);
    process.exit(1);
  },
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void simulator.close().then(() => process.exit(0));
  });
}
