import type { VirtualClock } from "./kernel/clock";
import type { SimulatorConfig } from "./config";
import type { Repository } from "./kernel/database";
import type { KlarnaStore } from "./klarna-store";
import type { KlarnaFaults } from "./klarna-payments/faults";
import type { MerchantCaller } from "./kernel/merchant-calls";
import type { Scheduler } from "./kernel/scheduler";

/** The simulator's state and collaborators, handed to every service and route. */
export interface Core {
  config: SimulatorConfig;
  /** The kernel's bookkeeping: meta, jobs, calls to the merchant, persisted faults. */
  repo: Repository;
  /** Klarna's sessions, authorizations, orders and Kustom's checkout orders (shared through Order Management). */
  klarna: KlarnaStore;
  clock: VirtualClock;
  scheduler: Scheduler;
  /** Klarna Payments' and Kustom's faults (`/_sim/faults`); the other APIs keep theirs in their own folders. */
  faults: KlarnaFaults;
  merchant: MerchantCaller;
  /** Signs and verifies client tokens. */
  secret: string;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const iso = (time: number) => new Date(time).toISOString();

/** Fills Klarna's placeholders in merchant URLs: {order.id}, {checkout.order.id} and {session.id}. */
export function expandUrl(template: string, ids: { orderId?: string; sessionId?: string }): string {
  let url = template;
  if (ids.orderId !== undefined) url = url.replaceAll("{order.id}", ids.orderId).replaceAll("{checkout.order.id}", ids.orderId);
  if (ids.sessionId !== undefined) url = url.replaceAll("{session.id}", ids.sessionId);
  return url;
}
