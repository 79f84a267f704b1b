import { z } from "zod";

/**
 * Faults for the Checkout.com API, kept in memory (tests set them per case):
 * - webhook: `drop` (not sent, recorded), `duplicate` (sent twice at once), `reorder` (held back and sent right
 *   after the next event of the same payment), `late` (first attempt `delay_seconds` of virtual time later);
 * - api: `fail` (answer `status`, default 503) or `slow` (wait `delay_ms` of real time) on the Checkout.com routes;
 * - payment: `decline` (the next payment requested is answered 202 Pending, then declined: payment_declined);
 * - capture, refund, void: `decline` (the partner refuses: the *_declined webhook).
 * `count` limits how many times a fault applies; without it it stays until cleared.
 */
export const checkoutComFaultSchema = z.discriminatedUnion("target", [
  z.object({
    target: z.literal("webhook"),
    mode: z.enum(["drop", "duplicate", "reorder", "late"]),
    delay_seconds: z.int().min(1).max(7 * 24 * 3600).optional(),
    event_type: z.string().optional(),
    count: z.int().min(1).optional(),
  }),
  z.object({
    target: z.literal("api"),
    mode: z.enum(["fail", "slow"]),
    status: z.union([z.literal(500), z.literal(502), z.literal(503)]).optional(),
    delay_ms: z.int().min(0).max(120_000).optional(),
    count: z.int().min(1).optional(),
  }),
  z.object({
    target: z.enum(["payment", "capture", "refund", "void"]),
    mode: z.literal("decline"),
    count: z.int().min(1).optional(),
  }),
]);

export type CheckoutComFault = z.infer<typeof checkoutComFaultSchema>;

export interface ActiveCheckoutComFault {
  id: number;
  fault: CheckoutComFault;
  remaining: number | null;
}

export class CheckoutComFaults {
  private active: ActiveCheckoutComFault[] = [];
  private nextId = 1;

  add(fault: CheckoutComFault): ActiveCheckoutComFault {
    const entry = { id: this.nextId++, fault, remaining: fault.count ?? null };
    this.active.push(entry);
    return entry;
  }

  list(): ActiveCheckoutComFault[] {
    return [...this.active];
  }

  clear(): void {
    this.active = [];
  }

  /** The faults for this target that apply now, each used up by one. */
  take<T extends CheckoutComFault["target"]>(
    target: T,
    matches: (fault: Extract<CheckoutComFault, { target: T }>) => boolean = () => true,
  ): Extract<CheckoutComFault, { target: T }>[] {
    const taken: Extract<CheckoutComFault, { target: T }>[] = [];
    for (const entry of [...this.active]) {
      if (entry.fault.target !== target) continue;
      const fault = entry.fault as Extract<CheckoutComFault, { target: T }>;
      if (!matches(fault)) continue;
      taken.push(fault);
      if (entry.remaining === null) continue;
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.active = this.active.filter((other) => other.id !== entry.id);
    }
    return taken;
  }
}
