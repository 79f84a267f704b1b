import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MARKETS, MARKET_CODES, type TaxClass } from "@/lib/pricing/markets";
import { includedTax, minor } from "@/lib/pricing/money";
import { priceCart, type PricedItem } from "@/lib/pricing/price-cart";

const item = (overrides: Partial<PricedItem> = {}): PricedItem => ({
  reference: "tent",
  name: "Tent",
  quantity: 1,
  unitPrice: minor(10000),
  taxClass: "standard",
  isDigital: false,
  ...overrides,
});

describe("priceCart", () => {
  it("adds the market's shipping fee as a shipping_fee line below the free-shipping threshold", () => {
    const cart = priceCart({ market: MARKETS.SE, items: [item({ unitPrice: minor(29900), quantity: 2 })] });
    expect(cart.lines.map((line) => line.type)).toEqual(["physical", "shipping_fee"]);
    expect(cart.shipping).toBe(4900);
    expect(cart.order_amount).toBe(59800 + 4900);
    expect(cart.order_tax_amount).toBe(11960 + 980);
    expect(cart.untilFreeShipping).toBe(150000 - 59800);
  });

  it("ships free from the threshold and sends no shipping line for a digital-only cart", () => {
    const free = priceCart({ market: MARKETS.DE, items: [item({ unitPrice: minor(15000) })] });
    expect(free.shipping).toBe(0);
    expect(free.lines.find((line) => line.type === "shipping_fee")?.total_amount).toBe(0);

    const digital = priceCart({ market: MARKETS.DE, items: [item({ isDigital: true, taxClass: "books" })] });
    expect(digital.requiresShipping).toBe(false);
    expect(digital.lines.map((line) => line.type)).toEqual(["digital"]);
    expect(digital.lines[0]!.tax_rate).toBe(700);
  });

  it("puts US sales tax on its own line and none on the goods", () => {
    const cart = priceCart({ market: MARKETS.US, items: [item({ unitPrice: minor(10000) })] });
    expect(cart.lines.map((line) => line.type)).toEqual(["physical", "shipping_fee", "sales_tax"]);
    expect(cart.lines[0]!.total_tax_amount).toBe(0);
    expect(cart.lines[2]!.total_amount).toBe(825);
    expect(cart.order_amount).toBe(10000 + 695 + 825);
    expect(cart.order_tax_amount).toBe(825);
  });

  it("taxes a US order on what the shopper pays after the discount", () => {
    const cart = priceCart({
      market: MARKETS.US,
      items: [item({ unitPrice: minor(10000) }), item({ reference: "meal", taxClass: "food", unitPrice: minor(1000) })],
      discount: { reference: "SAVE10", name: "SAVE10", percent: 10 },
    });
    expect(cart.discount).toBe(1100);
    // 10 % of the taxable $100 leaves $90 at 8.25 %; the food line is untaxed.
    expect(cart.order_tax_amount).toBe(743);
  });
});

const marketArb = fc.constantFrom(...MARKET_CODES).map((code) => MARKETS[code]);
const itemArb = fc.record({
  reference: fc.string({ minLength: 1, maxLength: 8 }),
  name: fc.constant("Product"),
  quantity: fc.integer({ min: 1, max: 99 }),
  unitPrice: fc.integer({ min: 1, max: 5_000_000 }).map(minor),
  taxClass: fc.constantFrom<TaxClass>("standard", "food", "books"),
  isDigital: fc.boolean(),
});
const discountArb = fc.option(
  fc.oneof(
    fc.integer({ min: 0, max: 100 }).map((percent) => ({ reference: "PCT", name: "Percent off", percent })),
    fc.integer({ min: 1, max: 10_000_000 }).map((amount) => ({ reference: "AMT", name: "Amount off", amount: minor(amount) })),
  ),
  { nil: undefined },
);

describe("priceCart over random carts", () => {
  it("the lines always sum exactly to the order amount and tax, in every market, with and without discounts", () => {
    fc.assert(
      fc.property(marketArb, fc.array(itemArb, { minLength: 1, maxLength: 12 }), discountArb, (market, items, discount) => {
        const cart = priceCart({ market, items, discount });
        expect(cart.order_amount).toBe(cart.lines.reduce((sum, line) => sum + line.total_amount, 0));
        expect(cart.order_tax_amount).toBe(cart.lines.reduce((sum, line) => sum + line.total_tax_amount, 0));
        for (const line of cart.lines) {
          expect(Number.isInteger(line.total_amount)).toBe(true);
          expect(line.total_amount).toBe(line.quantity * line.unit_price - line.total_discount_amount);
          if (line.type !== "sales_tax") expect(line.total_tax_amount).toBe(includedTax(line.total_amount, line.tax_rate));
        }
        const discounted = 0 - cart.lines.filter((line) => line.type === "discount").reduce((s, l) => s + l.total_amount, 0);
        expect(discounted).toBe(cart.discount);
        expect(cart.order_amount).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });
});
