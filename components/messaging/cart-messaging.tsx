import { env } from "@/lib/env";
import { CART_PLACEMENT, onSiteMessaging, placementLocale } from "@/lib/klarna/on-site-messaging";
import type { Market } from "@/lib/pricing/markets";
import { KlarnaPlacement } from "./klarna-placement";
import { KlarnaRefresh } from "./klarna-refresh";
import { KlarnaWebSdk } from "./klarna-web-sdk";

/** Klarna's cart strip for the cart total; nothing at all without a client id. */
export function CartMessaging({ amount, market }: { amount: number; market: Market }) {
  const config = onSiteMessaging(env());
  if (!config) return null;
  return (
    <>
      <KlarnaWebSdk config={config} />
      <KlarnaPlacement placementKey={CART_PLACEMENT} locale={placementLocale(market)} amount={amount} />
      <KlarnaRefresh amount={amount} />
    </>
  );
}
