import { beforeEach, describe, expect, it, vi } from "vitest";
import * as blockListActions from "@/components/admin/block-list-actions";
import * as couponActions from "@/components/admin/coupon-actions";
import { db } from "@/db";
import { blockedShoppers, coupons } from "@/db/schema";
import type { Merchant } from "@/lib/admin/merchants";

// The coupon and block-list actions as a browser calls them: with a session or without, with good forms and bad.

const session = vi.hoisted(() => ({ merchant: null as Merchant | null }));
vi.mock("@/lib/admin/session", () => ({ currentMerchant: vi.fn(async () => session.merchant) }));
const { revalidatePath } = vi.hoisted(() => ({ revalidatePath: vi.fn() }));
vi.mock("next/cache", () => ({ revalidatePath }));

type Action = (previous: null, form: FormData) => Promise<unknown>;

function formOf(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

/** Everything the two tables hold, to show that an action wrote nothing. */
async function snapshot() {
  return { coupons: await db().select().from(coupons), blocked: await db().select().from(blockedShoppers) };
}

const NEW_CODE = { code: "AUTUMN-15", description: "15 % off", kind: "percent", percent: "15", maxUses: "", expiresOn: "" };

beforeEach(() => {
  session.merchant = null;
  revalidatePath.mockClear();
});

describe("an anonymous caller", () => {
  const actions = { ...couponActions, ...blockListActions };

  it("covers every action the two modules export", () => {
    expect(Object.keys(actions).sort()).toEqual(["blockShopperAction", "createCouponAction", "setCouponActiveAction", "unblockShopperAction"]);
  });

  /** Forms that would succeed for a signed-in merchant, so only the missing session can be the reason. */
  const forms: Record<keyof typeof actions, FormData> = {
    createCouponAction: formOf(NEW_CODE),
    setCouponActiveAction: formOf({ code: "WELCOME10", active: "false" }),
    blockShopperAction: formOf({ kind: "email", email: "someone@example.com", reason: "Test" }),
    unblockShopperAction: formOf({ id: "1" }),
  };

  for (const [name, action] of Object.entries(actions)) {
    it(`${name} answers 401 and changes nothing`, async () => {
      const before = await snapshot();
      const result = await (action as Action)(null, forms[name as keyof typeof actions]);
      expect(result).toMatchObject({ ok: false, status: 401, message: expect.stringContaining("not signed in") });
      expect(await snapshot()).toEqual(before);
      expect(revalidatePath).not.toHaveBeenCalled();
    });
  }
});

describe("a signed-in merchant", () => {
  beforeEach(() => {
    session.merchant = { id: 1, email: "merchant@trailhead.example", name: "Demo Merchant" };
  });

  it("creates a code and refreshes the list", async () => {
    const result = await couponActions.createCouponAction(null, formOf(NEW_CODE));
    expect(result).toEqual({ ok: true, message: "Created AUTUMN-15: 15 % off, no use limit, no expiry." });
    expect(revalidatePath).toHaveBeenCalledWith("/admin/coupons");
  });

  it("gets a 409 for a taken code, shown on the code field, with the typed values back", async () => {
    const before = await snapshot();
    const result = await couponActions.createCouponAction(null, formOf({ ...NEW_CODE, code: "welcome10" }));
    expect(result).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringContaining("There is already a code WELCOME10"),
      errors: { code: expect.stringContaining("WELCOME10") },
      values: { code: "welcome10", percent: "15" },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("gets a 400 naming each bad field, and nothing is written", async () => {
    const before = await snapshot();
    const result = await couponActions.createCouponAction(null, formOf({ ...NEW_CODE, code: "no spaces", percent: "150" }));
    expect(result).toMatchObject({
      ok: false,
      status: 400,
      message: "Nothing was saved: 2 fields need a look.",
      errors: { code: expect.stringMatching(/3–32 characters/), percent: expect.stringMatching(/1 to 100/) },
    });
    const single = await blockListActions.blockShopperAction(null, formOf({ kind: "phone", phone: "12", country: "SE", reason: "x" }));
    expect(single).toMatchObject({ status: 400, message: expect.stringMatching(/^Nothing was saved\. Write the number/) });
    expect(await blockListActions.unblockShopperAction(null, formOf({ id: "one" }))).toMatchObject({ status: 400 });
    expect(await couponActions.setCouponActiveAction(null, formOf({ code: "WELCOME10", active: "maybe" }))).toMatchObject({ status: 400 });
    expect(await snapshot()).toEqual(before);
    expect(revalidatePath).not.toHaveBeenCalled();
  });

  it("deactivates a code, and blocks and unblocks a shopper", async () => {
    expect(await couponActions.setCouponActiveAction(null, formOf({ code: "welcome10", active: "false" }))).toMatchObject({ ok: true });
    expect((await snapshot()).coupons.find((coupon) => coupon.code === "WELCOME10")?.active).toBe(false);

    const blocked = await blockListActions.blockShopperAction(null, formOf({ kind: "phone", phone: "0701234567", country: "SE", reason: "Fraud" }));
    expect(blocked).toMatchObject({ ok: true, message: expect.stringContaining("+46701234567") });
    const row = (await snapshot()).blocked.find((entry) => entry.value === "+46701234567")!;
    expect(row).toMatchObject({ kind: "phone", reason: "Fraud" });
    expect(await blockListActions.unblockShopperAction(null, formOf({ id: String(row.id) }))).toMatchObject({ ok: true });
    expect((await snapshot()).blocked.some((entry) => entry.id === row.id)).toBe(false);
    expect(revalidatePath).toHaveBeenCalledWith("/admin/block-list");
  });
});
