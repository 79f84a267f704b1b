import { describe, expect, it } from "vitest";
import type { AddressRead, OrderLineRead } from "@/lib/klarna";
import { isPostcodeServed } from "@/lib/validation/delivery";
import { checkDelivery, type OrderUnderValidation } from "@/lib/validation/validate-order";
import { goodsLine, SE_SHOPPER } from "./support";

const CHILI = "TS-FD-810"; // Trail food
const JACKET = "TS-CL-101";
const EBOOK = "TS-DG-910"; // digital
const SHIPPING = goodsLine("shipping", 1, { type: "shipping_fee" });

function order(country: string, lines: OrderLineRead[], address: AddressRead | null): OrderUnderValidation {
  return {
    purchase_country: country,
    purchase_currency: { SE: "SEK", DE: "EUR", GB: "GBP", US: "USD" }[country] ?? "EUR",
    order_amount: lines.reduce((sum, line) => sum + line.total_amount, 0),
    order_lines: lines,
    billing_address: address,
    shipping_address: address,
  };
}

const US_ADDRESS: AddressRead = { street_address: "509 Amsterdam Ave", postal_code: "10024", city: "New York", region: "NY", country: "US" };
const DE_ADDRESS: AddressRead = { street_address: "Hellersbergstraße 14", postal_code: "41460", city: "Neuss", country: "DE" };
const gb = (postal_code: string): AddressRead => ({ street_address: "1 High Street", postal_code, city: "Town", country: "GB" });
const de = (postal_code: string): AddressRead => ({ ...DE_ADDRESS, postal_code });

describe("checkDelivery: countries", () => {
  it("refuses trail food to the US, naming the item and the country", async () => {
    const denial = await checkDelivery(order("US", [goodsLine(CHILI, 2), SHIPPING], US_ADDRESS));
    expect(denial).toEqual({ reason: "undeliverable_country", sku: CHILI, country: "US", detail: expect.stringContaining("EU") });
  });

  it("ships trail food within the EU (Sweden, Germany)", async () => {
    expect(await checkDelivery(order("SE", [goodsLine(CHILI, 2), SHIPPING], SE_SHOPPER))).toBeNull();
    expect(await checkDelivery(order("DE", [goodsLine(CHILI, 2), SHIPPING], DE_ADDRESS))).toBeNull();
  });

  it("refuses trail food to the United Kingdom, which is not in the EU", async () => {
    expect(await checkDelivery(order("GB", [goodsLine(CHILI, 1)], gb("W1S 3BE")))).toMatchObject({
      reason: "undeliverable_country",
      sku: CHILI,
      country: "GB",
    });
  });

  it("ships other goods to the US", async () => {
    expect(await checkDelivery(order("US", [goodsLine(JACKET, 1), SHIPPING], US_ADDRESS))).toBeNull();
  });

  it("goes by the delivery address, not the billing address or the purchase country", async () => {
    const shippedToUs = { ...order("SE", [goodsLine(CHILI, 1)], SE_SHOPPER), shipping_address: US_ADDRESS };
    expect(await checkDelivery(shippedToUs)).toMatchObject({ reason: "undeliverable_country", country: "US" });
    const billedInUs = { ...order("SE", [goodsLine(CHILI, 1)], US_ADDRESS), shipping_address: SE_SHOPPER };
    expect(await checkDelivery(billedInUs)).toBeNull();
  });

  it("falls back to the billing address, then the purchase country, when no delivery address is given", async () => {
    const billingOnly = { ...order("SE", [goodsLine(CHILI, 1)], null), billing_address: US_ADDRESS };
    expect(await checkDelivery(billingOnly)).toMatchObject({ reason: "undeliverable_country", country: "US" });
    expect(await checkDelivery(order("US", [goodsLine(CHILI, 1)], null))).toMatchObject({ reason: "undeliverable_country", country: "US" });
  });

  it("reads the country case-insensitively", async () => {
    expect(await checkDelivery(order("us", [goodsLine(CHILI, 1)], { ...US_ADDRESS, country: "us" }))).toMatchObject({
      reason: "undeliverable_country",
      country: "US",
    });
  });

  it("refuses trail food to the US when the line has no type, as Klarna reads such a line as physical", async () => {
    expect(await checkDelivery(order("US", [goodsLine(CHILI, 1, { type: undefined })], US_ADDRESS))).toMatchObject({
      reason: "undeliverable_country",
      sku: CHILI,
    });
  });
});

