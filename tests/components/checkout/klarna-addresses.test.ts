import { describe, expect, it } from "vitest";
import { buildKlarnaAddresses, EMPTY_VALUES, fieldForKlarnaPath, missingFields, type CheckoutValues } from "@/components/checkout/klarna-addresses";

const HOME = { givenName: " Test ", familyName: "Person-us", streetAddress: "509 Amsterdam Ave", postalCode: "10024", city: "New York", region: "NY" };
const OFFICE = { givenName: "Ada", familyName: "Office", streetAddress: "1 Broadway", postalCode: "10004", city: "New York", region: "NY" };
const VALUES: CheckoutValues = { email: " customer@email.us ", phone: "+13106683312", billing: HOME, shipping: OFFICE };
const US = { country: "US", needsRegion: true, requiresShipping: true, shipElsewhere: false };

describe("buildKlarnaAddresses", () => {
  it("sends the billing address as the delivery address too, trimmed, with the market's country and the state", () => {
    const addresses = buildKlarnaAddresses(VALUES, US);
    expect(addresses.billing_address).toEqual({
      given_name: "Test",
      family_name: "Person-us",
      email: "customer@email.us",
      phone: "+13106683312",
      street_address: "509 Amsterdam Ave",
      postal_code: "10024",
      city: "New York",
      region: "NY",
      country: "US",
    });
    expect(addresses.shipping_address).toEqual(addresses.billing_address);
  });

  it("sends the other delivery address, with the shopper's email and phone, when they ship elsewhere", () => {
    const { shipping_address } = buildKlarnaAddresses(VALUES, { ...US, shipElsewhere: true });
    expect(shipping_address).toMatchObject({ given_name: "Ada", street_address: "1 Broadway", email: "customer@email.us", country: "US" });
  });

  it("sends no delivery address for a cart that ships nothing, and no region outside the US", () => {
    const addresses = buildKlarnaAddresses(VALUES, { country: "SE", needsRegion: false, requiresShipping: false, shipElsewhere: true });
    expect(addresses.shipping_address).toBeUndefined();
    expect(addresses.billing_address).not.toHaveProperty("region");
    expect(addresses.billing_address.country).toBe("SE");
  });
});

describe("missingFields", () => {
  it("names every empty required field, the delivery ones only when shipping elsewhere", () => {
    expect(missingFields(EMPTY_VALUES, { ...US, needsRegion: false })).toEqual(["email", "phone", "givenName", "familyName", "streetAddress", "postalCode", "city"]);
    const onlyDelivery = { ...VALUES, shipping: { ...OFFICE, city: " ", region: "" } };
    expect(missingFields(onlyDelivery, US)).toEqual([]);
    expect(missingFields(onlyDelivery, { ...US, shipElsewhere: true })).toEqual(["shipCity", "shipRegion"]);
  });
});

describe("fieldForKlarnaPath", () => {
  it("maps Klarna's invalid fields to the form's fields", () => {
    expect(fieldForKlarnaPath("billing_address.email")).toBe("email");
    expect(fieldForKlarnaPath("billing_address.postal_code")).toBe("postalCode");
    expect(fieldForKlarnaPath("shipping_address.given_name")).toBe("shipGivenName");
    expect(fieldForKlarnaPath("shipping_address.email")).toBeUndefined();
    expect(fieldForKlarnaPath("customer.date_of_birth")).toBeUndefined();
  });
});
