import { CART_PLACEMENT, placementLocale, type OnSiteMessaging } from "@/lib/messaging/on-site-messaging";
import type { Market } from "@/lib/pricing/markets";
import { KlarnaPlacement } from "./klarna-placement";
import { KlarnaRefresh } from "./klarna-refresh";
import { KlarnaWebSdk } from "./klarna-web-sdk";

/** Klarna's cart strip for the cart total; nothing at all without a client id. */
export function CartMessaging({ config, amount, market }: { config: OnSiteMessaging | null; amount: number; market: Market }) {
  if (!config) return null;
  return (
    <>
      <KlarnaWebSdk config={config} />
      <KlarnaPlacement placementKey={CART_PLACEMENT} locale={placementLocale(market)} amount={amount} />
      <KlarnaRefresh amount={amount} />
    </>
  );
}
