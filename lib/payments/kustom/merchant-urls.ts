import type { CheckoutMerchantUrls } from "@/lib/klarna";

/**
 * The URLs Kustom uses for one checkout. Kustom fills in `{checkout.order.id}` (notes.md §4); the callback token is a
 * secret bound to the checkout, so a push or validation call that does not carry it is refused. The push URL must
 * differ from the checkout and confirmation URLs (checkout-v3.openapi.yaml, merchant_urls).
 */
export function kustomMerchantUrls(storeUrl: string, callbackToken: string): CheckoutMerchantUrls {
  const base = storeUrl.replace(/\/$/, "");
  const token = encodeURIComponent(callbackToken);
  return {
    terms: `${base}/terms`,
    checkout: `${base}/checkout`,
    confirmation: `${base}/checkout/confirmation?kustom_order_id={checkout.order.id}`,
    push: `${base}/api/kustom/push?kustom_order_id={checkout.order.id}&token=${token}`,
    validation: `${base}/api/kustom/validation?kustom_order_id={checkout.order.id}&token=${token}`,
  };
}
