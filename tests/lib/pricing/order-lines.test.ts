import { describe, expect, it } from "vitest";
import { discountLine, itemLine, orderTotals, proportionalDiscountLines } from "@/lib/pricing/order-lines";
import { minor, taxRate } from "@/lib/pricing/money";

describe("Klarna order lines", () => {
  it("reproduces Checkout.com's worked example exactly", () => {
    const jumper = itemLine({
      type: "physical",
      reference: "jumper",
      name: "Jumper",
      quantity: 1,
      unitPrice: minor(5000),
      discount: minor(750),
      taxRate: taxRate(2500),
    });
    const tshirt = itemLine({
      type: "physical",
      reference: "t-shirt",
      name: "T-shirt",
      quantity: 3,
      unitPrice: minor(1500),
      discount: minor(450),
      taxRate: taxRate(2500),
    });
    expect([jumper.total_amount, jumper.total_tax_amount]).toEqual([4250, 850]);
    expect([tshirt.total_amount, tshirt.total_tax_amount]).toEqual([4050, 810]);

    const orderDiscount = discountLine({
      reference: "ten-percent",
      name: "10 % off your order",
      amount: minor(Math.round((jumper.total_amount + tshirt.total_amount) * 0.1)),
      taxRate: taxRate(0),
    });
    expect(orderDiscount).toMatchObject({ type: "discount", quantity: 1, unit_price: -830, total_amount: -830 });

    expect(orderTotals([jumper, tshirt, orderDiscount])).toEqual({ order_amount: 7470, order_tax_amount: 1660 });
  });

  it("rejects quantities below one and discounts larger than the line", () => {
    const base = { type: "physical" as const, reference: "x", name: "X", unitPrice: minor(100), taxRate: taxRate(2500) };
    expect(() => itemLine({ ...base, quantity: 0 })).toThrow(/positive integer/);
    expect(() => itemLine({ ...base, quantity: 1.5 })).toThrow(/positive integer/);
    expect(() => itemLine({ ...base, quantity: 1, discount: minor(101) })).toThrow(/Discount/);
  });

  it("refuses money that is not a whole number of minor units", () => {
    expect(() => minor(10.5)).toThrow(/whole number/);
  });

  it("splits an order discount into one line per tax rate that adds up exactly", () => {
    const lines = [
      itemLine({ type: "physical", reference: "a", name: "A", quantity: 1, unitPrice: minor(1000), taxRate: taxRate(2500) }),
      itemLine({ type: "physical", reference: "b", name: "B", quantity: 1, unitPrice: minor(333), taxRate: taxRate(1200) }),
      itemLine({ type: "physical", reference: "c", name: "C", quantity: 2, unitPrice: minor(333), taxRate: taxRate(600) }),
    ];
    const discounts = proportionalDiscountLines({ reference: "d", name: "Coupon", amount: minor(101), lines });
    expect(discounts.map((line) => line.tax_rate)).toEqual([2500, 1200, 600]);
    expect(discounts.reduce((sum, line) => sum + line.total_amount, 0)).toBe(-101);
  });
});
