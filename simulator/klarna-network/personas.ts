import { isValidEmail } from "../personas";
import type { CustomerProfile } from "./records";

/**
 * The Payments popup's sample customers, decided by the e-mail address, plus one that needs a step-up:
 * - `customer+denied@email.<cc>`: refused (in the journey of the confirmation flow; at final authorize otherwise);
 * - `customer+step-up@email.<cc>`: the journey asks for an extra verification, and a final authorize of a token that
 *   did not come from a step-up answers STEP_UP_REQUIRED;
 * - anything else, e.g. `customer@email.se`: approved.
 */
export type KnPersona = "approved" | "denied" | "step-up";

export function knPersonaFor(email: string): KnPersona {
  const local = (email.split("@")[0] ?? "").toLowerCase();
  if (/\+denied(\+|$)/.test(local) || local.includes("+reject_reason_")) return "denied";
  if (/\+step-up(\+|$)/.test(local)) return "step-up";
  return "approved";
}

export { isValidEmail };

const ADDRESSES: Record<string, CustomerProfile["address"] & { phone: string }> = {
  se: { street_address: "Sveavägen 46", postal_code: "111 34", city: "Stockholm", country: "SE", phone: "+46701740615" },
  de: { street_address: "Theresienstraße 1", postal_code: "80333", city: "München", country: "DE", phone: "+491522113356" },
  gb: { street_address: "10 Downing Street", postal_code: "SW1A 2AA", city: "London", country: "GB", phone: "+447755564318" },
  us: { street_address: "509 Amsterdam Ave", postal_code: "10024", city: "New York", region: "NY", country: "US", phone: "+13106683312" },
};

/** Klarna's sample customer for the e-mail's country ending (`email.se`, `email.us`…), Sweden otherwise. */
export function profileFor(email: string): CustomerProfile {
  const ending = email.split(".").at(-1)?.toLowerCase() ?? "se";
  const { phone, ...address } = ADDRESSES[ending] ?? ADDRESSES.se!;
  return { given_name: "Testperson", family_name: ending === "us" ? "Approved" : "Klarna", email, phone, address };
}
