import { marketFor } from "./markets";
import type { OrderLine } from "./schemas";

interface OrderAmounts {
  purchase_country: string;
  purchase_currency: string;
  order_amount: number;
  order_tax_amount?: number | undefined;
  order_lines: OrderLine[];
}

/**
 * Klarna's checks on an order's numbers, as BAD_VALUE messages naming each field (empty when the order is fine).
 * Per line: total = quantity * unit_price - discount, and tax = total * rate / (10000 + rate) within ±1.
 * US style `sales_tax` lines carry the tax themselves and are exempt from the per-line rule.
 */
export function checkOrder(order: OrderAmounts): string[] {
  const problems: string[] = [];
  const market = marketFor(order.purchase_country);
  if (!market) problems.push(`Bad value: purchase_country (${order.purchase_country} is not a Klarna market)`);
  else if (market.currency !== order.purchase_currency.toUpperCase()) {
    problems.push(
      `Bad value: purchase_currency (${order.purchase_country.toUpperCase()} purchases must be in ${market.currency})`,
    );
  }

  let linesTotal = 0;
  let linesTax = 0;
  order.order_lines.forEach((line, index) => {
    const field = `order_lines[${index}]`;
    const discount = line.total_discount_amount ?? 0;
    const expectedTotal = line.quantity * line.unit_price - discount;
    if (line.total_amount !== expectedTotal) {
      problems.push(
        `Bad value: ${field}.total_amount (expected quantity * unit_price - total_discount_amount = ${expectedTotal})`,
      );
    }
    const tax = line.total_tax_amount ?? 0;
    if (line.type !== "sales_tax") {
      const rate = line.tax_rate ?? 0;
      const expectedTax = Math.round((line.total_amount * rate) / (10_000 + rate));
      if (Math.abs(tax - expectedTax) > 1) {
        problems.push(
          `Bad value: ${field}.total_tax_amount (expected ${expectedTax} ± 1 for total_amount ${line.total_amount} at tax_rate ${rate})`,
        );
      }
    }
    linesTotal += line.total_amount;
    // A US sales tax line may omit total_tax_amount: its whole amount is the tax (Klarna's tax handling guide).
    linesTax += line.type === "sales_tax" && line.total_tax_amount === undefined ? line.total_amount : tax;
  });

  if (order.order_amount !== linesTotal) {
    problems.push(`Bad value: order_amount (expected the sum of order_lines[].total_amount = ${linesTotal})`);
  }
  if ((order.order_tax_amount ?? 0) !== linesTax) {
    problems.push(`Bad value: order_tax_amount (expected the sum of order_lines[].total_tax_amount = ${linesTax})`);
  }
  return problems;
}

/** Fields of an order that must not change between authorization and order creation. */
export function mismatchedFields(authorized: OrderAmounts, placed: OrderAmounts): string[] {
  const fields: string[] = [];
  if (authorized.purchase_country.toUpperCase() !== placed.purchase_country.toUpperCase()) fields.push("purchase_country");
  if (authorized.purchase_currency.toUpperCase() !== placed.purchase_currency.toUpperCase()) {
    fields.push("purchase_currency");
  }
  if (authorized.order_amount !== placed.order_amount) fields.push("order_amount");
  if ((authorized.order_tax_amount ?? 0) !== (placed.order_tax_amount ?? 0)) fields.push("order_tax_amount");
  if (lineKey(authorized.order_lines) !== lineKey(placed.order_lines)) fields.push("order_lines");
  return fields;
}

// Compares what the shopper agreed to pay for, not cosmetic fields such as image URLs.
function lineKey(lines: OrderLine[]): string {
  return JSON.stringify(
    lines.map((line) => [
      line.type ?? "physical",
      line.reference ?? "",
      line.name,
      line.quantity,
      line.unit_price,
      line.total_amount,
      line.total_discount_amount ?? 0,
      line.tax_rate ?? 0,
      line.total_tax_amount ?? 0,
    ]),
  );
}
