import type { ManagedOrder, OrderLine, OrderLineRead } from "@/lib/klarna/types";
import type { Market, TaxClass } from "@/lib/pricing/markets";
import { includedTax, minor, taxRate } from "@/lib/pricing/money";
import { itemLine, proportionalDiscountLines, salesTaxLine, type OrderLine as PricedLine } from "@/lib/pricing/order-lines";

/*
 * The store's rules for changing an authorized order's lines before it is captured in full, decided on Klarna's live
 * order before anything is sent. What is sent is Update_authorization (PATCH …/authorization in
 * reference/klarna/ordermanagement-v1.openapi.json): the new order_amount and the whole new set of order_lines.
 */

/** A catalogue product as an edit needs it: its price in the order's currency, tax class and stock. */
export interface EditProduct {
  sku: string;
  name: string;
  /** Shelf price in the order's currency, in minor units (tax included in Europe, excluded in the US). */
  price: number;
  taxClass: TaxClass;
  isDigital: boolean;
  stock: number;
}

export interface EditRequest {
  /** New quantity per goods line, by its reference (the SKU); 0 removes the line. Lines not named keep theirs. */
  quantities: Record<string, number>;
  /** Products from the catalogue to add, by SKU; a product already on the order adds to its line. */
  additions: readonly { sku: string; quantity: number }[];
  /** The new total the merchant saw and confirmed; a different result changes nothing. */
  expectedTotal?: number;
}

export type EditPlan =
  | { ok: false; message: string }
  | {
      ok: true;
      lines: OrderLine[];
      amount: number;
      taxAmount: number;
      /** Stock to take (positive) or give back (negative) per SKU, for goods lines. */
      stock: Map<string, number>;
      /** What changed, in words, for the log and the merchant. */
      summary: string;
      increase: boolean;
    };

export const MAX_QUANTITY = 99;
const EDITABLE = new Set(["AUTHORIZED", "PART_CAPTURED"]);

const isGoods = (line: Pick<OrderLineRead, "type" | "reference">) =>
  (line.type === "physical" || line.type === "digital") && Boolean(line.reference);

/** Why the order's lines cannot be changed now, or null when they can. */
export function editRefusal(order: ManagedOrder, now: Date): string | null {
  if (!EDITABLE.has(order.status)) {
    return order.status === "CAPTURED"
      ? "The order is captured in full, so its lines can no longer change. Refund instead."
      : `The order is ${order.status.toLowerCase().replace("_", " ")}, so its lines can no longer change.`;
  }
  if (order.fraud_status !== "ACCEPTED") return "Klarna has not finished reviewing this order. Wait for its decision before changing it.";
  if (order.expires_at && new Date(order.expires_at) <= now) return "The authorization has expired, so the order can no longer change.";
  return null;
}

/** How many of each reference the order's captures took: a line never goes below that. */
export function capturedQuantities(order: ManagedOrder): Map<string, number> {
  const captured = new Map<string, number>();
  for (const capture of order.captures) {
    for (const line of capture.order_lines ?? []) {
      if (line.reference) captured.set(line.reference, (captured.get(line.reference) ?? 0) + line.quantity);
    }
  }
  return captured;
}

function validQuantity(value: number, min: number): boolean {
  return Number.isInteger(value) && value >= min && value <= MAX_QUANTITY;
}

/** The line as it will be sent (Klarna's order_line): read fields dropped when absent. */
function asSent(line: OrderLineRead): OrderLine {
  const sent: OrderLine = {
    name: line.name,
    quantity: line.quantity,
    unit_price: line.unit_price,
    total_amount: line.total_amount,
  };
  if (line.type) sent.type = line.type as OrderLine["type"];
  if (line.reference) sent.reference = line.reference;
  if (line.quantity_unit) sent.quantity_unit = line.quantity_unit;
  if (line.tax_rate !== undefined) sent.tax_rate = line.tax_rate;
  if (line.total_discount_amount !== undefined) sent.total_discount_amount = line.total_discount_amount;
  if (line.total_tax_amount !== undefined) sent.total_tax_amount = line.total_tax_amount;
  if (line.merchant_data) sent.merchant_data = line.merchant_data;
  if (line.product_url) sent.product_url = line.product_url;
  if (line.image_url) sent.image_url = line.image_url;
  return sent;
}

