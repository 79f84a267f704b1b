import { describe, expect, it } from "vitest";
import { expressButtonStyle } from "@/lib/payments/klarna-payments/express/button-style";
import { shippingChoiceFor, shippingOptionsFor } from "@/lib/payments/klarna-payments/express/shipping";
import { MARKETS } from "@/lib/pricing/markets";
import { minor } from "@/lib/pricing/money";
import { priceCart, type PricedItem } from "@/lib/pricing/price-cart";

const mug: PricedItem = { reference: "TS-CK-520", name: "Mug", quantity: 2, unitPrice: minor(2995), taxClass: "standard", isDigital: false };

describe("Express checkout's shipping options (review page)", () => {
  it("offers standard and express delivery for an address in the market, as money", () => {
    const options = shippingOptionsFor(MARKETS.DE, "de", 495);
    expect(options.map(({ id, price }) => [id, price.replace(/\s/g, " ")])).toEqual([
      ["standard", "4,95 €"],
      ["express", "9,95 €"],
    ]);
    expect(shippingOptionsFor(MARKETS.SE, "SE", 0)[0]!.price).toBe("Free");
  });

  it("offers nothing for an address outside the market, or none", () => {
    expect(shippingOptionsFor(MARKETS.DE, "SE", 495)).toEqual([]);
    expect(shippingOptionsFor(MARKETS.DE, undefined, 495)).toEqual([]);
  });

  it("prices the chosen option as the order's shipping line, free-shipping threshold or not", () => {
    const standard = priceCart({ market: MARKETS.DE, items: [mug] });
    const express = priceCart({ market: MARKETS.DE, items: [mug], shipping: shippingChoiceFor("express", MARKETS.DE) });
    expect(standard.order_amount).toBe(5990 + 495);
    expect(express.order_amount).toBe(5990 + 995);
    expect(express.lines.at(-1)).toMatchObject({ type: "shipping_fee", reference: "shipping-express", total_amount: 995, total_tax_amount: 159 });
    expect(express.untilFreeShipping).toBe(0);
    const big = priceCart({ market: MARKETS.DE, items: [{ ...mug, quantity: 10 }], shipping: shippingChoiceFor("express", MARKETS.DE) });
    expect(big.shipping).toBe(995);
    expect(shippingChoiceFor("standard", MARKETS.DE)).toBeUndefined();
    expect(shippingChoiceFor("anything", MARKETS.DE)).toBeUndefined();
  });

  it("styles the button per market: Klarna's default theme, pill, the market's Klarna locale", () => {
    expect(expressButtonStyle(MARKETS.DE)).toEqual({ theme: "default", shape: "pill", locale: "en-DE" });
    expect(expressButtonStyle(MARKETS.US).locale).toBe("en-US");
  });
});
