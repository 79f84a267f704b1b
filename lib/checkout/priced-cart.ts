import { loadCartView } from "@/lib/cart/cart-view";
import { env } from "@/lib/env";
import type { Market } from "@/lib/pricing/markets";

/** The cart priced from the database for this market, as every provider's checkout opens it. */
export async function pricedCartFor(cartId: string, market: Market, checkoutSessionId?: string) {
  return loadCartView(cartId, market, env().STORE_URL, checkoutSessionId);
}
