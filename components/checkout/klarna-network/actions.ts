"use server";

import { redirect } from "next/navigation";
import { readCartCookie } from "@/lib/cart/session";
import { startPayment } from "@/lib/payments/klarna-network/checkout";
import { removeWallet } from "@/lib/payments/klarna-network/storage";
import { currentWallet, forgetWalletCookie } from "@/lib/payments/klarna-network/wallet-session";
import { currentMarket } from "@/lib/pricing/current-market";
import { limits } from "@/lib/security/limits";
import { rateAttempt } from "@/lib/security/rate-limit";

/**
 * Pay the cart in this browser's signed cookie with Klarna: a server action is a public endpoint, so the cart, the
 * prices and the saved token all come from the server, never from the form (which only says "remember me" or not).
 */
async function pay(options: { remember: boolean; again: boolean }): Promise<never> {
  const cookie = await readCartCookie();
  if (cookie.status !== "valid") redirect("/cart");
  const wallet = options.again ? await currentWallet() : null;
  if (options.again && !wallet) redirect("/checkout?klarna=forgotten");
  // Each payment opens a payment request at Klarna: at most CHECKOUT_LIMIT_PER_CART per cart in 10 minutes.
  if (!(await rateAttempt(limits().checkoutCart, cookie.cartId)).allowed) redirect("/checkout?klarna=rate_limited");
  const outcome = await startPayment({
    cartId: cookie.cartId,
    market: await currentMarket(),
    remember: options.remember,
    walletId: wallet?.id,
  });
  switch (outcome.status) {
    case "redirect":
      redirect(outcome.url);
    case "paid":
      redirect(outcome.order ? `/orders/${outcome.order.accessToken}` : "/checkout?klarna=processing");
    case "empty":
    case "blocked":
      redirect("/cart");
    case "open":
      redirect("/checkout?klarna=unfinished");
    default:
      redirect(`/checkout?klarna=${outcome.status}`);
  }
}

export async function payWithKlarna(formData: FormData): Promise<void> {
  await pay({ remember: formData.get("remember") === "on", again: false });
}

export async function payWithKlarnaAgain(): Promise<void> {
  await pay({ remember: false, again: true });
}

/** The shopper removes their saved Klarna: the token row is emptied and the cookie deleted. */
export async function forgetSavedKlarna(): Promise<void> {
  const wallet = await currentWallet();
  if (wallet) await removeWallet(wallet.id);
  await forgetWalletCookie();
  redirect("/checkout?klarna=forgotten");
}
