import { addedTax, includedTax, minor, sumMinor, taxRate, type Minor, type TaxRate } from "./money";

/** An order line in Klarna's shape (Payments and Order Management use the same fields). */
export interface OrderLine {
  type: "physical" | "digital" | "shipping_fee" | "discount" | "sales_tax";
  reference: string;
  name: string;
  quantity: number;
  unit_price: Minor;
  tax_rate: TaxRate;
  total_amount: Minor;
  total_discount_amount: Minor;
  total_tax_amount: Minor;
  image_url?: string;
  product_url?: string;
  /** A subscription product's line (reference/klarna/payments-v1.openapi.json, order_line.subscription). */
  subscription?: LineSubscription;
}

/** The order line's `subscription` object: name, interval (DAY, WEEK, MONTH, YEAR), interval_count ≥ 1. */
export interface LineSubscription {
  name: string;
  interval: "DAY" | "WEEK" | "MONTH" | "YEAR";
  interval_count: number;
}

export interface OrderTotals {
  order_amount: Minor;
  order_tax_amount: Minor;
}

export interface ItemLineInput {
  type: "physical" | "digital" | "shipping_fee";
  reference: string;
  name: string;
  quantity: number;
  unitPrice: Minor;
  discount?: Minor;
  taxRate: TaxRate;
  imageUrl?: string;
  productUrl?: string;
  subscription?: LineSubscription;
}

/** A goods or shipping line: total = quantity × unit price − discount; tax is contained in the total. */
export function itemLine(input: ItemLineInput): OrderLine {
  if (!Number.isInteger(input.quantity) || input.quantity < 1) {
    throw new RangeError(`Quantity must be a positive integer, got ${input.quantity}`);
  }
  const gross = input.quantity * input.unitPrice;
  const discount = input.discount ?? minor(0);
  if (discount < 0 || discount > gross) {
    throw new RangeError(`Discount ${discount} must be between 0 and the line's ${gross}`);
  }
  const total = minor(gross - discount);
  return {
    type: input.type,
    reference: input.reference,
    name: input.name,
    quantity: input.quantity,
    unit_price: input.unitPrice,
    tax_rate: input.taxRate,
    total_amount: total,
    total_discount_amount: discount,
    total_tax_amount: includedTax(total, input.taxRate),
    ...(input.imageUrl ? { image_url: input.imageUrl } : {}),
    ...(input.productUrl ? { product_url: input.productUrl } : {}),
    ...(input.subscription ? { subscription: input.subscription } : {}),
  };
}

/** One order-level discount line at a single tax rate (0 for a voucher that does not reduce VAT). */
export function discountLine(input: { reference: string; name: string; amount: Minor; taxRate: TaxRate }): OrderLine {
  if (input.amount <= 0) throw new RangeError(`A discount must be positive, got ${input.amount}`);
  const total = minor(-input.amount);
  return {
    type: "discount",
    reference: input.reference,
    name: input.name,
    quantity: 1,
    unit_price: total,
    tax_rate: input.taxRate,
    total_amount: total,
    total_discount_amount: minor(0),
    total_tax_amount: includedTax(total, input.taxRate),
  };
}

/**
 * Splits an order-level discount across the tax rates of the discounted lines, in proportion to their totals,
 * giving one discount line per rate (Klarna asks for a separate discount line for each tax rate). The split uses
 * largest remainders, so the discount lines always add up to exactly `amount`.
 */
export function proportionalDiscountLines(input: {
  reference: string;
  name: string;
  amount: Minor;
  lines: readonly OrderLine[];
}): OrderLine[] {
  const byRate = new Map<number, number>();
  for (const line of input.lines) {
    byRate.set(line.tax_rate, (byRate.get(line.tax_rate) ?? 0) + line.total_amount);
  }
  const base = [...byRate.values()].reduce((a, b) => a + b, 0);
  if (input.amount <= 0 || base <= 0) return [];
  const amount = Math.min(input.amount, base);
  const shares = [...byRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([rate, total]) => {
      const exact = (amount * total) / base;
      return { rate, floor: Math.floor(exact), remainder: exact - Math.floor(exact) };
    });
  let left = amount - shares.reduce((sum, share) => sum + share.floor, 0);
  for (const share of [...shares].sort((a, b) => b.remainder - a.remainder)) {
    if (left === 0) break;
    share.floor += 1;
    left -= 1;
  }
  const multipleRates = shares.length > 1;
  return shares
    .filter((share) => share.floor > 0)
    .map((share) =>
      discountLine({
        reference: multipleRates ? `${input.reference}-${share.rate}` : input.reference,
        name: multipleRates ? `${input.name} (${share.rate / 100} % VAT)` : input.name,
        amount: minor(share.floor),
        taxRate: taxRate(share.rate),
      }),
    );
}

/**
 * US sales tax as Klarna wants it: the other lines carry no tax, and one sales_tax line carries it all.
 * `taxable` pairs each line's net amount with the sales tax rate that applies to it.
 */
export function salesTaxLine(taxable: readonly { amount: Minor; rate: TaxRate }[]): OrderLine | null {
  // Tax the net amount per rate once, so a discount lowers the tax without a second rounding.
  const netByRate = new Map<TaxRate, number>();
  for (const { amount, rate } of taxable) netByRate.set(rate, (netByRate.get(rate) ?? 0) + amount);
  const tax = sumMinor([...netByRate].map(([rate, amount]) => addedTax(minor(Math.max(amount, 0)), rate)));
  if (tax <= 0) return null;
  return {
    type: "sales_tax",
    reference: "sales-tax",
    name: "Sales tax",
    quantity: 1,
    unit_price: tax,
    tax_rate: taxRate(0),
    total_amount: tax,
    total_discount_amount: minor(0),
    total_tax_amount: tax,
  };
}

/** The order amount and tax are the exact sums of the lines, always. */
export function orderTotals(lines: readonly OrderLine[]): OrderTotals {
  return {
    order_amount: sumMinor(lines.map((line) => line.total_amount)),
    order_tax_amount: sumMinor(lines.map((line) => line.total_tax_amount)),
  };
}
