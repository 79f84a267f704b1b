import { z } from "zod";

const count = z.int().min(1).optional();

/**
 * Faults of this API, injected through `POST /_sim/klarna-network/faults`:
 * - webhook `drop` (lost: never sent, recorded), `duplicate` (each attempt sent twice at once), `reorder` (held back one
 *   virtual minute, so the next event overtakes it), `late` (held back `delay_ms` of virtual time);
 * - api `fail`: the next API calls answer `status` (default 503) in the API's error shape, changing nothing.
 * `count` limits how many events or calls a fault applies to; without it the fault stays until cleared.
 */
export const knFaultSchema = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("webhook"),
      mode: z.enum(["drop", "duplicate", "reorder", "late"]),
      delay_ms: z.int().min(1).max(48 * 3_600_000).optional(),
      count,
    }),
    z.object({ kind: z.literal("api"), mode: z.literal("fail"), status: z.int().min(500).max(599).default(503), count }),
  ])
  .refine((fault) => fault.kind !== "webhook" || fault.mode !== "late" || fault.delay_ms !== undefined, {
    message: "delay_ms is required for mode late",
    path: ["delay_ms"],
  });

export type KnFault = z.infer<typeof knFaultSchema>;

export interface ActiveKnFault {
  id: number;
  fault: KnFault;
  remaining: number | null;
}

/** Active faults, in memory: they describe a test's scenario, not Klarna's state. */
export class KnFaults {
  private active: ActiveKnFault[] = [];
  private nextId = 1;

  add(fault: KnFault): ActiveKnFault {
    const entry = { id: this.nextId++, fault, remaining: fault.count ?? null };
    this.active.push(entry);
    return entry;
  }

  list(): ActiveKnFault[] {
    return [...this.active];
  }

  clear(): void {
    this.active = [];
  }

  /** The first active fault of a kind, used up by one application. */
  take<K extends KnFault["kind"]>(kind: K): Extract<KnFault, { kind: K }> | undefined {
    const entry = this.active.find((candidate) => candidate.fault.kind === kind);
    if (!entry) return undefined;
    if (entry.remaining !== null) {
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.active = this.active.filter((candidate) => candidate !== entry);
    }
    return entry.fault as Extract<KnFault, { kind: K }>;
  }
}
