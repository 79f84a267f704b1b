import { z } from "zod";
import { FaultRegistry, type ActiveFault } from "../kernel/faults";

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

export type ActiveKnFault = ActiveFault<KnFault>;

/** This API's faults, in the kernel's registry (in memory: they describe a test's scenario, not Klarna's state). */
export class KnFaults extends FaultRegistry<KnFault> {
  /** The first active fault of a kind, used up by one application. */
  takeFirst<K extends KnFault["kind"]>(kind: K): Extract<KnFault, { kind: K }> | undefined {
    return this.take((fault): fault is Extract<KnFault, { kind: K }> => fault.kind === kind, () => kind)[0];
  }
}
