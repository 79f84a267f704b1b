import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { coupons } from "@/db/schema";
import { couponInputSchema, couponToggleSchema, parseMajorAmount } from "@/lib/admin/coupon-input";
import { couponState, createCoupon, listCoupons, setCouponActive } from "@/lib/admin/coupons";
import { findCoupon } from "@/lib/coupons/coupons";
import { sek } from "./fixtures";

// The seeded codes (db/seed-validation.ts) are WELCOME10, FIRSTHIKE, TRAIL100 and the expired SUMMER2025.

const NEXT_YEAR = String(new Date().getUTCFullYear() + 1);

/** The new-code form as the page sends it: every field a string, unused ones empty. */
function form(fields: Record<string, string>) {
  return { code: "", description: "Test code", kind: "percent", percent: "", amount: "", currency: "SEK", maxUses: "", expiresOn: "", ...fields };
}

const parse = (fields: Record<string, string>) => couponInputSchema.safeParse(form(fields));
/** The first problem with each field, as the form shows it. */
const problems = (fields: Record<string, string>) => {
  const result = parse(fields);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [String(issue.path[0]), issue.message]).reverse());
};

describe("the new-code form", () => {
  it("takes a percent code, upper-casing the code and storing no limits when none are given", () => {
    expect(parse({ code: " spring-25 ", description: " 25 % off everything ", percent: "25" })).toEqual({
      success: true,
      data: {
        code: "SPRING-25",
        description: "25 % off everything",
        kind: "percent",
        value: 25,
        currency: null,
        maxUses: null,
        expiresAt: null,
      },
    });
  });

  it("takes an amount in major units and stores minor units of its currency, exactly", () => {
    const cases: [string, string, number][] = [
      ["100", "SEK", 10_000],
      ["9.95", "EUR", 995],
      ["9,95", "GBP", 995],
      ["1 000", "USD", 100_000],
      ["0.1", "EUR", 10],
    ];
    for (const [amount, currency, value] of cases) {
      expect(parse({ code: "AMOUNT", kind: "amount", amount, currency }).data).toMatchObject({ kind: "amount", value, currency });
    }
  });

  it("takes a use limit and an expiry day, which ends at 00:00 UTC as the shop's expiry check reads it", () => {
    expect(parse({ code: "LIMITED", percent: "5", maxUses: "50", expiresOn: `${NEXT_YEAR}-06-30` }).data).toMatchObject({
      maxUses: 50,
      expiresAt: `${NEXT_YEAR}-06-30T00:00:00.000Z`,
    });
  });

  it.each(["AB", "A".repeat(33), "SPRING 25", "SPRÅNG", "SPRING_25", ""])("refuses the code %j", (code) => {
    expect(problems({ code, percent: "10" }).code).toMatch(/3–32 characters/);
  });

  it.each(["0", "101", "12.5", "-5", "ten", ""])("refuses %j percent", (percent) => {
    expect(problems({ code: "PERCENT", percent }).percent).toBeDefined();
  });

  it.each(["0", "0.00", "-10", "9.999", "abc", "100001", ""])("refuses an amount of %j", (amount) => {
    expect(problems({ code: "AMOUNT", kind: "amount", amount }).amount).toBeDefined();
  });

  it("refuses a currency the store does not sell in, and a kind it does not know", () => {
    expect(problems({ code: "AMOUNT", kind: "amount", amount: "10", currency: "NOK" }).currency).toMatch(/SEK, EUR, GBP or USD/);
    expect(problems({ code: "WHAT", kind: "free-shipping" }).kind).toMatch(/percent off or amount off/);
  });

  it("refuses a use limit below 1 and expiry days that are past, today or not days", () => {
    expect(problems({ code: "LIMIT", percent: "10", maxUses: "0" }).maxUses).toBeDefined();
    expect(problems({ code: "LIMIT", percent: "10", maxUses: "1.5" }).maxUses).toBeDefined();
    const today = new Date().toISOString().slice(0, 10);
    expect(problems({ code: "EXPIRY", percent: "10", expiresOn: today }).expiresOn).toMatch(/after today/);
    expect(problems({ code: "EXPIRY", percent: "10", expiresOn: "2020-01-01" }).expiresOn).toMatch(/after today/);
    expect(problems({ code: "EXPIRY", percent: "10", expiresOn: `${NEXT_YEAR}-02-30` }).expiresOn).toMatch(/does not exist/);
    expect(problems({ code: "EXPIRY", percent: "10", expiresOn: "30/06/2030" }).expiresOn).toMatch(/YYYY-MM-DD/);
  });

  it("names every bad field at once, the amount among them", () => {
    expect(Object.keys(problems({ code: "x", description: "", kind: "amount", amount: "0" })).sort()).toEqual(["amount", "code", "description"]);
  });

  it("needs a description, which the shopper sees", () => {
    expect(problems({ code: "NODESC", percent: "10", description: "   " }).description).toMatch(/Describe the code/);
  });

  it("reads amounts without floating-point error", () => {
    expect(parseMajorAmount("0.29", "SEK")).toBe(29);
    expect(parseMajorAmount("1.005", "SEK")).toBeNull();
  });
});

