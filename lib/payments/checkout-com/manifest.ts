import { KLARNA_PAYMENTS_SDK, type ProviderManifest } from "../manifest";

/** Klarna through Checkout.com: Klarna Payments' widget draws the checkout, Checkout.com's payments settle it. */
export const checkoutComManifest = {
  id: "checkout-com",
  label: "Klarna via Checkout.com",
  vendor: "Klarna",
  adminPanel: true,
  browserSources: [KLARNA_PAYMENTS_SDK],
} as const satisfies ProviderManifest;
