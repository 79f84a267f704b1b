import type { ManagedOrder, OrderLine } from "@/lib/klarna";
import { orderLedger, partOfLine, type LedgerKind, type LedgerLine } from "./order-ledger";

/**
 * What the merchant may do to an order, decided from Klarna's live order before anything is sent to Klarna, so a
 * request Klarna would refuse is stopped here with a sentence saying why.
 */

export type Formatter = (minorUnits: number) => string;

/** Line key → quantity, as the form sent it. Lines left out count as 0. */
export type LineSelection = Readonly<Record<string, number>>;

export type Plan =
  | { ok: true; amount: number; lines: OrderLine[]; description: string }
  | { ok: false; message: string };

const refuse = (message: string) => ({ ok: false as const, message });

function expired(order: ManagedOrder, now: Date): boolean {
  return order.status === "EXPIRED" || (order.expires_at !== undefined && new Date(order.expires_at) <= now);
}

function pieces(quantity: number, name: string): string {
  return `${quantity} × ${name}`;
}

/** Why nothing can be captured now, or null if a capture is possible. */
export function captureRefusal(order: ManagedOrder, now: Date, format: Formatter): string | null {
  if (order.status === "CANCELLED") return "This order was cancelled, so nothing can be captured.";
  if (order.fraud_status === "REJECTED") return "Klarna rejected this order as a fraud risk, so it cannot be captured.";
  if (order.fraud_status === "PENDING") {
    return "Klarna is still reviewing this order for fraud. Do not ship it yet: capture once Klarna accepts it.";
  }
  if (order.remaining_authorized_amount <= 0) {
    if (order.captured_amount >= order.order_amount) return "This order was already captured in full.";
    if (order.captured_amount > 0) {
      return `The rest of the authorization was released or has expired after ${format(order.captured_amount)} was captured, so nothing more can be captured.`;
    }
    if (expired(order, now)) return "The authorization has expired, so Klarna no longer accepts captures for this order.";
    return "Nothing remains authorized on this order.";
  }
  if (expired(order, now)) return "The authorization has expired, so Klarna no longer accepts captures for this order.";
  return null;
}

/** Why nothing can be refunded now, or null. */
export function refundRefusal(order: ManagedOrder): string | null {
  if (order.captured_amount <= 0) {
    return "Nothing has been captured yet, so there is nothing to refund. Cancel the order instead if it will not ship.";
  }
  if (order.refunded_amount >= order.captured_amount) return "Everything captured on this order has already been refunded.";
  return null;
}

/** Klarna cancels only orders with no captures (CANCEL_NOT_ALLOWED otherwise). */
export function cancelRefusal(order: ManagedOrder): string | null {
  if (order.status === "CANCELLED") return "This order is already cancelled.";
  if (order.captured_amount > 0 || order.captures.length > 0) {
    return "Part of this order is already captured, so it can no longer be cancelled. Refund what was captured and release the rest of the authorization instead.";
  }
  return null;
}

/** Releasing is for the rest of a partly captured order; an order with no captures is cancelled instead. */
export function releaseRefusal(order: ManagedOrder, now: Date): string | null {
  if (order.status === "CANCELLED") return "This order is cancelled, so there is no authorization left to release.";
  if (order.captured_amount <= 0) return "Nothing has been captured yet: cancel the order instead of releasing its authorization.";
  if (order.remaining_authorized_amount <= 0 || expired(order, now)) {
    return "No authorization remains on this order, so there is nothing to release.";
  }
  return null;
}

export function extendRefusal(order: ManagedOrder, now: Date): string | null {
  if (order.status === "CANCELLED") return "This order is cancelled, so its authorization cannot be extended.";
  if (expired(order, now)) return "The authorization has already expired and can no longer be extended.";
  if (order.remaining_authorized_amount <= 0) return "Nothing remains authorized, so there is nothing to extend.";
  return null;
}

