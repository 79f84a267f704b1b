import { describe, expect, it } from "vitest";
import { fingerprint, sameOrder } from "@/lib/checkout/session-order";

const order = {
  purchase_country: "SE",
  purchase_currency: "SEK",
  order_amount: 25_000,
  order_tax_amount: 5_000,
  order_lines: [{ type: "physical", reference: "SKU-1", quantity: 2, unit_price: 12_500, tax_rate: 2500, total_amount: 25_000, total_discount_amount: 0, total_tax_amount: 5_000 }],
};

describe("sameOrder", () => {
  it("agrees with the fingerprints: Klarna's defaults and letter case count as the same order", () => {
    const readBack = {
      ...order,
      purchase_country: "se",
      order_lines: [{ reference: "SKU-1", quantity: 2, unit_price: 12_500, tax_rate: 2500, total_amount: 25_000, total_tax_amount: 5_000 }],
    };
    expect(sameOrder(order, readBack)).toBe(true);
    expect(fingerprint(order)).toBe(fingerprint(readBack));
  });

  it("tells apart orders that differ in any amount, as the fingerprints do", () => {
    const cheaper = { ...order, order_lines: [{ ...order.order_lines[0]!, unit_price: 12_499 }] };
    const moreTax = { ...order, order_tax_amount: 5_001 };
    for (const other of [cheaper, moreTax]) {
      expect(sameOrder(order, other)).toBe(false);
      expect(fingerprint(order)).not.toBe(fingerprint(other));
    }
  });
});
