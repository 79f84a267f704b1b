import { z } from "zod";
import type { Repository } from "./database";

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
export interface ActiveFault {
  id: number;
  fault: Fault;
  /** Applications left; null means until deleted. */
  remaining: number | null;
}

/** Active faults, kept in memory (they are checked on every Order Management call) and mirrored in SQLite. */
export class FaultRegistry {
  private active: ActiveFault[];
  private readonly repo: Repository;

  constructor(repo: Repository) {
    this.repo = repo;
    this.active = repo.listFaults().map((row) => JSON.parse(row.data) as ActiveFault);
  }

  add(fault: Fault): ActiveFault {
    const entry: ActiveFault = { id: 0, fault, remaining: fault.count ?? null };
    entry.id = this.repo.insertFault(JSON.stringify(entry));
    this.repo.updateFault(entry.id, JSON.stringify(entry));
    this.active.push(entry);
    return entry;
  }

  list(): ActiveFault[] {
    return [...this.active];
  }

  remove(id: number): boolean {
    const before = this.active.length;
    this.active = this.active.filter((entry) => entry.id !== id);
    this.repo.deleteFault(id);
    return this.active.length < before;
  }

  clear(): void {
    this.active = [];
    this.repo.deleteFaults();
  }

  /** The faults of a kind (optionally only some modes) that apply to this call: the oldest of each mode, used up by one. */
  take<K extends FaultKind>(kind: K, modes?: readonly Fault["mode"][]): Extract<Fault, { kind: K }>[] {
    if (this.active.length === 0) return [];
    const taken: Extract<Fault, { kind: K }>[] = [];
    const takenModes = new Set<Fault["mode"]>();
    const matching = this.active.filter(
      (candidate) => candidate.fault.kind === kind && (!modes || modes.includes(candidate.fault.mode)),
    );
    for (const entry of matching) {
      if (takenModes.has(entry.fault.mode)) continue;
      takenModes.add(entry.fault.mode);
      taken.push(entry.fault as Extract<Fault, { kind: K }>);
      if (entry.remaining === null) continue;
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.remove(entry.id);
      else this.repo.updateFault(entry.id, JSON.stringify(entry));
    }
    return taken;
  }
}
