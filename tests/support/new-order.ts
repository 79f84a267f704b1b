import { randomUUID } from "node:crypto";
import type { NewOrder } from "@/db/units";
import type { OrderLineRead } from "@/lib/klarna";

/** Two pairs of the seeded hiking socks, as a provider's order line. */
export const SOCKS: OrderLineRead = {
  type: "physical",
  reference: "TS-CL-220",
  name: "Hiking wool socks",
  quantity: 2,
  unit_price: 19_900,
  tax_rate: 2_500,
  total_amount: 39_800,
  total_tax_amount: 7_960,
};

/** A store order as finalize would insert it: a Klarna Payments order of two pairs of socks, unless overridden. */
export function newOrder(overrides: Partial<NewOrder> = {}): NewOrder {
  return {
    provider: "klarna-payments",
    providerReference: randomUUID(),
    orderNumber: null,
    refusal: null,
    checkoutSessionId: null,
    cartId: null,
    market: "SE",
    currency: "SEK",
    locale: "en-SE",
    email: "customer@email.se",
    orderAmount: 39_800,
    orderTaxAmount: 7_960,
    lines: [SOCKS],
    billingAddress: null,
    shippingAddress: null,
    paymentMethod: null,
    fraudStatus: "ACCEPTED",
    ...overrides,
  };
}
