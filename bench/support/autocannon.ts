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
 * `connections` connections of POSTs for `duration` seconds over `items`: each item's requests `inARow` in a row (so
 * duplicates of one callback arrive together, as a vendor's retries can), cycling through the items. `request` gives
 * an item's path and body; `reached` is told each item a request went to.
 */
export function postInRows<Item>(options: {
  url: string;
  connections: number;
  duration: number;
  items: readonly Item[];
  inARow: number;
  request: (item: Item) => { path: string; body?: string };
  reached?: (item: Item) => void;
}): Promise<AutocannonResult> {
  const requests = options.items.map(options.request);
  let sent = 0;
  return runAutocannon({
    url: options.url,
    connections: options.connections,
    duration: options.duration,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          const index = Math.floor(sent++ / options.inARow) % requests.length;
          options.reached?.(options.items[index]!);
          const { path, body } = requests[index]!;
          return body === undefined ? { ...request, path } : { ...request, path, body, headers: { "content-type": "application/json" } };
        },
      },
    ],
  });
}
