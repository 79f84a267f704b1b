import { describe, expect, it } from "vitest";
import type { AddressRead } from "@/lib/klarna";
import { normalizeAddress, normalizeEmail, normalizePhone } from "@/lib/validation/normalize";
import { checkBlocked } from "@/lib/validation/validate-order";
import { SE_SHOPPER } from "./support";

// The seeded block list: email blocked@email.se, phone +46700000000, address "Blockgatan 1, 11122, SE".
const billing = (changes: Partial<AddressRead>) => ({ billing_address: { ...SE_SHOPPER, ...changes }, shipping_address: null });
const shipping = (changes: Partial<AddressRead>) => ({
  billing_address: SE_SHOPPER,
  shipping_address: { ...SE_SHOPPER, ...changes },
});

describe("checkBlocked", () => {
  it("lets an ordinary shopper through", async () => {
    expect(await checkBlocked({ billing_address: SE_SHOPPER, shipping_address: SE_SHOPPER })).toBeNull();
  });

  it("lets an order with no addresses through (a digital order Klarna sent without any)", async () => {
    expect(await checkBlocked({ billing_address: null, shipping_address: undefined })).toBeNull();
  });

  it.each(["blocked@email.se", "Blocked@Email.SE", "  BLOCKED@EMAIL.SE  ", "\tblocked@email.se\n"])(
    "refuses the blocked email written as %j",
    async (email) => {
      expect(await checkBlocked(billing({ email }))).toEqual({ reason: "blocked", detail: "Blocked email" });
    },
  );

  it("does not refuse a similar but different email", async () => {
    expect(await checkBlocked(billing({ email: "blocked@email.de" }))).toBeNull();
    expect(await checkBlocked(billing({ email: "not-blocked@email.se" }))).toBeNull();
  });

  it.each(["+46700000000", "+46 70-000 00 00", "0046700000000", "0046 70 000 00 00", "+46 (70) 000-0000"])(
    "refuses the blocked phone number written as %j",
    async (phone) => {
      expect(await checkBlocked(billing({ phone }))).toEqual({ reason: "blocked", detail: "Blocked phone" });
    },
  );

  it("does not refuse a neighbouring phone number", async () => {
    expect(await checkBlocked(billing({ phone: "+46 70-000 00 01" }))).toBeNull();
    expect(await checkBlocked(billing({ phone: "+4670000000" }))).toBeNull();
  });

  // BUG-V4 (lib/validation/normalize.ts normalizePhone): the national form of the blocked number, "070-000 00 00",
  // normalises to "0700000000" and "+46 (0)70-000 00 00" to "+460700000000", so the block list is dodged by writing the
  // number the way Swedes usually do. Fix: normalise with the address's country (a leading single 0 becomes the
  // country code, e.g. with libphonenumber-js' parsePhoneNumber(phone, country).number) and drop a "(0)" trunk prefix.
  it.todo("refuses the blocked phone number in national form or with a (0) trunk prefix", async () => {
    expect(await checkBlocked(billing({ phone: "070-000 00 00" }))).toMatchObject({ reason: "blocked" });
    expect(await checkBlocked(billing({ phone: "+46 (0)70-000 00 00" }))).toMatchObject({ reason: "blocked" });
  });

  it.each([
    { street_address: "Blockgatan 1", postal_code: "11122", country: "SE" },
    { street_address: "Blockgatan 1", postal_code: "111 22", country: "SE" },
    { street_address: "BLOCKGATAN 1", postal_code: "111 22", country: "se" },
    { street_address: "  blockgatan   1 ", postal_code: " 11122", country: "SE" },
  ])("refuses the blocked address written as $street_address, $postal_code, $country", async (address) => {
    expect(await checkBlocked(billing(address))).toEqual({ reason: "blocked", detail: "Blocked address" });
  });

  it("does not refuse the same street in another postcode, country or house number", async () => {
    expect(await checkBlocked(billing({ street_address: "Blockgatan 1", postal_code: "11123" }))).toBeNull();
    expect(await checkBlocked(billing({ street_address: "Blockgatan 1", postal_code: "11122", country: "DE" }))).toBeNull();
    expect(await checkBlocked(billing({ street_address: "Blockgatan 12", postal_code: "11122" }))).toBeNull();
  });

  it("checks the delivery address as well as the billing address", async () => {
    expect(await checkBlocked(shipping({ street_address: "Blockgatan 1", postal_code: "111 22" }))).toMatchObject({ reason: "blocked" });
    expect(await checkBlocked(shipping({ email: "BLOCKED@email.se" }))).toMatchObject({ reason: "blocked" });
  });

  it("does not mix up kinds: an email field holding the blocked phone number is not a blocked phone", async () => {
    expect(await checkBlocked(billing({ email: "+46700000000" }))).toBeNull();
  });
});

describe("normalisation used by the block list", () => {
  it("gives the stored forms", () => {
    expect(normalizeEmail(" Blocked@Email.SE ")).toBe("blocked@email.se");
    expect(normalizePhone("0046 70-000 00 00")).toBe("+46700000000");
    expect(normalizeAddress({ street_address: " Blockgatan  1", postal_code: "111 22", country: "SE" })).toBe("blockgatan 1|11122|se");
  });
});
