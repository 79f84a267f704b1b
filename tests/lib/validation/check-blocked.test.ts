import { like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { blockedShoppers } from "@/db/schema";
import { explainBlockedLookup, findBlocked } from "@/lib/admin/block-list";
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

  // Swedes write the number nationally ("070…") or with the trunk prefix in brackets ("+46 (0)70…").
  it.each([
    "+46700000000",
    "+46 70-000 00 00",
    "0046700000000",
    "0046 70 000 00 00",
    "+46 (70) 000-0000",
    "070-000 00 00",
    "0700000000",
    "+46 (0)70-000 00 00",
    "0046 (0)70 000 00 00",
  ])(
    "refuses the blocked phone number of a Swedish address written as %j",
    async (phone) => {
      expect(await checkBlocked(billing({ phone }))).toEqual({ reason: "blocked", detail: "Blocked phone" });
    },
  );

  it("does not refuse a neighbouring phone number", async () => {
    expect(await checkBlocked(billing({ phone: "+46 70-000 00 01" }))).toBeNull();
    expect(await checkBlocked(billing({ phone: "+4670000000" }))).toBeNull();
  });

  it("reads a national number in the address's own country: 070-000 00 00 in Germany is not the blocked Swedish one", async () => {
    expect(await checkBlocked(billing({ phone: "070-000 00 00", country: "DE" }))).toBeNull();
  });

  it("reads a delivery address without a country in the billing address's country", async () => {
    expect(await checkBlocked(shipping({ phone: "070-000 00 00", country: undefined }))).toMatchObject({ reason: "blocked" });
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

describe("the block-list lookup", () => {
  it("searches the unique (kind, value) index, so a long list costs a validation nothing more", async () => {
    const plan = (await explainBlockedLookup()).join("\n");
    expect(plan).toMatch(/SEARCH blocked_shoppers USING COVERING INDEX blocked_shoppers_kind_value \(kind=\? AND value=\?\)/);
    expect(plan).not.toMatch(/SCAN blocked_shoppers/);
  });

  it("finds an entry among thousands, and only of its own kind", async () => {
    const emails = Array.from({ length: 3000 }, (_, i) => ({ kind: "email" as const, value: `listed-${i}@example.se`, reason: "Bench" }));
    await db().insert(blockedShoppers).values(emails);
    try {
      expect(await checkBlocked(billing({ email: "Listed-2999@example.se" }))).toEqual({ reason: "blocked", detail: "Blocked email" });
      expect(await findBlocked([{ kind: "address", value: "listed-5@example.se" }])).toEqual([]);
      expect(await checkBlocked(billing({ email: "listed-3000@example.se" }))).toBeNull();
    } finally {
      await db().delete(blockedShoppers).where(like(blockedShoppers.value, "listed-%"));
    }
  });
});

describe("normalisation used by the block list", () => {
  it("gives the stored forms", () => {
    expect(normalizeEmail(" Blocked@Email.SE ")).toBe("blocked@email.se");
    expect(normalizePhone("0046 70-000 00 00")).toBe("+46700000000");
    expect(normalizePhone("070-000 00 00", "SE")).toBe("+46700000000");
    expect(normalizePhone("+44 (0)20 7946 0000", "GB")).toBe("+442079460000");
    expect(normalizePhone("(212) 555-0100", "US")).toBe("+12125550100");
    expect(normalizeAddress({ street_address: " Blockgatan  1", postal_code: "111 22", country: "SE" })).toBe("blockgatan 1|11122|se");
  });
});
