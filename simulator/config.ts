import type { ClockMode } from "./kernel/clock";

/** Options accepted by `createSimulator`. Every field has a default so tests pass only what they care about. */
export interface SimulatorOptions {
  /** SQLite file, or ":memory:" (the default, so a forgotten option never touches a real file). */
  dbPath?: string;
  clock?: ClockMode;
  /** Realtime mode only: virtual seconds per real second. */
  speed?: number;
  /** Virtual time of a fresh database, in epoch ms (defaults to the real time at start). */
  startTime?: number;
  username?: string;
  password?: string;
  /** Kustom's API key (`kco_test_api_…`), sent as `Basic <key>` or `Basic base64(<kustomUsername>:<key>)`. */
  kustomApiKey?: string;
  kustomUsername?: string;
  /** Base URL handed out in client tokens, asset URLs and Location headers; defaults to http://localhost:{port}. */
  publicUrl?: string;
  merchantName?: string;
  /** Wall-clock limits for calls to the merchant. Klarna's values by default; tests shrink them. */
  timeouts?: Partial<CallbackTimeouts>;
  /** How often the realtime clock looks for due callbacks. */
  tickMs?: number;
  log?: (line: string) => void;
}

export interface CallbackTimeouts {
  authorizationMs: number;
  pushMs: number;
  notificationMs: number;
  validationMs: number;
  strictValidationMs: number;
}

export interface SimulatorConfig {
  dbPath: string;
  clock: ClockMode;
  speed: number;
  startTime: number | undefined;
  username: string;
  password: string;
  kustomApiKey: string;
  kustomUsername: string;
  /** Mutable until `listen` knows the port, when no explicit URL was given. */
  publicUrl: string;
  publicUrlExplicit: boolean;
  merchantName: string;
  timeouts: CallbackTimeouts;
  tickMs: number;
  log: (line: string) => void;
}

export const DEFAULT_USERNAME = "PK00000_storefront_test";
export const DEFAULT_PASSWORD = "simulator-test-password";
/** Kustom's test keys look like `kco_test_api_<random>` (reference/kustom/notes.md §3). */
export const DEFAULT_KUSTOM_API_KEY = "kco_test_api_simulator000000000000";
export const DEFAULT_KUSTOM_USERNAME = "M000000-simulator";

// Klarna's documented limits: authorization callback 2 s, push 10 s, validation 3 s (10 s when the merchant requires success).
const DEFAULT_TIMEOUTS: CallbackTimeouts = {
  authorizationMs: 2_000,
  pushMs: 10_000,
  notificationMs: 10_000,
  validationMs: 3_000,
  strictValidationMs: 10_000,
};

export function resolveConfig(options: SimulatorOptions): SimulatorConfig {
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new Error(`speed must be a positive number, got ${speed}`);
  return {
    dbPath: options.dbPath ?? ":memory:",
    clock: options.clock ?? "realtime",
    speed,
    startTime: options.startTime,
    username: options.username ?? DEFAULT_USERNAME,
    password: options.password ?? DEFAULT_PASSWORD,
    kustomApiKey: options.kustomApiKey ?? DEFAULT_KUSTOM_API_KEY,
    kustomUsername: options.kustomUsername ?? DEFAULT_KUSTOM_USERNAME,
    publicUrl: stripTrailingSlash(options.publicUrl ?? "http://localhost"),
    publicUrlExplicit: options.publicUrl !== undefined,
    merchantName: options.merchantName ?? "Your business name",
    timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
    tickMs: options.tickMs ?? 250,
    log: options.log ?? ((line) => console.log(`[simulator] ${line}`)),
  };
}

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
