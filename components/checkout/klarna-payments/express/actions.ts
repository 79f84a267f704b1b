"use server";

import { expressCheckoutEnabled } from "@/lib/payments/klarna-payments/express/enabled";

import { z } from "zod";
import type { PlaceOrderResult } from "@/lib/payments/klarna-payments/place-order";
import {
  beginReview,
  ownExpressSession,
  placeExpressOrder,
  prepareFinalize,
  readCollectedAddress,
  startExpress,
  type ExpressStart,
  type ExpressTarget,
  type ReviewChange,
} from "@/lib/payments/klarna-payments/express/checkout";
import { isShippingOptionId } from "@/lib/payments/klarna-payments/express/shipping";
import { currentMarket } from "@/lib/pricing/current-market";
import { getMarket } from "@/lib/pricing/markets";

const targetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("product"), productId: z.number().int().positive(), quantity: z.number() }),
  z.object({ kind: z.literal("cart") }),
]);
const tokenSchema = z.string().min(1).max(4096);
const EXPIRED = "Your checkout has expired. Reload the page to start again.";

function enabled(): boolean {
  return expressCheckoutEnabled();
}

/** The Klarna session behind the button: on showing it ("show") and again when the shopper presses it ("pay"). */
export async function startExpressAction(target: unknown, attempt: "show" | "pay"): Promise<ExpressStart> {
  if (!enabled()) return { status: "blocked", message: "Express checkout is not offered by this store." };
  const parsed = targetSchema.safeParse(target);
  if (!parsed.success) return { status: "blocked", message: "This purchase could not be read. Reload the page and try again." };
  return startExpress(parsed.data as ExpressTarget, await currentMarket(), attempt === "pay" ? "pay" : "show");
}

/** One-step (and the last step of multistep): places the order with Klarna's collected shipping address. */
export async function placeExpressOrderAction(
  sessionId: string,
  authorizationToken: unknown,
  collectedShippingAddress: unknown,
  flow: unknown,
): Promise<PlaceOrderResult> {
  const session = await ownExpressSession(sessionId);
  const token = tokenSchema.safeParse(authorizationToken);
  if (!enabled() || !session || !token.success || (flow !== "one_step" && flow !== "multi_step")) {
    return { status: "failed", message: EXPIRED, retryable: false };
  }
  const address = readCollectedAddress(collectedShippingAddress ?? session.expressReview?.shippingAddress);
  if (!address) {
    return { status: "failed", message: "Klarna did not share a shipping address, so the order was not placed. Please try again.", retryable: false };
  }
  return placeExpressOrder(session, token.data, address, flow);
}

/** Multistep, after Klarna's popup: keeps its answer and sends the shopper to the review page. */
export async function beginExpressReviewAction(
  sessionId: string,
  clientToken: unknown,
  collectedShippingAddress: unknown,
): Promise<{ status: "ready"; location: string } | { status: "failed"; message: string }> {
  const session = await ownExpressSession(sessionId);
  const token = tokenSchema.safeParse(clientToken);
  if (!enabled() || !session || !token.success) return { status: "failed", message: EXPIRED };
  const address = readCollectedAddress(collectedShippingAddress);
  if (!address) return { status: "failed", message: "Klarna did not share a shipping address. Please try again." };
  await beginReview(session, token.data, address);
  return { status: "ready", location: `/checkout/express/review?session=${session.id}` };
}

/** Multistep, on the review page: applies the shipping option and answers the payload for finalize(). */
export async function prepareExpressFinalizeAction(sessionId: string, option: unknown): Promise<ReviewChange> {
  const session = await ownExpressSession(sessionId);
  if (!enabled() || !session) return { status: "blocked", message: EXPIRED };
  if (!isShippingOptionId(option)) return { status: "blocked", message: "Choose a shipping option." };
  return prepareFinalize(session, option, getMarket(session.market));
}
