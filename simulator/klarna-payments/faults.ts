import { z } from "zod";
import type { Repository } from "../kernel/database";
import { FaultRegistry, type ActiveFault as KernelActiveFault } from "../kernel/faults";

const count = z.int().min(1).optional();
const delay = z.int().min(0).max(600_000).optional();
const status = z.int().min(400).max(599).optional();

/**
 * Faults the control API can inject, so the store's recovery paths are exercised:
 * - acknowledge: `fail` (answer `status`, default 503, without acknowledging) or `slow` (wait `delay_ms` first);
 * - order_management: every Order Management call `fail`s (default 500) or is `slow`;
 * - push: `slow` (wait before sending), `duplicate` (send each push twice at once), `reorder` (send the first push
 *   immediately when the order is created, before the create-order response), `drop` (do not send);
 * - authorization_callback and notification: `drop` or `slow`.
 * `count` limits how many times a fault applies; without it the fault stays until deleted. A call takes at most one
 * fault of each mode, the oldest first, so two pending `acknowledge fail` faults fail two calls, in the order they
 * were added (with their own statuses), not both the first.
 */
export const faultSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("acknowledge"), mode: z.enum(["fail", "slow"]), status, delay_ms: delay, count }),
    z.object({ kind: z.literal("order_management"), mode: z.enum(["fail", "slow"]), status, delay_ms: delay, count }),
    z.object({ kind: z.literal("push"), mode: z.enum(["slow", "duplicate", "reorder", "drop"]), delay_ms: delay, count }),
    z.object({ kind: z.literal("authorization_callback"), mode: z.enum(["drop", "slow"]), delay_ms: delay, count }),
    z.object({ kind: z.literal("notification"), mode: z.enum(["drop", "slow"]), delay_ms: delay, count }),
  ])
  .refine((fault) => fault.mode !== "slow" || fault.delay_ms !== undefined, {
    message: "delay_ms is required for mode slow",
    path: ["delay_ms"],
  });

export type Fault = z.infer<typeof faultSchema>;
export type FaultKind = Fault["kind"];
export type ActiveFault = KernelActiveFault<Fault>;

/** Klarna's faults, in the kernel's registry mirrored in SQLite (they are checked on every Order Management call). */
export class KlarnaFaults extends FaultRegistry<Fault> {
  constructor(repo: Repository) {
    super({
      load: () => repo.listFaults(),
      insert: (data) => repo.insertFault(data),
      update: (id, data) => repo.updateFault(id, data),
      delete: (id) => repo.deleteFault(id),
      clear: () => repo.deleteFaults(),
    });
  }

  /** The faults of a kind (optionally only some modes) that apply to this call: the oldest of each mode, used up by one. */
  takeKind<K extends FaultKind>(kind: K, modes?: readonly Fault["mode"][]): Extract<Fault, { kind: K }>[] {
    return this.take(
      (fault): fault is Extract<Fault, { kind: K }> => fault.kind === kind && (!modes || modes.includes(fault.mode)),
      (fault) => fault.mode,
    );
  }
}
