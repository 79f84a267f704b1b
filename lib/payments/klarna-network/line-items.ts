import type { OrderLineRead } from "@/lib/klarna/types";
import type { OrderLine } from "@/lib/pricing/order-lines";
import type { LineItem } from "./types";

/**
 * The Network API's line items have no tax and no negative amounts (Amount ≥ 0 in the reference), so an order
 * discount line cannot be sent as it is: its amount is taken off the goods lines in proportion to their totals
 * (largest remainders), keeping the line items' sum equal to the order amount, which Klarna checks.
 */
export function lineItemsFor(lines: readonly OrderLine[]): LineItem[] {
  const discount = -lines.filter((line) => line.total_amount < 0).reduce((sum, line) => sum + line.total_amount, 0);
  const kept = lines.filter((line) => line.total_amount >= 0);
  const goods = kept.map((line, index) => ({ index, line })).filter(({ line }) => line.type === "physical" || line.type === "digital");
  const base = goods.reduce((sum, { line }) => sum + line.total_amount, 0);
  const cut = new Map<number, number>();
  if (discount > 0 && base > 0) {
    const shares = goods.map(({ index, line }) => {
      const exact = (Math.min(discount, base) * line.total_amount) / base;
      return { index, floor: Math.floor(exact), remainder: exact - Math.floor(exact) };
    });
    let left = Math.min(discount, base) - shares.reduce((sum, share) => sum + share.floor, 0);
    for (const share of [...shares].sort((a, b) => b.remainder - a.remainder)) {
      if (left === 0) break;
      share.floor += 1;
      left -= 1;
    }
    for (const share of shares) cut.set(share.index, share.floor);
  }
  return kept.map((line, index) => ({
    name: line.name,
    quantity: line.quantity,
    unit_price: line.unit_price,
    total_amount: line.total_amount - (cut.get(index) ?? 0),
    ...(line.reference ? { line_item_reference: line.reference } : {}),
  }));
}

/**
 * A transaction's line items as store order lines, when the store has no lines of its own for it (the Network API
 * reports no tax per line, so none is assumed).
 */
export function orderLinesFromItems(items: readonly Partial<LineItem>[]): OrderLineRead[] {
  return items.map((item) => ({
    type: item.line_item_reference === "shipping" ? "shipping_fee" : item.line_item_reference ? "physical" : undefined,
    reference: item.line_item_reference,
    name: item.name ?? "Item",
    quantity: item.quantity ?? 1,
    unit_price: item.unit_price ?? 0,
    total_amount: item.total_amount ?? 0,
    tax_rate: 0,
    total_tax_amount: 0,
  }));
}
