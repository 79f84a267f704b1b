/**
 * Klarna playground's sample customers (docs: sample-customer-data), decided by the e-mail address:
 * - `customer+denied@email.<cc>` (and `+reject_reason_…`): hard decline;
 * - `customer+pend-accept-05@email.us` / `customer+pend-reject-10@email.gb`: approved with fraud_status PENDING,
 *   decided after the given minutes (US and GB purchases only, as on the playground);
 * - anything else, e.g. `customer@email.se`: approved.
 */
export type Persona =
  | { kind: "approved" }
  | { kind: "denied" }
  | { kind: "pending"; decision: "accept" | "reject"; delayMinutes: number };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;

export function isValidEmail(email: string | undefined): email is string {
  return typeof email === "string" && email.length <= 99 && EMAIL.test(email);
}

export function personaFor(email: string, purchaseCountry: string): Persona {
  const local = (email.split("@")[0] ?? "").toLowerCase();
  if (/\+denied(\+|$)/.test(local) || local.includes("+reject_reason_")) return { kind: "denied" };
  const pending = /\+pend-(accept|reject)-(\d{2})(\+|$)/.exec(local);
  if (pending && ["US", "GB"].includes(purchaseCountry.toUpperCase())) {
    return {
      kind: "pending",
      decision: pending[1] === "reject" ? "reject" : "accept",
      delayMinutes: Number(pending[2]),
    };
  }
  return { kind: "approved" };
}
