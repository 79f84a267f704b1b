import { env } from "@/lib/env";
import { activeProviderId } from "@/lib/payments/registry";
import { klarnaPaymentsProvider } from "../provider";

/**
 * Express Checkout is a Klarna Payments feature (reference/klarna/express-checkout-notes.md): shown only when the
 * merchant turns it on (KLARNA_EXPRESS_CHECKOUT=true) and shoppers check out with Klarna Payments.
 */
export function expressCheckoutEnabled(): boolean {
  return env().KLARNA_EXPRESS_CHECKOUT && activeProviderId() === klarnaPaymentsProvider.id;
}
