import { createRequire } from "node:module";

interface Percentiles {
  average: number;
  min: number;
  max: number;
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
}

export interface AutocannonResult {
  duration: number;
  requests: Percentiles & { total: number; sent: number };
  latency: Percentiles;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}

interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  requests?: { method?: string; setupRequest?: (request: RawRequest) => RawRequest }[];
}

// autocannon ships no types; this is the part of its API the benches use.
const autocannon = createRequire(__filename)("autocannon") as (options: AutocannonOptions) => Promise<AutocannonResult>;

export function runAutocannon(options: AutocannonOptions): Promise<AutocannonResult> {
  return autocannon(options);
}

/**
 * Which item the next request goes to, for a `setupRequest`: each item's requests `inARow` in a row (so duplicates of
 * one callback arrive together, as a vendor's retries can), cycling through `count` items.
 */
export function inRows(count: number, inARow: number): () => number {
  let sent = 0;
  return () => Math.floor(sent++ / inARow) % count;
}
