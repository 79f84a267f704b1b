import { KLARNA_PAYMENTS_SDK, type ProviderManifest } from "../manifest";

/** Klarna Payments: the widget authorizes, the store places the order, Order Management settles it. */
export const klarnaPaymentsManifest = {
  id: "klarna-payments",
  label: "Klarna Payments",
  vendor: "Klarna",
  adminPanel: false,
  browserSources: [KLARNA_PAYMENTS_SDK],
} as const satisfies ProviderManifest;
