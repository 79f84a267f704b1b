import { z } from "zod";
import { couponCodeSchemaPattern, normalizeCouponCode } from "@/lib/coupons/coupons";
import type { Market } from "@/lib/pricing/markets";

/** The currencies of the store's markets: an amount-off code works only in its own currency. */
export const COUPON_CURRENCIES = ["SEK", "EUR", "GBP", "USD"] as const satisfies readonly Market["currency"][];
export type CouponCurrency = (typeof COUPON_CURRENCIES)[number];

/** Decimals of a currency's minor unit, as Intl knows them (2 for all four today). */
function minorDigits(currency: CouponCurrency): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "100", "9.95", "9,95" or "1 000" in major units as whole minor units, exactly (no floating point); null if not. */
export function parseMajorAmount(text: string, currency: CouponCurrency): number | null {
  const digits = minorDigits(currency);
  const match = /^(\d{1,7})(?:[.,](\d+))?$/.exec(text.replace(/[\s\u00a0]/g, ""));
  if (!match || (match[2] ?? "").length > digits) return null;
  return Number(match[1]) * 10 ** digits + Number((match[2] ?? "").padEnd(digits, "0") || "0");
}

/** "2027-02-30" parses to nothing, or in some engines to 2 March: only a day that round-trips is one. */
function isCalendarDay(day: string): boolean {
  const time = Date.parse(`${day}T00:00:00.000Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(day);
}

const MAX_AMOUNT_MAJOR = 100_000;
const AMOUNT_PROBLEM = `The amount must be more than 0 and at most ${MAX_AMOUNT_MAJOR.toLocaleString("en")}, with at most 2 decimals.`;

/** Checked on the field alone, so its problem shows with the others'; the four currencies all have 2 decimals. */
function isAmountInRange(text: string): boolean {
  const compact = text.replace(/[\s\u00a0]/g, "").replace(",", ".");
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(compact)) return false;
  const amount = Number(compact);
  return amount > 0 && amount <= MAX_AMOUNT_MAJOR;
}

const MAX_USES = 1_000_000;

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => value || undefined);

const fields = {
  code: z
    .string({ error: "Enter a code." })
    .trim()
    .toUpperCase()
    .regex(couponCodeSchemaPattern, "The code must be 3–32 characters: letters A–Z, digits and hyphens."),
  description: z
    .string({ error: "Describe the code." })
    .trim()
    .min(1, "Describe the code; the shopper sees it when it is applied.")
    .max(120, "The description can be at most 120 characters."),
  maxUses: optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, "Maximum uses must be a whole number of 1 or more, or left empty for no limit.")
      .transform(Number)
      .pipe(z.number().min(1, "Maximum uses must be 1 or more, or left empty for no limit.").max(MAX_USES, "Maximum uses can be at most 1,000,000."))
      .optional(),
  ),
  expiresOn: optionalText.pipe(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Enter the expiry as a date (YYYY-MM-DD), or leave it empty.", abort: true })
      .refine(isCalendarDay, { error: "That expiry date does not exist.", abort: true })
      // The code stops working at 00:00 UTC on this day, so today would already be too late.
      .refine((day) => Date.parse(`${day}T00:00:00.000Z`) > Date.now(), "Choose an expiry date after today, or leave it empty.")
      .optional(),
  ),
};

const percentOff = z.object({
  ...fields,
  kind: z.literal("percent"),
  percent: z
    .string({ error: "Enter the percentage off." })
    .trim()
    .regex(/^\d+$/, "The percentage must be a whole number from 1 to 100.")
    .transform(Number)
    .pipe(z.number().min(1, "The percentage must be from 1 to 100.").max(100, "The percentage must be from 1 to 100.")),
});

const amountOff = z
  .object({
    ...fields,
    kind: z.literal("amount"),
    amount: z
      .string({ error: "Enter the amount off." })
      .trim()
      .min(1, { error: "Enter the amount off.", abort: true })
      .refine((text) => isAmountInRange(text), AMOUNT_PROBLEM),
    currency: z.enum(COUPON_CURRENCIES, { error: "Choose the currency: SEK, EUR, GBP or USD." }),
  })
  .transform((input, context) => {
    const minorUnits = parseMajorAmount(input.amount, input.currency);
    if (minorUnits === null) {
      context.addIssue({ code: "custom", path: ["amount"], message: `${input.currency} has fewer decimals than that amount.` });
      return z.NEVER;
    }
    return { ...input, minorUnits };
  });

/** The new-code form: a percentage or an amount in one currency off, optionally limited in uses and time. */
export const couponInputSchema = z
  .discriminatedUnion("kind", [percentOff, amountOff], { error: "Choose percent off or amount off." })
  .transform((input) => ({
    code: input.code,
    description: input.description,
    kind: input.kind,
    /** Percent, or minor units of `currency` (see db/schema.ts). */
    value: input.kind === "percent" ? input.percent : input.minorUnits,
    currency: input.kind === "amount" ? input.currency : null,
    maxUses: input.maxUses ?? null,
    expiresAt: input.expiresOn ? `${input.expiresOn}T00:00:00.000Z` : null,
  }));

export type CouponInput = z.output<typeof couponInputSchema>;

export function couponInputFromForm(form: FormData) {
  return couponInputSchema.safeParse(Object.fromEntries(form.entries()));
}

/** Deactivate or reactivate a code from the list. */
export const couponToggleSchema = z.object({
  code: z
    .string({ error: "The form does not say which code it is for." })
    .transform(normalizeCouponCode)
    .pipe(z.string().regex(couponCodeSchemaPattern, "The form does not say which code it is for.")),
  active: z.enum(["true", "false"], { error: "The form does not say whether to turn the code on or off." }).transform((value) => value === "true"),
});
