import { SIMULATOR_URL } from "../../playwright.config";

/** One call the simulator made to the store, as `GET /_sim/orders/{id}` lists it (simulator/routes/control-routes.ts). */
export interface CallbackAttempt {
  id: number;
  kind: "push" | "authorization_callback" | "notification" | "validation";
  url: string;
  attempt: number;
  /** Virtual time, ISO. */
  at: string;
  status: number | null;
  latency_ms: number;
  error: string | null;
}

/** The Order Management order plus what Klarna does not expose. */
export interface SimulatorOrder {
  order_id: string;
  status: string;
  order_amount: number;
  purchase_currency: string;
  acknowledged: boolean;
  acknowledged_at: string | null;
  session_id: string;
  callbacks: CallbackAttempt[];
  scheduled: { kind: string; due_at: string; attempt: number }[];
}

export interface FiredCallback {
  kind: string;
  order_id: string | null;
  outcome: "sent" | "skipped" | "dropped" | "failed";
  status?: number | null;
  reason?: string;
}

/** The faults these tests inject; the simulator has more (simulator/faults.ts). */
export type Fault = { kind: "acknowledge"; mode: "fail"; status?: number; count?: number };

async function call<T>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${SIMULATOR_URL}${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`Simulator ${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export function simulatorOrder(klarnaOrderId: string): Promise<SimulatorOrder> {
  return call("GET", `/_sim/orders/${encodeURIComponent(klarnaOrderId)}`);
}

/** Moves the simulator's virtual clock; every callback that falls due is sent (and awaited) before this returns. */
export async function advanceClock(advance: string): Promise<FiredCallback[]> {
  return (await call<{ fired: FiredCallback[] }>("POST", "/_sim/clock", { advance })).fired;
}

export function injectFault(fault: Fault): Promise<{ id: number }> {
  return call("POST", "/_sim/faults", fault);
}

export function clearFaults(): Promise<void> {
  return call("DELETE", "/_sim/faults");
}

export function pushesOf(order: SimulatorOrder): CallbackAttempt[] {
  return order.callbacks.filter((attempt) => attempt.kind === "push");
}
