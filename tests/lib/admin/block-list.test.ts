import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { blockedShoppers } from "@/db/schema";
import { blockShopper, listBlockedShoppers, unblockShopper } from "@/lib/admin/block-list";
import { blockEntrySchema, blockEntryIdSchema } from "@/lib/admin/block-list-input";
import type { AddressRead } from "@/lib/klarna";
import { checkBlocked } from "@/lib/validation/validate-order";

// The seeded list (db/seed-validation.ts): blocked@email.se, +46700000000 and "blockgatan 1|11122|se".

const SHOPPER: AddressRead = {
  given_name: "Test",
  family_name: "Shopper",
  email: "shopper@example.com",
  phone: "+46701112233",
  street_address: "Vägen 1",
  postal_code: "12345",
  city: "Ankeborg",
  country: "SE",
};

/** Validation's check for an order whose billing address is SHOPPER with these changes. */
const check = (changes: Partial<AddressRead>) => checkBlocked({ billing_address: { ...SHOPPER, ...changes }, shipping_address: null });

const entry = (fields: Record<string, string>) => blockEntrySchema.safeParse({ reason: "Chargebacks", ...fields });

async function add(fields: Record<string, string>) {
  const parsed = entry(fields);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message);
  return { value: parsed.data.value, result: await blockShopper(parsed.data) };
}

const count = async () => (await db().select().from(blockedShoppers)).length;

describe("the add form stores what Klarna's validation looks up", () => {
  it("an e-mail in any case and spacing, so the shopper's own spelling is refused", async () => {
    const { value, result } = await add({ kind: "email", email: "  Fraud.Ster@Example.COM " });
    expect(value).toBe("fraud.ster@example.com");
    expect(result).toMatchObject({ ok: true, message: expect.stringContaining("fraud.ster@example.com") });
    expect(await check({ email: "fraud.ster@example.com" })).toEqual({ reason: "blocked", detail: "Blocked email" });
    expect(await check({ email: "FRAUD.STER@example.com" })).toMatchObject({ reason: "blocked" });
  });

  it("a Swedish number typed in national form, refused however the shopper writes it", async () => {
    const { value } = await add({ kind: "phone", phone: "070-123 45 67", country: "SE" });
    expect(value).toBe("+46701234567");
    for (const phone of ["+46 70 123 45 67", "0046701234567", "070-123 45 67", "+46 (0)70-123 45 67"]) {
      expect(await check({ phone, email: "other@example.com" }), phone).toEqual({ reason: "blocked", detail: "Blocked phone" });
    }
  });

  it("a number with its country code keeps it, whatever country is chosen", async () => {
    expect((await add({ kind: "phone", phone: "+44 20 7946 0000", country: "SE" })).value).toBe("+442079460000");
    expect(await check({ phone: "020 7946 0000", country: "GB", email: "other@example.com" })).toMatchObject({ reason: "blocked" });
  });

  it("a US number without the 1", async () => {
    expect((await add({ kind: "phone", phone: "(415) 555-0100", country: "US" })).value).toBe("+14155550100");
    expect(await check({ phone: "+1 415 555 0100", country: "US", email: "other@example.com" })).toMatchObject({ reason: "blocked" });
  });

  it("an address by street, postcode and country, refused in another spelling or on the delivery address", async () => {
    const { value } = await add({ kind: "address", street: " Storgatan  5 ", postcode: "111 29", country: "SE" });
    expect(value).toBe("storgatan 5|11129|se");
    const order = { street_address: "STORGATAN 5", postal_code: "11129", country: "se", email: "other@example.com", phone: "+46709999999" };
    expect(await check(order)).toEqual({ reason: "blocked", detail: "Blocked address" });
    expect(await checkBlocked({ billing_address: SHOPPER, shipping_address: { ...SHOPPER, ...order } })).toMatchObject({ reason: "blocked" });
    expect(await check({ ...order, postal_code: "11130" })).toBeNull();
  });

  it("lists entries newest first, in their stored form", async () => {
    const [newest] = await listBlockedShoppers();
    expect(newest).toMatchObject({ kind: "address", value: "storgatan 5|11129|se", reason: "Chargebacks" });
  });
});

describe("the add form refuses input that would never match, and stores nothing", () => {
  it.each([
    [{ kind: "email", email: "not-an-address" }, "email", /whole e-mail address/],
    [{ kind: "email", email: "" }, "email", /Enter the e-mail/],
    [{ kind: "phone", phone: "70 123 45 67", country: "SE" }, "phone", /country code/],
    [{ kind: "phone", phone: "0701234567", country: "FR" }, "country", /store's markets/],
    [{ kind: "phone", phone: "", country: "SE" }, "phone", /Enter the phone/],
    [{ kind: "address", street: "", postcode: "11129", country: "SE" }, "street", /street address/],
    [{ kind: "address", street: "Storgatan 5", postcode: " ", country: "SE" }, "postcode", /postcode/],
    [{ kind: "ip", value: "10.0.0.1" }, "kind", /e-mail, phone or address/],
    [{ kind: "email", email: "x@example.com", reason: "  " }, "reason", /Say why/],
  ])("%j", async (fields, field, message) => {
    const before = await count();
    const parsed = entry(fields);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: [field], message: expect.stringMatching(message) });
    expect(await count()).toBe(before);
  });
});

describe("duplicates and removal", () => {
  it("refuses a second entry for the same shopper, however it was typed, and says why the first was made", async () => {
    const before = await count();
    const { result } = await add({ kind: "email", email: "BLOCKED@email.se", reason: "Again" });
    expect(result).toEqual({
      ok: false,
      status: 409,
      message: "The e-mail blocked@email.se is already on the block list (“Repeated chargebacks”). Nothing was added.",
    });
    expect(await count()).toBe(before);
  });

  it("removes an entry, after which validation accepts the shopper again", async () => {
    await add({ kind: "email", email: "reformed@example.com" });
    const row = (await listBlockedShoppers()).find((candidate) => candidate.value === "reformed@example.com")!;
    expect(await check({ email: "reformed@example.com" })).toMatchObject({ reason: "blocked" });
    expect(await unblockShopper(row.id)).toEqual({ ok: true, message: "Removed the e-mail reformed@example.com from the block list." });
    expect(await check({ email: "reformed@example.com" })).toBeNull();
    expect(await unblockShopper(row.id)).toMatchObject({ ok: false, status: 404 });
  });

  it("reads the entry id strictly", () => {
    expect(blockEntryIdSchema.safeParse("12").data).toBe(12);
    for (const id of [null, "", "abc", "-1", "1.5"]) expect(blockEntryIdSchema.safeParse(id).success, String(id)).toBe(false);
  });
});
