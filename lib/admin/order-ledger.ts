import { orderLineTypeSchema, type ManagedOrder, type OrderLine, type OrderLineRead } from "@/lib/klarna/types";
import { roundHalfAwayFromZero } from "@/lib/pricing/money";

/** What was captured or refunded of one order line, summed over the lines the captures or refunds name. */
export interface Taken {
  quantity: number;
  amount: number;
  tax: number;
}

/** One order line with what Klarna has captured and refunded of it. */
export interface LedgerLine {
  /** Names the line in forms: its reference (SKU) when unique in the order, otherwise its position. */
  key: string;
  line: OrderLineRead;
  captured: Taken;
  refunded: Taken;
  /** Still to capture. */
  uncapturedQuantity: number;
  /** Captured and not yet refunded. */
  refundableQuantity: number;
}

export type LedgerKind = "captured" | "refunded";

function keysOf(lines: readonly OrderLineRead[]): string[] {
  const counts = new Map<string, number>();
  for (const line of lines) if (line.reference) counts.set(line.reference, (counts.get(line.reference) ?? 0) + 1);
  return lines.map((line, index) =>
    line.reference && counts.get(line.reference) === 1 ? line.reference : `line-${index + 1}`,
  );
}

/** A captured or refunded line belongs to the order line with the same reference, or else the same name. */
function matches(orderLine: OrderLineRead, line: OrderLineRead): boolean {
  if (orderLine.reference && line.reference) return orderLine.reference === line.reference;
  return orderLine.name === line.name;
}

/**
 * The order's lines with what was captured and refunded of each. Captures or refunds made without lines (by amount
 * only, elsewhere than here) cannot be placed on a line; Klarna's remaining amounts still bound what may be taken.
 */
export function orderLedger(order: Pick<ManagedOrder, "order_lines" | "captures" | "refunds">): LedgerLine[] {
  const keys = keysOf(order.order_lines);
  const ledger: LedgerLine[] = order.order_lines.map((line, index) => ({
    key: keys[index]!,
    line,
    captured: { quantity: 0, amount: 0, tax: 0 },
    refunded: { quantity: 0, amount: 0, tax: 0 },
    uncapturedQuantity: 0,
    refundableQuantity: 0,
  }));
  const book = (lines: readonly OrderLineRead[] | undefined, kind: LedgerKind) => {
    for (const line of lines ?? []) {
      const entry = ledger.find((candidate) => matches(candidate.line, line));
      if (!entry) continue;
      entry[kind].quantity += line.quantity;
      entry[kind].amount += line.total_amount;
      entry[kind].tax += line.total_tax_amount ?? 0;
    }
  };
  for (const capture of order.captures) book(capture.order_lines, "captured");
  for (const refund of order.refunds) book(refund.order_lines, "refunded");
  for (const entry of ledger) {
    entry.uncapturedQuantity = Math.max(0, entry.line.quantity - entry.captured.quantity);
    entry.refundableQuantity = Math.max(0, entry.captured.quantity - entry.refunded.quantity);
  }
  return ledger;
}

/**
 * Part of a line's amount for `take` of its `quantity` units, when `done` units worth `doneAmount` were taken
 * before: proportional and rounded, except that the last units take exactly what is left, so the parts of a line
 * always add up to the line.
 */
export function share(total: number, quantity: number, take: number, done: number, doneAmount: number): number {
  if (done + take >= quantity) return total - doneAmount;
  return roundHalfAwayFromZero((total * take) / quantity);
}

/**
 * The order line Klarna gets for `take` units of a ledger line, captured or refunded. Amount and tax are shares of
 * the line's; the discount follows from Klarna's rule total_amount = quantity × unit_price − total_discount_amount.
 */
export function partOfLine(entry: LedgerLine, take: number, kind: LedgerKind): OrderLine {
  const { line } = entry;
  const done = entry[kind];
  const totalAmount = share(line.total_amount, line.quantity, take, done.quantity, done.amount);
  const totalTax = share(line.total_tax_amount ?? 0, line.quantity, take, done.quantity, done.tax);
  const discount = take * line.unit_price - totalAmount;
  const type = orderLineTypeSchema.safeParse(line.type);
  return {
    ...(type.success ? { type: type.data } : {}),
    ...(line.reference ? { reference: line.reference } : {}),
    name: line.name,
    quantity: take,
    ...(line.quantity_unit ? { quantity_unit: line.quantity_unit } : {}),
    unit_price: line.unit_price,
    ...(line.tax_rate !== undefined ? { tax_rate: line.tax_rate } : {}),
    total_amount: totalAmount,
    ...(discount > 0 ? { total_discount_amount: discount } : {}),
    total_tax_amount: totalTax,
  };
}

/** A line as the capture or refund form offers it, with the exact amount for each quantity the merchant may pick. */
export interface SelectableLine {
  key: string;
  name: string;
  reference: string | null;
  ordered: number;
  /** Already captured (capture form) or refunded (refund form). */
  done: number;
  /** How many may be picked now. */
  available: number;
  unitPrice: number;
  /** amounts[q] is what picking q units comes to. */
  amounts: number[];
}

export function selectableLines(ledger: readonly LedgerLine[], kind: LedgerKind): SelectableLine[] {
  return ledger.map((entry) => {
    const available = kind === "captured" ? entry.uncapturedQuantity : entry.refundableQuantity;
    return {
      key: entry.key,
      name: entry.line.name,
      reference: entry.line.reference ?? null,
      ordered: entry.line.quantity,
      done: entry[kind].quantity,
      available,
      unitPrice: entry.line.unit_price,
      amounts: Array.from({ length: available + 1 }, (_, take) => (take === 0 ? 0 : partOfLine(entry, take, kind).total_amount)),
    };
  });
}