describe("checkDelivery: digital goods", () => {
  it("needs no address for a digital-only order, anywhere", async () => {
    expect(await checkDelivery(order("US", [goodsLine(EBOOK, 1, { type: "digital" })], null))).toBeNull();
    expect(await checkDelivery(order("GB", [goodsLine(EBOOK, 1, { type: "digital" })], gb("HS1 2AB")))).toBeNull();
  });

  it("still checks the physical goods of a mixed order", async () => {
    const mixed = order("US", [goodsLine(EBOOK, 1, { type: "digital" }), goodsLine(CHILI, 1), SHIPPING], US_ADDRESS);
    expect(await checkDelivery(mixed)).toMatchObject({ reason: "undeliverable_country", sku: CHILI });
  });
});

describe("checkDelivery: postcodes the carrier does not serve", () => {
  it.each(["HS1 2AB", "hs12ab", "ZE1 0AA", "KW15 1AA", "KW16 3AA", "KW17 2AB", " kw17 2ab "])(
    "refuses the Scottish island postcode %j",
    async (postcode) => {
      expect(await checkDelivery(order("GB", [goodsLine(JACKET, 1), SHIPPING], gb(postcode)))).toEqual({
        reason: "undeliverable_postcode",
        country: "GB",
        detail: expect.stringContaining(postcode),
      });
    },
  );

  it.each(["W1S 3BE", "SW1A 1AA", "KW14 7AA", "KW10 6AA", "IV1 1AA", "ZZ1 1AA"])("serves the mainland postcode %j", async (postcode) => {
    expect(await checkDelivery(order("GB", [goodsLine(JACKET, 1), SHIPPING], gb(postcode)))).toBeNull();
  });

  it("serves Wick postcodes in the KW1 district, such as KW1 5AA", async () => {
    expect(await checkDelivery(order("GB", [goodsLine(JACKET, 1), SHIPPING], gb("KW1 5AA")))).toBeNull();
    expect(isPostcodeServed("GB", "KW1 7AB")).toBe(true);
    expect(isPostcodeServed("GB", "kw16aa")).toBe(true);
  });

  it("refuses the German North Sea and Baltic islands it lists, and serves the mainland", async () => {
    for (const postcode of ["18565", "26548", "26757"]) {
      expect(await checkDelivery(order("DE", [goodsLine(JACKET, 1), SHIPPING], de(postcode)))).toMatchObject({
        reason: "undeliverable_postcode",
        country: "DE",
      });
    }
    expect(await checkDelivery(order("DE", [goodsLine(JACKET, 1), SHIPPING], de("10115")))).toBeNull();
    expect(await checkDelivery(order("DE", [goodsLine(JACKET, 1), SHIPPING], de("185650")))).toBeNull();
  });

  it("applies a country's postcode list only to that country", async () => {
    // 26548 is Norderney in Germany, but just a number in Sweden.
    expect(await checkDelivery(order("SE", [goodsLine(JACKET, 1)], { ...SE_SHOPPER, postal_code: "26548" }))).toBeNull();
    expect(isPostcodeServed("SE", "HS1 2AB")).toBe(true);
  });

  it("reports the country before the postcode when both are wrong", async () => {
    expect(await checkDelivery(order("GB", [goodsLine(CHILI, 1)], gb("HS1 2AB")))).toMatchObject({ reason: "undeliverable_country" });
  });
});
