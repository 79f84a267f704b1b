import "server-only";
import { cookies } from "next/headers";
import { env } from "@/lib/env";
import { storeSecret } from "@/lib/secrets";
import { findWallet, type NetworkWallet } from "./storage";
import { signWalletId, verifyWalletCookie, WALLET_COOKIE, WALLET_COOKIE_MAX_AGE } from "./wallet-cookie";

const walletSecret = () => storeSecret("CART_SECRET");

/** The returning shopper's saved Klarna, if this browser carries a valid cookie for a wallet not removed. */
export async function currentWallet(): Promise<NetworkWallet | null> {
  const id = verifyWalletCookie((await cookies()).get(WALLET_COOKIE)?.value, await walletSecret());
  return id ? findWallet(id) : null;
}

export async function rememberWallet(id: string): Promise<void> {
  (await cookies()).set(WALLET_COOKIE, signWalletId(id, await walletSecret()), {
    httpOnly: true,
    sameSite: "lax",
    secure: env().STORE_URL.startsWith("https:"),
    path: "/",
    maxAge: WALLET_COOKIE_MAX_AGE,
  });
}

export async function forgetWalletCookie(): Promise<void> {
  (await cookies()).delete(WALLET_COOKIE);
}
