import "server-only";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { SIGN_IN_PATH } from "./back-office-path";
import { findMerchantByEmail, type Merchant } from "./merchants";

/**
 * The signed-in merchant, or null: no session cookie, a forged or expired one, or an account that no longer exists.
 * Every admin page, server action and route handler asks this itself; the proxy's redirect is only a convenience.
 */
export async function currentMerchant(): Promise<Merchant | null> {
  const session = await auth();
  const email = session?.user?.email;
  return email ? findMerchantByEmail(email) : null;
}

/** For pages: the merchant, or a redirect to the sign-in page that comes back to `returnTo`. */
export async function merchantOrSignIn(returnTo: string): Promise<Merchant> {
  const merchant = await currentMerchant();
  if (!merchant) redirect(`${SIGN_IN_PATH}?callbackUrl=${encodeURIComponent(returnTo)}`);
  return merchant;
}
