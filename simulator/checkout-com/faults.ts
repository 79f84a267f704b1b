import { z } from "zod";
import { FaultRegistry, type ActiveFault } from "../kernel/faults";

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

export type ActiveCheckoutComFault = ActiveFault<CheckoutComFault>;

/** Checkout.com's faults, in the kernel's registry (in memory). */
export class CheckoutComFaults extends FaultRegistry<CheckoutComFault> {
  /** The faults for this target that apply now, each used up by one. */
  takeTarget<T extends CheckoutComFault["target"]>(
    target: T,
    matches: (fault: Extract<CheckoutComFault, { target: T }>) => boolean = () => true,
  ): Extract<CheckoutComFault, { target: T }>[] {
    return this.take(
      (fault): fault is Extract<CheckoutComFault, { target: T }> =>
        fault.target === target && matches(fault as Extract<CheckoutComFault, { target: T }>),
    );
  }
}
