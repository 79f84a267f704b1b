import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";

const clockAnswer = z.object({ now_ms: z.number().int() });

/**
 * The time renewals are scheduled on: the store's clock, or, where SUBSCRIPTION_CLOCK_URL is set (tests and demos),
 * the simulator's virtual clock, so a test that moves Klarna's time three months on sees three renewals fall due.
 * A clock URL that cannot be read is an error: falling back to the real time would charge on the wrong date.
 */
export async function subscriptionNow(): Promise<number> {
  const url = env().SUBSCRIPTION_CLOCK_URL;
  if (!url) return Date.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000), cache: "no-store" });
  if (!response.ok) throw new Error(`The subscription clock at ${url} answered ${response.status}`);
  return clockAnswer.parse(await response.json()).now_ms;
}
