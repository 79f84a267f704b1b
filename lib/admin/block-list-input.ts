import { z } from "zod";
import { MARKET_CODES } from "@/lib/pricing/markets";
import { normalizeAddress, normalizeEmail, normalizePhone } from "@/lib/validation/normalize";

/*
 * The add-to-block-list form. Klarna's validation (lib/validation/validate-order.ts checkBlocked) compares shoppers
 * by normalised email, phone and address, so an entry is stored in exactly that form, made by the same functions.
 * Pure, so the form can show the stored form while the merchant types.
 */

const countrySchema = z.enum(MARKET_CODES, { error: "Choose the country: one of the store's markets." });

const reason = z
  .string({ error: "Say why this shopper is blocked." })
  .trim()
  .min(1, "Say why this shopper is blocked; the list is read later by people who were not there.")
  .max(200, "The reason can be at most 200 characters.");

const byEmail = z.object({
  kind: z.literal("email"),
  email: z
    .string({ error: "Enter the e-mail address." })
    .trim()
    .min(1, "Enter the e-mail address.")
    .max(254, "That e-mail address is too long.")
    .pipe(z.email("Enter a whole e-mail address, like name@example.com.")),
  reason,
});

const byPhone = z.object({
  kind: z.literal("phone"),
  phone: z.string({ error: "Enter the phone number." }).trim().min(1, "Enter the phone number.").max(40, "That phone number is too long."),
  country: countrySchema,
  reason,
});

const byAddress = z.object({
  kind: z.literal("address"),
  street: z.string({ error: "Enter the street address." }).trim().min(1, "Enter the street address.").max(200, "The street address is too long."),
  postcode: z.string({ error: "Enter the postcode." }).trim().min(1, "Enter the postcode.").max(20, "The postcode is too long."),
  country: countrySchema,
  reason,
});

export type BlockEntryFields = z.output<typeof byEmail> | z.output<typeof byPhone> | z.output<typeof byAddress>;

/** The value checkBlocked looks up for what the merchant typed. */
export function blockedValue(entry: BlockEntryFields): string {
  switch (entry.kind) {
    case "email":
      return normalizeEmail(entry.email);
    case "phone":
      return normalizePhone(entry.phone, entry.country);
    case "address":
      return normalizeAddress({ street_address: entry.street, postal_code: entry.postcode, country: entry.country });
  }
}

/** International form with country code, as shoppers' numbers normalise; anything else would never match one. */
export function isInternationalPhone(value: string): boolean {
  return /^\+[1-9]\d{6,14}$/.test(value);
}

export const blockEntrySchema = z
  .discriminatedUnion("kind", [byEmail, byPhone, byAddress], { error: "Choose what to block: e-mail, phone or address." })
  .transform((entry, context) => {
    const value = blockedValue(entry);
    if (entry.kind === "phone" && !isInternationalPhone(value)) {
      context.addIssue({
        code: "custom",
        path: ["phone"],
        message: "Write the number with its country code (+46 70 123 45 67), or in national form with a leading 0 for the chosen country.",
      });
      return z.NEVER;
    }
    return { kind: entry.kind, value, reason: entry.reason };
  });

export type BlockEntryInput = z.output<typeof blockEntrySchema>;

export function blockEntryFromForm(form: FormData) {
  return blockEntrySchema.safeParse(Object.fromEntries(form.entries()));
}

export const blockEntryIdSchema = z.coerce
  .number({ error: "The form does not say which entry it is for." })
  .int("The form does not say which entry it is for.")
  .positive("The form does not say which entry it is for.");
