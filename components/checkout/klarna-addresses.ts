/**
 * The checkout form's values and the address objects Klarna's `authorize` takes (`billing_address`,
 * `shipping_address`, payments-v1.openapi.json schema `address`). Pure, so the rules are unit-tested.
 */

export interface AddressValues {
  givenName: string;
  familyName: string;
  streetAddress: string;
  postalCode: string;
  city: string;
  region: string;
}

export interface CheckoutValues {
  email: string;
  phone: string;
  billing: AddressValues;
  shipping: AddressValues;
}

export type AddressPart = "billing" | "shipping";

export interface AddressOptions {
  /** The market's country (ISO 3166 alpha-2): the store ships only within the market the shopper chose. */
  country: string;
  /** US addresses need a state. */
  needsRegion: boolean;
  /** Nothing physical in the cart: Klarna gets no shipping address. */
  requiresShipping: boolean;
  shipElsewhere: boolean;
}

export interface KlarnaAddress {
  given_name: string;
  family_name: string;
  email: string;
  phone: string;
  street_address: string;
  postal_code: string;
  city: string;
  region?: string;
  country: string;
}

export interface KlarnaAddresses {
  billing_address: KlarnaAddress;
  shipping_address?: KlarnaAddress;
}

const EMPTY_ADDRESS: AddressValues = { givenName: "", familyName: "", streetAddress: "", postalCode: "", city: "", region: "" };

export const EMPTY_VALUES: CheckoutValues = { email: "", phone: "", billing: EMPTY_ADDRESS, shipping: EMPTY_ADDRESS };

/** Klarna's name for each address field, which is also how it names an invalid field (`billing_address.city`). */
const KLARNA_NAMES: Record<keyof AddressValues, keyof KlarnaAddress> = {
  givenName: "given_name",
  familyName: "family_name",
  streetAddress: "street_address",
  postalCode: "postal_code",
  city: "city",
  region: "region",
};

/** The form field's id: `city` for billing, `shipCity` for delivery. */
export function fieldId(part: AddressPart | "contact", key: string): string {
  return part === "shipping" ? `ship${key[0]!.toUpperCase()}${key.slice(1)}` : key;
}

function klarnaAddress(address: AddressValues, contact: Pick<CheckoutValues, "email" | "phone">, options: AddressOptions): KlarnaAddress {
  return {
    given_name: address.givenName.trim(),
    family_name: address.familyName.trim(),
    email: contact.email.trim(),
    phone: contact.phone.trim(),
    street_address: address.streetAddress.trim(),
    postal_code: address.postalCode.trim(),
    city: address.city.trim(),
    ...(options.needsRegion ? { region: address.region.trim() } : {}),
    country: options.country,
  };
}

/**
 * What the checkout passes to `Klarna.Payments.authorize`, and to the store when placing the order: the billing
 * address, and the delivery address when something ships (the billing address unless the shopper gave another).
 */
export function buildKlarnaAddresses(values: CheckoutValues, options: AddressOptions): KlarnaAddresses {
  const billing = klarnaAddress(values.billing, values, options);
  if (!options.requiresShipping) return { billing_address: billing };
  return { billing_address: billing, shipping_address: options.shipElsewhere ? klarnaAddress(values.shipping, values, options) : billing };
}

/** Ids of the required fields left empty, in the order the form shows them. */
export function missingFields(values: CheckoutValues, options: AddressOptions): string[] {
  const keys: (keyof AddressValues)[] = ["givenName", "familyName", "streetAddress", "postalCode", "city"];
  if (options.needsRegion) keys.push("region");
  const missing: string[] = (["email", "phone"] as const).filter((key) => !values[key].trim());
  const parts: AddressPart[] = options.requiresShipping && options.shipElsewhere ? ["billing", "shipping"] : ["billing"];
  for (const part of parts) {
    for (const key of keys) if (!values[part][key].trim()) missing.push(fieldId(part, key));
  }
  return missing;
}

/** The form field Klarna means by an invalid field's path (`billing_address.email` is the contact email). */
export function fieldForKlarnaPath(path: string): string | undefined {
  const [address, name] = path.split(".");
  const part: AddressPart | undefined = address === "billing_address" ? "billing" : address === "shipping_address" ? "shipping" : undefined;
  if (!part || !name) return undefined;
  if (name === "email" || name === "phone") return part === "billing" ? name : undefined;
  const key = (Object.keys(KLARNA_NAMES) as (keyof AddressValues)[]).find((candidate) => KLARNA_NAMES[candidate] === name);
  return key ? fieldId(part, key) : undefined;
}