/** An existing goods line at a new quantity: same unit price, discount in proportion, tax contained as before. */
function requantified(line: OrderLineRead, quantity: number): OrderLine {
  const discount = line.quantity > 0 ? Math.round(((line.total_discount_amount ?? 0) * quantity) / line.quantity) : 0;
  const total = quantity * line.unit_price - discount;
  return {
    ...asSent(line),
    quantity,
    total_amount: total,
    total_discount_amount: discount,
    total_tax_amount: includedTax(minor(total), taxRate(line.tax_rate ?? 0)),
  };
}

/**
 * The new lines and amount for an edit, or why it is refused. Goods lines change by quantity at the price the shopper
 * agreed to; added products come at the catalogue price; shipping and discount lines stay as they are; in a market
 * with sales tax (US) the sales_tax line is worked out again from the new goods, as at checkout.
 */
export function planEdit(input: {
  order: ManagedOrder;
  market: Market;
  /** Every product the edit touches or the sales tax needs, by SKU. */
  products: ReadonlyMap<string, EditProduct>;
  request: EditRequest;
  now: Date;
  format: (minorUnits: number) => string;
}): EditPlan {
  const { order, market, products, request, format } = input;
  const refusal = editRefusal(order, input.now);
  if (refusal) return { ok: false, message: refusal };

  const goods = order.order_lines.filter(isGoods);
  const byReference = new Map(goods.map((line) => [line.reference!, line]));
  if (byReference.size !== goods.length) return { ok: false, message: "Two lines of this order share a reference, so it cannot be edited here." };

  const wanted = new Map(goods.map((line) => [line.reference!, line.quantity]));
  for (const [reference, quantity] of Object.entries(request.quantities)) {
    if (!byReference.has(reference)) return { ok: false, message: `The order has no line ${reference}. Reload the order and try again.` };
    if (!validQuantity(quantity, 0)) return { ok: false, message: `Quantities are whole numbers from 0 to ${MAX_QUANTITY}.` };
    wanted.set(reference, quantity);
  }
  const added: string[] = [];
  for (const { sku, quantity } of request.additions) {
    if (!validQuantity(quantity, 1)) return { ok: false, message: `An added product needs a quantity from 1 to ${MAX_QUANTITY}.` };
    const product = products.get(sku);
    if (!product) return { ok: false, message: `There is no product ${sku} for sale in ${order.purchase_currency.toUpperCase()}.` };
    const total = (wanted.get(sku) ?? 0) + quantity;
    if (total > MAX_QUANTITY) return { ok: false, message: `At most ${MAX_QUANTITY} of ${product.name} fit on one line.` };
    wanted.set(sku, total);
    if (!byReference.has(sku)) added.push(sku);
  }

  const captured = capturedQuantities(order);
  for (const [reference, quantity] of wanted) {
    const already = captured.get(reference) ?? 0;
    if (quantity < already) {
      const name = byReference.get(reference)?.name ?? reference;
      return { ok: false, message: `${already} × ${name} are already captured, so the line cannot go below ${already}.` };
    }
  }
  if ([...wanted.values()].every((quantity) => quantity === 0)) {
    return { ok: false, message: "An order needs at least one item. Cancel the order instead of removing everything." };
  }

  const exclusive = market.taxMode === "exclusive";
  const lines: OrderLine[] = [];
  const changes: string[] = [];
  for (const line of order.order_lines) {
    if (line.type === "sales_tax" && exclusive) continue;
    if (!isGoods(line)) {
      lines.push(asSent(line));
      continue;
    }
    const quantity = wanted.get(line.reference!)!;
    if (quantity !== line.quantity) changes.push(quantity === 0 ? `removed ${line.name}` : `${line.name} ${line.quantity} → ${quantity}`);
    if (quantity > 0) lines.push(quantity === line.quantity ? asSent(line) : requantified(line, quantity));
  }
  // New goods go after the existing goods, before shipping, discounts and tax, as at checkout.
  const firstOther = lines.findIndex((line) => !isGoods(line));
  const newLines = added.map((sku) => {
    const product = products.get(sku)!;
    changes.push(`added ${wanted.get(sku)} × ${product.name}`);
    return itemLine({
      type: product.isDigital ? "digital" : "physical",
      reference: product.sku,
      name: product.name,
      quantity: wanted.get(sku)!,
      unitPrice: minor(product.price),
      taxRate: exclusive ? taxRate(0) : market.taxRates[product.taxClass],
    }) as OrderLine;
  });
  lines.splice(firstOther === -1 ? lines.length : firstOther, 0, ...newLines);
  if (changes.length === 0) return { ok: false, message: "Nothing changed: set a new quantity or add a product first." };

  if (exclusive) {
    const tax = salesTax(lines, products, market);
    if (typeof tax === "string") return { ok: false, message: tax };
    if (tax) lines.push(tax);
  }

  const amount = lines.reduce((sum, line) => sum + line.total_amount, 0);
  const taxAmount = lines.reduce((sum, line) => sum + (line.total_tax_amount ?? 0), 0);
  const goodsTotal = lines.filter(isGoods).reduce((sum, line) => sum + line.total_amount, 0);
  const discounts = -lines.filter((line) => line.type === "discount").reduce((sum, line) => sum + line.total_amount, 0);
  if (discounts > goodsTotal || amount < 0) {
    return { ok: false, message: `The order's discount of ${format(discounts)} is more than the ${format(goodsTotal)} of goods left.` };
  }
  if (amount < order.captured_amount) {
    return {
      ok: false,
      message: `The new total ${format(amount)} would be below the ${format(order.captured_amount)} already captured.`,
    };
  }
  if (request.expectedTotal !== undefined && request.expectedTotal !== amount) {
    return {
      ok: false,
      message: `The new total is ${format(amount)}, not the ${format(request.expectedTotal)} you confirmed. Nothing was changed: review the edit and confirm again.`,
    };
  }

  const stock = new Map<string, number>();
  for (const [reference, quantity] of wanted) {
    // Every goods line holds stock (db/units.ts stockLines), so each change of quantity moves it.
    const before = byReference.get(reference);
    const delta = quantity - (before?.quantity ?? 0);
    if (delta !== 0) stock.set(reference, delta);
  }
  return {
    ok: true,
    lines,
    amount,
    taxAmount,
    stock,
    summary: `${changes.join(", ")}; total ${format(order.order_amount)} → ${format(amount)}`,
    increase: amount > order.order_amount,
  };
}

