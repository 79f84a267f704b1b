import type { APIRequestContext } from "@playwright/test";
import { SIMULATOR_URL } from "../../playwright.config";

// The Klarna simulator's own control API (/_sim, simulator/kernel/control-routes.ts and simulator/klarna-payments/control-routes.ts): what Klarna really did,
// whatever the store shows, and the clock and faults the tests steer it with.

/** One call the simulator made to the store, as `GET /_sim/orders/{id}` lists it. */
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

export interface KlarnaCapture {
  capture_id: string;
  captured_amount: number;
  order_lines: { reference?: string; quantity: number; total_amount: number }[];
  shipping_info: Record<string, string>[];
}

/** The Order Management order plus what Klarna does not expose (acknowledgement, callbacks, scheduled jobs). */
export interface KlarnaOrder {
  order_id: string;
  status: string;
  order_amount: number;
  purchase_currency: string;
  captured_amount: number;
  refunded_amount: number;
  remaining_authorized_amount: number;
  captures: KlarnaCapture[];
  refunds: { refund_id: string; refunded_amount: number; order_lines: { reference?: string; quantity: number }[] }[];
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

async function call<T>(request: APIRequestContext, method: "GET" | "POST" | "DELETE", path: string, data?: unknown): Promise<T> {
  const response = await request.fetch(`${SIMULATOR_URL}${path}`, { method, data });
  if (!response.ok()) throw new Error(`Simulator ${method} ${path} answered ${response.status()}: ${await response.text()}`);
  return (response.status() === 204 ? undefined : await response.json()) as T;
}

/** The order as Klarna (the simulator) holds it. */
export function klarnaOrder(request: APIRequestContext, klarnaOrderId: string): Promise<KlarnaOrder> {
  return call(request, "GET", `/_sim/orders/${encodeURIComponent(klarnaOrderId)}`);
}

/** The Klarna order placed from a payment session, or null while the session has not become one. */
export async function klarnaOrderIdOfSession(request: APIRequestContext, klarnaSessionId: string): Promise<string | null> {
  return (await call<{ order_id: string | null }>(request, "GET", `/_sim/sessions/${encodeURIComponent(klarnaSessionId)}`)).order_id;
}

/** The states of a session's authorizations at Klarna: `active`, `consumed`, `cancelled` (DELETE) or `replaced`. */
export async function authorizationsOfSession(request: APIRequestContext, klarnaSessionId: string): Promise<string[]> {
  const session = await call<{ authorizations: { status: string }[] }>(request, "GET", `/_sim/sessions/${encodeURIComponent(klarnaSessionId)}`);
  return session.authorizations.map((authorization) => authorization.status);
}

export function pushesOf(order: KlarnaOrder): CallbackAttempt[] {
  return order.callbacks.filter((attempt) => attempt.kind === "push");
}

/** Moves the simulator's virtual clock; every callback that falls due is sent (and awaited) before this returns. */
export async function advanceClock(request: APIRequestContext, advance: string): Promise<FiredCallback[]> {
  return (await call<{ fired: FiredCallback[] }>(request, "POST", "/_sim/clock", { advance })).fired;
}

/**
 * While on, Klarna answers every acknowledgement with 503; off clears every fault. Faults are global in the
 * simulator, shared by every spec: a test that sets one clears them when it ends.
 */
export async function setAcknowledgeFault(request: APIRequestContext, on: boolean): Promise<void> {
  if (on) await call(request, "POST", "/_sim/faults", { kind: "acknowledge", mode: "fail", status: 503 });
  else await clearFaults(request);
}

export function clearFaults(request: APIRequestContext): Promise<void> {
  return call(request, "DELETE", "/_sim/faults");
}
