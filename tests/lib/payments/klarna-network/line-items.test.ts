import { describe, expect, it } from "vitest";
import { lineItemsFor } from "@/lib/payments/klarna-network/line-items";
import { MARKETS } from "@/lib/pricing/markets";
import { minor } from "@/lib/pricing/money";
import { priceCart } from "@/lib/pricing/price-cart";

const items = [
  { reference: "tent-01", name: "Trail tent", quantity: 1, unitPrice: minor(249_900), taxClass: "standard" as const, isDigital: false },
  { reference: "chili-01", name: "Freeze-dried chili", quantity: 3, unitPrice: minor(8_900), taxClass: "food" as const, isDigital: false },
  { reference: "map-01", name: "Trail map", quantity: 1, unitPrice: minor(12_900), taxClass: "books" as const, isDigital: true },
];

describe("line items for the Network API", () => {
  it("add up to the order amount, with no negative line, when a discount is split over several VAT rates", () => {
    const priced = priceCart({ market: MARKETS.SE, items, discount: { reference: "WELCOME10", name: "Welcome", percent: 10 } });
    expect(priced.lines.some((line) => line.total_amount < 0)).toBe(true);
    const lineItems = lineItemsFor(priced.lines);
    expect(lineItems.reduce((sum, line) => sum + line.total_amount, 0)).toBe(priced.order_amount);
    expect(lineItems.every((line) => line.total_amount >= 0)).toBe(true);
    expect(lineItems.map((line) => line.line_item_reference)).toEqual(["tent-01", "chili-01", "map-01", "shipping"].filter((ref) => priced.lines.some((line) => line.reference === ref)));
  });

  it("keep a US sales tax line and the shipping line as they are", () => {
    const priced = priceCart({ market: MARKETS.US, items: items.slice(0, 1) });
    const lineItems = lineItemsFor(priced.lines);
    expect(lineItems.reduce((sum, line) => sum + line.total_amount, 0)).toBe(priced.order_amount);
    expect(lineItems.find((line) => line.line_item_reference === "sales-tax")?.total_amount).toBe(
      priced.lines.find((line) => line.type === "sales_tax")?.total_amount,
    );
  });
});