describe("creating a code", () => {
  it("stores it so the cart finds it, and lists it first", async () => {
    const input = parse({ code: "NEWCODE", description: "150 kr off", kind: "amount", amount: "150", currency: "SEK", maxUses: "10" }).data!;
    expect(await createCoupon(input)).toEqual({ ok: true, message: `Created NEWCODE: ${sek(15_000)} off, 10 uses, no expiry.` });
    expect(await findCoupon("newcode")).toMatchObject({ code: "NEWCODE", kind: "amount", value: 15_000, currency: "SEK", maxUses: 10, uses: 0, active: true });
    const [first] = await listCoupons();
    expect(first).toMatchObject({ code: "NEWCODE", discount: `${sek(15_000)} off`, currency: "SEK", uses: 0, maxUses: 10, state: "active" });
  });

  it("refuses a code that is taken with a 409 that names it, and leaves the existing code as it was", async () => {
    const before = await findCoupon("WELCOME10");
    const input = parse({ code: "welcome10", description: "Another welcome", percent: "50" }).data!;
    expect(await createCoupon(input)).toEqual({
      ok: false,
      status: 409,
      message: "There is already a code WELCOME10. Choose another code, or reactivate WELCOME10 in the list.",
    });
    expect(await findCoupon("WELCOME10")).toEqual(before);
  });
});

describe("deactivating and reactivating", () => {
  it("turns a code off so the shop refuses it, and on again", async () => {
    expect(await setCouponActive("FIRSTHIKE", false)).toMatchObject({ ok: true, message: expect.stringContaining("deactivated") });
    const off = (await findCoupon("FIRSTHIKE"))!;
    expect(off.active).toBe(false);
    expect(couponState(off)).toBe("inactive");
    expect(await setCouponActive("FIRSTHIKE", true)).toMatchObject({ ok: true, message: "FIRSTHIKE is active again." });
    expect((await findCoupon("FIRSTHIKE"))!.active).toBe(true);
  });

  it("answers 404 for a code that does not exist", async () => {
    expect(await setCouponActive("NO-SUCH-CODE", false)).toMatchObject({ ok: false, status: 404 });
  });

  it("reads the toggle form strictly", () => {
    expect(couponToggleSchema.safeParse({ code: "welcome10", active: "false" }).data).toEqual({ code: "WELCOME10", active: false });
    expect(couponToggleSchema.safeParse({ code: "WELCOME10", active: "yes" }).success).toBe(false);
    expect(couponToggleSchema.safeParse({ code: null, active: "true" }).success).toBe(false);
  });
});

describe("the list", () => {
  it("says which codes a shopper could use now: expired and used-up ones are not", async () => {
    await db().update(coupons).set({ uses: 1 }).where(eq(coupons.code, "FIRSTHIKE"));
    const byCode = Object.fromEntries((await listCoupons()).map((row) => [row.code, row]));
    expect(byCode.WELCOME10).toMatchObject({ discount: "10 % off", currency: null, maxUses: null, state: "active" });
    expect(byCode.FIRSTHIKE).toMatchObject({ uses: 1, maxUses: 1, state: "used-up" });
    expect(byCode.SUMMER2025).toMatchObject({ expiresAt: "2025-09-01T00:00:00.000Z", state: "expired" });
    expect(byCode.TRAIL100).toMatchObject({ discount: `${sek(10_000)} off`, currency: "SEK", maxUses: 50 });
  });
});
