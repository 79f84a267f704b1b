import { z } from "zod";

/** Faults the simulator can inject (simulator/README.md, "Faults"). */
export type SimulatorFault =
  | { kind: "acknowledge"; mode: "fail"; status?: number; count?: number }
  | { kind: "acknowledge"; mode: "slow"; delay_ms: number; count?: number }
  | { kind: "order_management"; mode: "fail"; status?: number; count?: number }
  | { kind: "order_management"; mode: "slow"; delay_ms: number; count?: number }
  | { kind: "push"; mode: "slow"; delay_ms: number; count?: number }
  | { kind: "push"; mode: "duplicate" | "reorder" | "drop"; count?: number }
  | { kind: "authorization_callback" | "notification"; mode: "drop"; count?: number }
  | { kind: "authorization_callback" | "notification"; mode: "slow"; delay_ms: number; count?: number };

const callbackAttempt = z.object({
  kind: z.string(),
  url: z.string(),
  status: z.number().nullable(),
  error: z.string().nullable(),
});

const simulatorOrder = z.object({
  order_id: z.string(),
  status: z.string(),
  acknowledged: z.boolean(),
  callbacks: z.array(callbackAttempt),
  /** Callbacks Klarna will still send, such as the next push. */
  scheduled: z.array(z.object({ kind: z.string(), due_at: z.string(), attempt: z.number() })),
});
export type SimulatorOrder = z.infer<typeof simulatorOrder>;

const simulatorSession = z.object({
  session_id: z.string(),
  order_id: z.string().nullable(),
  merchant_urls: z.record(z.string(), z.string()).nullish(),
  options: z.record(z.string(), z.unknown()).nullish(),
  /** Every authorization of the session: `active`, `cancelled` (DELETE), `replaced` or `used`. */
  authorizations: z.array(z.object({ authorization_token: z.string(), status: z.string() })),
});

const firedJob = z.object({
  kind: z.string(),
  order_id: z.string().nullable(),
  outcome: z.enum(["sent", "skipped", "dropped", "failed"]),
  reason: z.string().optional(),
});
export type FiredJob = z.infer<typeof firedJob>;

async function call<T>(url: string, schema: z.ZodType<T>, init?: { method: string; body?: unknown }): Promise<T> {
  const response = await fetch(url, {
    method: init?.method ?? "GET",
    headers: init?.body === undefined ? undefined : { "Content-Type": "application/json" },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init?.method ?? "GET"} ${url} answered ${response.status}: ${text}`);
  return schema.parse(text === "" ? undefined : JSON.parse(text));
}

/** The simulator's test helpers under /_sim, which Klarna's playground does not have. */
export function simulatorControl(baseUrl: string) {
  const sim = `${baseUrl}/_sim`;
  return {
    /** Approves a session as a sample customer without a browser, as the popup would; returns the authorization token. */
    async authorize(klarnaSessionId: string, email = "customer@email.se"): Promise<string> {
      const body = await call(
        `${sim}/sessions/${encodeURIComponent(klarnaSessionId)}/authorize`,
        z.object({ approved: z.literal(true), authorization_token: z.string() }),
        { method: "POST", body: { email } },
      );
      return body.authorization_token;
    },
    order(orderId: string): Promise<SimulatorOrder> {
      return call(`${sim}/orders/${encodeURIComponent(orderId)}`, simulatorOrder);
    },
    session(klarnaSessionId: string): Promise<z.infer<typeof simulatorSession>> {
      return call(`${sim}/sessions/${encodeURIComponent(klarnaSessionId)}`, simulatorSession);
    },
    async addFault(fault: SimulatorFault): Promise<number> {
      return (await call(`${sim}/faults`, z.object({ id: z.number() }), { method: "POST", body: fault })).id;
    },
    async clearFaults(): Promise<void> {
      const response = await fetch(`${sim}/faults`, { method: "DELETE" });
      if (!response.ok) throw new Error(`DELETE ${sim}/faults answered ${response.status}`);
    },
    /** Moves Klarna's clock forward and returns every callback that fell due meanwhile. */
    async advanceClock(advance: string): Promise<FiredJob[]> {
      return (await call(`${sim}/clock`, z.object({ fired: z.array(firedJob) }), { method: "POST", body: { advance } })).fired;
    },
  };
}

export type SimulatorControl = ReturnType<typeof simulatorControl>;
