import "server-only";
import { cookies } from "next/headers";
import { getMarket, type Market } from "./markets";

export const MARKET_COOKIE = "market";

/** The shopper's market from their cookie; an unknown value falls back to the default market. */
export async function currentMarket(): Promise<Market> {
  return getMarket((await cookies()).get(MARKET_COOKIE)?.value);
}
