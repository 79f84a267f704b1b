import { describe, expect, it } from "vitest";
import { buildPaymentContextRequest, describePromoCode } from "@/lib/payments/checkout-com/context-request";
import { MARKETS } from "@/lib/pricing/markets";
import { minor, taxRate } from "@/lib/pricing/money";
import { discountLine, itemLine } from "@/lib/pricing/order-lines";
import { priceCart } from "@/lib/pricing/price-cart";

const base = { reference: "checkout-1", processingChannelId: "pc_trailheadsupplycosimulator", promoCodes: [] };

describe("the payment context request", () => {
  // reference/seeds/004_6e27f3ac1c8818d9.txt, "Discounts": the order discount is an item of type "discount".
  it("sends the seed example as Checkout.com documents it: amount 7470, tax 1660, the 10 % off as a discount item", () => {
    // Jumper 1 × 5000 less 750, t-shirt 3 × 1500 less 450, both at 25 %, then a 10 % order discount of 830.
    const lines = [
      itemLine({ type: "physical", reference: "jumper", name: "Jumper", quantity: 1, unitPrice: minor(5000), discount: minor(750), taxRate: taxRate(2500) }),
      itemLine({ type: "physical", reference: "t-shirt", name: "T-shirt", quantity: 3, unitPrice: minor(1500), discount: minor(450), taxRate: taxRate(2500) }),
      discountLine({ reference: "WELCOME10", name: "10 % off", amount: minor(830), taxRate: taxRate(0) }),
    ];
    const request = buildPaymentContextRequest({ ...base, lines, market: MARKETS.DE });
    expect(request.amount).toBe(7470);
    expect(request.currency).toBe("EUR");
    expect(request.source).toEqual({ type: "klarna", account_holder: { billing_address: { country: "DE" } } });
    expect(request.items).toEqual([
      { type: "physical", name: "Jumper", quantity: 1, unit_price: 5000, reference: "jumper", total_amount: 4250, tax_rate: 2500, tax_amount: 850, discount_amount: 750 },
      { type: "physical", name: "T-shirt", quantity: 3, unit_price: 1500, reference: "t-shirt", total_amount: 4050, tax_rate: 2500, tax_amount: 810, discount_amount: 450 },
      { type: "discount", name: "10 % off", quantity: 1, reference: "WELCOME10", total_amount: 830, unit_price: 830 },
    ]);
    expect(request.processing).toEqual({ locale: MARKETS.DE.klarnaLocale, shipping_amount: 0, tax_amount: 1660 });
    expect("discount_amount" in request.processing).toBe(false);
    expect(request.capture).toBe(false);
  });

  it("applies Checkout.com's tax formula to every item: tax_amount = tax_rate × total / (10000 + tax_rate)", () => {
    const cart = priceCart({
      market: MARKETS.SE,
      items: [
        { reference: "tent", name: "Tent", quantity: 2, unitPrice: minor(129_900), taxClass: "standard", isDigital: false },
        { reference: "map", name: "Map", quantity: 1, unitPrice: minor(19_900), taxClass: "books", isDigital: false },
      ],
      discount: { reference: "WELCOME10", name: "Welcome", percent: 10 },
    });
    const request = buildPaymentContextRequest({ ...base, lines: cart.lines, market: MARKETS.SE });
    const goods = request.items.filter((item) => item.type !== "discount");
    for (const item of goods) {
      expect(item.tax_amount).toBe(Math.round((item.tax_rate! * item.total_amount) / (10_000 + item.tax_rate!)));
      expect(item.total_amount).toBe(item.quantity * item.unit_price - item.discount_amount!);
    }
    // One discount item per discount line of the cart (the cart splits an order discount by tax class).
    const discounts = request.items.filter((item) => item.type === "discount");
    const discountLines = cart.lines.filter((line) => line.type === "discount");
    expect(discountLines.length).toBeGreaterThan(0);
    expect(discounts).toEqual(
      discountLines.map((line) => ({ type: "discount", name: line.name, quantity: 1, reference: line.reference, total_amount: -line.total_amount, unit_price: -line.total_amount })),
    );
    // The amount is what the shopper pays: the cart's exact total; the tax is the seed's: the discount item's not deducted.
    expect(request.amount).toBe(cart.order_amount);
    expect(request.processing.tax_amount).toBe(cart.order_tax_amount - discountLines.reduce((sum, line) => sum + line.total_tax_amount, 0));
    const sum = (items: typeof goods) => items.reduce((total, item) => total + item.total_amount, 0);
    expect(request.amount).toBe(sum(goods) - sum(discounts) + request.processing.shipping_amount);
  });

  it("adds US sales tax on top of the items and sends it as the tax amount", () => {
    const cart = priceCart({
      market: MARKETS.US,
      items: [{ reference: "stove", name: "Stove", quantity: 1, unitPrice: minor(4_999), taxClass: "standard", isDigital: false }],
    });
    const request = buildPaymentContextRequest({ ...base, lines: cart.lines, market: MARKETS.US });
    const salesTax = cart.lines.find((line) => line.type === "sales_tax")!.total_amount;
    expect(request.currency).toBe("USD");
    expect(request.processing.tax_amount).toBe(salesTax);
    expect(request.amount).toBe(request.items[0]!.total_amount + request.processing.shipping_amount + salesTax);
  });

  it("offers the agreed promo codes and never sends payment_type (the SDK rejects PayLater)", () => {
    const lines = [itemLine({ type: "physical", reference: "jumper", name: "Jumper", quantity: 1, unitPrice: minor(5000), taxRate: taxRate(2500) })];
    const request = buildPaymentContextRequest({ ...base, lines, market: MARKETS.GB, promoCodes: ["6m_0APR"] });
    expect(request.processing.custom_payment_method_ids).toEqual(["6m_0APR"]);
    expect("payment_type" in request).toBe(false);
  });

  it("says promo codes in words", () => {
    expect(describePromoCode("6m_0APR")).toBe("6 months at 0 % APR");
    expect(describePromoCode("12m_9.9APR")).toBe("12 months at 9.9 % APR");
    expect(describePromoCode("1m_0APR")).toBe("1 month at 0 % APR");
    expect(describePromoCode("SPRING")).toBe("SPRING");
  });
});
