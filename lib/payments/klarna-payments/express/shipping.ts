import { eq } from "drizzle-orm";
import { db } from "@/db";
import { checkoutSessions } from "@/db/schema";
import type { Market, MarketCode } from "@/lib/pricing/markets";
import { formatMoney, minor, type Minor } from "@/lib/pricing/money";

/**
 * The shipping options the multistep Express review offers for Klarna's collected address
 * (reference/klarna/express-checkout-notes.md, "Multistep result": the store's checkout takes over after Klarna's popup).
 * "standard" is the market's ordinary shipping (free from its threshold); "express" costs the same everywhere.
 */
export type ShippingOptionId = "standard" | "express";

export interface ShippingChoice {
  reference: string;
  name: string;
  fee: Minor;
}

const EXPRESS_FEES: Record<MarketCode, Minor> = { SE: minor(9900), DE: minor(995), GB: minor(895), US: minor(1495) };

export const EXPRESS_SHIPPING_NAME = "Express delivery, 1–2 working days";

export interface ShippingOption {
  id: ShippingOptionId;
  name: string;
  /** What the option costs for this order, as money. */
  price: string;
  fee: number;
}

export function isShippingOptionId(value: unknown): value is ShippingOptionId {
  return value === "standard" || value === "express";
}

/** The shipping line that replaces the standard one when the shopper chose another option; null for standard. */
export function shippingChoiceFor(option: string | null | undefined, market: Market): ShippingChoice | undefined {
  if (option !== "express") return undefined;
  return { reference: "shipping-express", name: EXPRESS_SHIPPING_NAME, fee: EXPRESS_FEES[market.code] };
}

/**
 * The options for an address: the store ships within the shopper's market only, so an address in another country
 * has none (the review page says so and the order cannot be placed).
 */
export function shippingOptionsFor(market: Market, country: string | null | undefined, standardFee: number): ShippingOption[] {
  if (!country || country.toUpperCase() !== market.country) return [];
  const money = (amount: number) => (amount === 0 ? "Free" : formatMoney(amount, market.currency, market.formatLocale));
  return [
    { id: "standard", name: "Standard shipping, 3–5 working days", price: money(standardFee), fee: standardFee },
    { id: "express", name: EXPRESS_SHIPPING_NAME, price: money(EXPRESS_FEES[market.code]), fee: EXPRESS_FEES[market.code] },
  ];
}

export async function setShippingOption(checkoutSessionId: string, option: ShippingOptionId | null): Promise<void> {
  await db()
    .update(checkoutSessions)
    .set({ shippingOption: option === "standard" ? null : option })
    .where(eq(checkoutSessions.id, checkoutSessionId));
}

export async function markExpress(checkoutSessionId: string, flow: "one_step" | "multi_step" | null): Promise<void> {
  await db().update(checkoutSessions).set({ express: flow }).where(eq(checkoutSessions.id, checkoutSessionId));
}