/** Checks the quantities and turns them into order lines; `available` is how many of a line may still be taken. */
function planLines(
  ledger: readonly LedgerLine[],
  selection: LineSelection,
  kind: LedgerKind,
  available: (entry: LedgerLine) => number,
  tooMany: (entry: LedgerLine, left: number, asked: number) => string,
): { ok: true; lines: OrderLine[] } | { ok: false; message: string } {
  const byKey = new Map(ledger.map((entry) => [entry.key, entry]));
  for (const key of Object.keys(selection)) {
    if (!byKey.has(key)) return refuse(`This order has no line “${key}”. Reload the order and try again.`);
  }
  const lines: OrderLine[] = [];
  for (const entry of ledger) {
    const quantity = selection[entry.key] ?? 0;
    if (!Number.isInteger(quantity)) return refuse(`The quantity of ${entry.line.name} must be a whole number.`);
    if (quantity < 0) return refuse(`The quantity of ${entry.line.name} cannot be negative.`);
    if (quantity === 0) continue;
    const left = available(entry);
    if (quantity > left) return refuse(tooMany(entry, left, quantity));
    lines.push(partOfLine(entry, quantity, kind));
  }
  return { ok: true, lines };
}

function total(lines: readonly OrderLine[]): number {
  return lines.reduce((sum, line) => sum + line.total_amount, 0);
}

function describe(lines: readonly OrderLine[]): string {
  return lines.map((line) => pieces(line.quantity, line.name)).join(", ");
}

/** A capture of the chosen quantities: each at most what is still uncaptured, the sum at most what remains authorized. */
export function planCapture(order: ManagedOrder, selection: LineSelection, now: Date, format: Formatter): Plan {
  const refusal = captureRefusal(order, now, format);
  if (refusal) return refuse(refusal);
  const planned = planLines(orderLedger(order), selection, "captured", (entry) => entry.uncapturedQuantity, (entry, left, asked) =>
    left === 0
      ? `${entry.line.name} is already captured in full.`
      : `Only ${pieces(left, entry.line.name)} ${left === 1 ? "is" : "are"} left to capture, not ${asked}.`,
  );
  if (!planned.ok) return planned;
  if (planned.lines.length === 0) return refuse("Choose at least one line and how many of it to capture.");
  const amount = total(planned.lines);
  if (amount <= 0) return refuse("The lines chosen come to nothing: add a line with a price to the capture.");
  if (amount > order.remaining_authorized_amount) {
    return refuse(
      `The capture comes to ${format(amount)}, but only ${format(order.remaining_authorized_amount)} remains authorized.`,
    );
  }
  return { ok: true, amount, lines: planned.lines, description: describe(planned.lines) };
}

/** A refund of the chosen quantities: each at most what was captured and not refunded, the sum likewise. */
export function planRefund(order: ManagedOrder, selection: LineSelection, format: Formatter): Plan {
  const refusal = refundRefusal(order);
  if (refusal) return refuse(refusal);
  const planned = planLines(orderLedger(order), selection, "refunded", (entry) => entry.refundableQuantity, (entry, left, asked) =>
    left === 0
      ? entry.captured.quantity === 0
        ? `${entry.line.name} has not been captured, so it cannot be refunded.`
        : `${entry.line.name} is already refunded in full.`
      : `Only ${pieces(left, entry.line.name)} ${left === 1 ? "was" : "were"} captured and not yet refunded, not ${asked}.`,
  );
  if (!planned.ok) return planned;
  if (planned.lines.length === 0) return refuse("Choose at least one line and how many of it to refund.");
  const amount = total(planned.lines);
  if (amount <= 0) return refuse("The lines chosen come to nothing: add a line with a price to the refund.");
  const refundable = order.captured_amount - order.refunded_amount;
  if (amount > refundable) {
    return refuse(`The refund comes to ${format(amount)}, but only ${format(refundable)} is captured and not yet refunded.`);
  }
  return { ok: true, amount, lines: planned.lines, description: describe(planned.lines) };
}