/** US sales tax on the new goods, less discounts, as the checkout works it out (lib/pricing/price-cart.ts). */
function salesTax(lines: readonly OrderLine[], products: ReadonlyMap<string, EditProduct>, market: Market): OrderLine | null | string {
  const rated: PricedLine[] = [];
  for (const line of lines.filter(isGoods)) {
    const product = products.get(line.reference!);
    if (!product) return `The catalogue no longer has ${line.name}, so the sales tax cannot be worked out. Edit this order at Klarna.`;
    rated.push(itemLine({ type: "physical", reference: line.reference!, name: line.name, quantity: 1, unitPrice: minor(line.total_amount), taxRate: market.taxRates[product.taxClass] }));
  }
  const discount = -lines.filter((line) => line.type === "discount").reduce((sum, line) => sum + line.total_amount, 0);
  const split = discount > 0 ? proportionalDiscountLines({ reference: "discount", name: "Discount", amount: minor(discount), lines: rated }) : [];
  const shippingRate = market.shippingTaxClass ? market.taxRates[market.shippingTaxClass] : null;
  const taxable = [
    ...rated.map((line) => ({ amount: line.total_amount, rate: line.tax_rate })),
    ...split.map((line) => ({ amount: line.total_amount, rate: line.tax_rate })),
    ...(shippingRate === null
      ? []
      : lines.filter((line) => line.type === "shipping_fee").map((line) => ({ amount: minor(line.total_amount), rate: shippingRate }))),
  ];
  return salesTaxLine(taxable);
}
