export type ClockMode = "manual" | "realtime";

/**
 * Virtual time in epoch milliseconds. Everything Klarna would time (session and token expiry, push schedule,
 * retries) reads this clock, so a test can jump 48 hours in one call. HTTP timeouts towards the merchant do not:
 * they are real waits.
 */
export class VirtualClock {
  readonly mode: ClockMode;
  readonly speed: number;
  // Realtime: virtual = base + (wall - wallAnchor) * speed. Manual: virtual = base.
  private base: number;
  private wallAnchor: number;

  constructor(mode: ClockMode, speed: number, start: number) {
    this.mode = mode;
    this.speed = mode === "realtime" ? speed : 1;
    this.base = start;
    this.wallAnchor = Date.now();
  }

  now(): number {
    if (this.mode === "manual") return this.base;
    return Math.floor(this.base + (Date.now() - this.wallAnchor) * this.speed);
  }

  advance(ms: number): void {
    this.base += ms;
  }

  /** Moves a manual clock forward to `time` (never backwards); used to fire each due callback at its own time. */
  moveTo(time: number): void {
    const now = this.now();
    if (time > now) this.advance(time - now);
  }
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses "90s", "15m", "48h", "2d", "1h30m" into milliseconds; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
    const [, amount, unit] = match;
    total += Number(amount) * (UNIT_MS[unit ?? "ms"] ?? 1);
  }
  return Math.round(total);
}
