/**
 * A sample of every shopper email, rendered from a made-up order, for looking at them in a browser
 * (scripts/email-screenshots.ts) without placing orders.
 */
import type { EmailKind } from "./events";
import { renderEmail, type EmailOrder, type RenderedEmail } from "./render";

export const SAMPLE_ORDER: EmailOrder = {
  orderNumber: "ORD-2026-000123",
  market: "DE",
  currency: "EUR",
  orderAmount: 16_785,
  orderTaxAmount: 2_680,
  lines: [
    { name: "Ridgeline Daypack 28 L", quantity: 1, unit_price: 10_990, total_amount: 10_990 },
    { name: "Titanium Mug 450 ml", quantity: 2, unit_price: 3_490, total_amount: 6_980 },
    { type: "discount", name: "Discount WELCOME10", quantity: 1, unit_price: -1_185, total_amount: -1_185 },
  ],
  billingAddress: { given_name: "Testperson-de", family_name: "Approved", street_address: "Hellersbergstraße 14", postal_code: "41460", city: "Neuss", country: "DE" },
  shippingAddress: { given_name: "Testperson-de", family_name: "Approved", street_address: "Hellersbergstraße 14", postal_code: "41460", city: "Neuss", country: "DE" },
  paymentMethod: "Pay later in 30 days",
};

const PAYLOADS: Record<EmailKind, Record<string, unknown>> = {
  confirmation: {},
  shipping: { shippingInfo: { shipping_company: "DHL", tracking_number: "00340434161234567890", tracking_uri: "https://www.dhl.de/track?id=00340434161234567890" } },
  refund: { amount: 3_490 },
  cancellation: { reason: null },
  order_link: {},
};

export function sampleEmails(storeUrl = "http://localhost:3000"): { kind: EmailKind; email: RenderedEmail }[] {
  return (Object.keys(PAYLOADS) as EmailKind[]).map((kind) => ({
    kind,
    email: renderEmail(kind, SAMPLE_ORDER, PAYLOADS[kind], {
      storeName: "Trailhead Supply Co.",
      orderUrl: kind === "order_link" ? `${storeUrl}/orders/lookup/open?order=ORD-2026-000123&expires=0&sig=sample` : `${storeUrl}/orders/sample-token`,
      linkValidFor: "24 hours",
    }),
  }));
}
