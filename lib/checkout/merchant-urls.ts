import type { MerchantUrls } from "@/lib/klarna";

/**
 * The URLs Klarna Payments calls for one checkout session: the spec's `merchant_urls` (payments-v1.openapi.json), which
 * have no validation callback. Klarna fills in `{order.id}`; the callback token is a secret bound to the session, so a
 * callback that does not carry it is refused.
 */
export function merchantUrls(storeUrl: string, callbackToken: string): Required<MerchantUrls> {
  const base = storeUrl.replace(/\/$/, "");
  const token = encodeURIComponent(callbackToken);
  return {
    confirmation: `${base}/checkout/confirmation?klarna_order_id={order.id}`,
    push: `${base}/api/klarna/push?klarna_order_id={order.id}&token=${token}`,
    authorization: `${base}/api/klarna/authorization?token=${token}`,
    notification: `${base}/api/klarna/notification?klarna_order_id={order.id}&token=${token}`,
  };
}

export function confirmationUrl(storeUrl: string, klarnaOrderId: string): string {
  return `${storeUrl.replace(/\/$/, "")}/checkout/confirmation?klarna_order_id=${encodeURIComponent(klarnaOrderId)}`;
}
