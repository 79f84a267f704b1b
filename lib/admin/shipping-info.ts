import { z } from "zod";
import { shippingMethodSchema, type ShippingInfo, type ShippingMethod } from "@/lib/klarna/types";

/** Klarna's shipping methods, in Klarna's order (the capture form lists them). */
export const SHIPPING_METHODS = shippingMethodSchema.options;

/** Klarna's shipping methods, as a merchant reads them. */
export const SHIPPING_METHOD_LABELS: Record<ShippingMethod, string> = {
  Home: "Home delivery",
  PickUpPoint: "Pick-up point",
  PickUpStore: "Pick-up in store",
  PickUpWarehouse: "Pick-up at warehouse",
  ClickCollect: "Click & collect",
  Postal: "Postal",
  BoxReg: "Parcel box, registered",
  BoxUnreg: "Parcel box, unregistered",
  DHLPackstation: "DHL Packstation",
  Own: "Own delivery",
  Digital: "Digital",
  PalletDelivery: "Pallet delivery",
  Undefined: "Undefined",
};

export const SHIPPING_FIELD_NAMES = [
  "shipping_company",
  "shipping_method",
  "tracking_number",
  "tracking_uri",
  "return_shipping_company",
  "return_tracking_number",
  "return_tracking_uri",
] as const;

/** An optional text field: trimmed, empty means absent, at most `max` characters (Klarna's limit). */
function text(label: string, max: number) {
  return z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(max, `${label} can be at most ${max} characters.`)
    .optional()
    .transform((value) => (value ? value : undefined));
}

function uri(label: string) {
  return text(label, 1024).refine((value) => value === undefined || isWebAddress(value), {
    message: `${label} must be a web address starting with https:// or http://.`,
  });
}

function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** The tracking fields of the capture and add-tracking forms, with Klarna's limits and messages a merchant reads. */
export const shippingInfoFormSchema = z
  .object({
    shipping_company: text("The shipping company", 100),
    shipping_method: z
      .union([z.literal(""), shippingMethodSchema], { error: "Choose a shipping method from the list." })
      .optional()
      .transform((value) => (value ? value : undefined)),
    tracking_number: text("The tracking number", 100),
    tracking_uri: uri("The tracking link"),
    return_shipping_company: text("The return shipping company", 100),
    return_tracking_number: text("The return tracking number", 100),
    return_tracking_uri: uri("The return tracking link"),
  })
  .transform((info): ShippingInfo => Object.fromEntries(Object.entries(info).filter(([, value]) => value !== undefined)));

/** Reads the tracking fields from a form; empty when the merchant filled in none. */
export function shippingInfoFromForm(form: FormData) {
  const raw = Object.fromEntries(
    SHIPPING_FIELD_NAMES.map((name) => {
      const value = form.get(name);
      return [name, typeof value === "string" ? value : undefined];
    }),
  );
  return shippingInfoFormSchema.safeParse(raw);
}

export function hasShippingInfo(info: ShippingInfo): boolean {
  return Object.keys(info).length > 0;
}
