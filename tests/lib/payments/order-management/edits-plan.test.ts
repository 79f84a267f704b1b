import { describe, expect, it } from "vitest";
import type { ManagedOrder, OrderLineRead } from "@/lib/klarna/types";
import { planEdit, type EditProduct } from "@/lib/payments/order-management/edits-plan";
import { MARKETS } from "@/lib/pricing/markets";
import { priceCart } from "@/lib/pricing/price-cart";
import { minor } from "@/lib/pricing/money";

/*
 * The edit rules on their own (lib/payments/order-management/edits-plan.ts): in a sales-tax market the sales_tax line
 * is worked out again exactly as the checkout would for the new goods, and discounts stay fixed.
 */
const usd = (n: number) => `$${(n / 100).toFixed(2)}`;
const PRODUCTS = new Map<string, EditProduct>([
  ["TS-CL-220", { sku: "TS-CL-220", name: "Hiking Wool Socks", price: 1800, taxClass: "standard", isDigital: false, stock: 80 }],
  ["TS-FD-810", { sku: "TS-FD-810", name: "Freeze-Dried Chili", price: 1100, taxClass: "food", isDigital: false, stock: 120 }],
]);

function usOrder(items: { sku: string; quantity: number }[]): ManagedOrder {
  const cart = priceCart({
    market: MARKETS.US,
    items: items.map(({ sku, quantity }) => {
      const product = PRODUCTS.get(sku)!;
      return { reference: sku, name: product.name, quantity, unitPrice: minor(product.price), taxClass: product.taxClass, isDigital: false };
    }),
  });
  return {
    order_id: "us-1", status: "AUTHORIZED", fraud_status: "ACCEPTED", order_amount: cart.order_amount, captured_amount: 0,
    refunded_amount: 0, remaining_authorized_amount: cart.order_amount, purchase_currency: "USD", purchase_country: "US",
    order_lines: cart.lines as OrderLineRead[], captures: [], refunds: [],
  };
}

describe("planEdit", () => {
  it("recomputes US sales tax for the new goods as the checkout would price them", () => {
    const order = usOrder([{ sku: "TS-CL-220", quantity: 3 }, { sku: "TS-FD-810", quantity: 1 }]);
    const plan = planEdit({ order, market: MARKETS.US, products: PRODUCTS, request: { quantities: { "TS-CL-220": 1 }, additions: [] }, now: new Date(), format: usd });
    const expected = usOrder([{ sku: "TS-CL-220", quantity: 1 }, { sku: "TS-FD-810", quantity: 1 }]);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.amount).toBe(expected.order_amount);
    expect(plan.lines.find((line) => line.type === "sales_tax")?.total_amount).toBe(
      expected.order_lines.find((line) => line.type === "sales_tax")?.total_amount,
    );
    expect(plan.stock).toEqual(new Map([["TS-CL-220", -2]]));
    expect(plan.increase).toBe(false);
  });

  it("adds a product at the shelf price and refuses to drop the goods below a fixed discount", () => {
    const order = usOrder([{ sku: "TS-CL-220", quantity: 2 }]);
    const added = planEdit({ order, market: MARKETS.US, products: PRODUCTS, request: { quantities: {}, additions: [{ sku: "TS-FD-810", quantity: 2 }] }, now: new Date(), format: usd });
    expect(added).toMatchObject({ ok: true, amount: usOrder([{ sku: "TS-CL-220", quantity: 2 }, { sku: "TS-FD-810", quantity: 2 }]).order_amount, increase: true });

    const discounted: ManagedOrder = {
      ...order,
      order_lines: [...order.order_lines, { type: "discount", reference: "SAVE", name: "Coupon", quantity: 1, unit_price: -3000, total_amount: -3000 }],
    };
    const refused = planEdit({ order: discounted, market: MARKETS.US, products: PRODUCTS, request: { quantities: { "TS-CL-220": 1 }, additions: [] }, now: new Date(), format: usd });
    expect(refused).toEqual({ ok: false, message: "The order's discount of $30.00 is more than the $18.00 of goods left." });
  });
});
