import type { ReactNode } from "react";
import { PRODUCT_PLACEMENT, placementLocale, type OnSiteMessaging } from "@/lib/messaging/on-site-messaging";
import type { Market } from "@/lib/pricing/markets";
import { KlarnaWebSdk } from "./klarna-web-sdk";
import { QuantityPlacement } from "./quantity-placement";

/** Klarna's product-page badge under the add-to-cart form it wraps; without a client id, just the form. */
export function ProductMessaging({
  config,
  unitPrice,
  market,
  children,
}: {
  /** `onSiteMessaging(env())`, read by the page: null without a client id. */
  config: OnSiteMessaging | null;
  unitPrice: number;
  market: Market;
  children: ReactNode;
}) {
  if (!config) return children;
  return (
    <>
      <KlarnaWebSdk config={config} />
      <QuantityPlacement unitPrice={unitPrice} placementKey={PRODUCT_PLACEMENT} locale={placementLocale(market)}>
        {children}
      </QuantityPlacement>
    </>
  );
}
