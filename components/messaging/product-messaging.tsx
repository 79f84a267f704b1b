import type { ReactNode } from "react";
import { env } from "@/lib/env";
import { PRODUCT_PLACEMENT, onSiteMessaging, placementLocale } from "@/lib/klarna/on-site-messaging";
import type { Market } from "@/lib/pricing/markets";
import { KlarnaWebSdk } from "./klarna-web-sdk";
import { QuantityPlacement } from "./quantity-placement";

/** Klarna's product-page badge under the add-to-cart form it wraps; without a client id, just the form. */
export function ProductMessaging({ unitPrice, market, children }: { unitPrice: number; market: Market; children: ReactNode }) {
  const config = onSiteMessaging(env());
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
