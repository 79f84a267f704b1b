import { clientAddress, limits } from "./limits";
import { rateHit, rateReset, rateStatus, type RateState } from "./rate-limit";

/** The account part of the sign-in limits: the e-mail as the merchant table keeps it (trimmed, lower case). */
function account(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Whether a sign-in for `email` from the request's address must be refused before its password is checked (a
 * refusal costs no bcrypt): the longer wait of the two limits, or 0.
 */
export async function signInRefusal(headers: Headers, email: string): Promise<RateState> {
  const { signInAccount, signInAddress } = limits();
  const [byAccount, byAddress] = await Promise.all([
    rateStatus(signInAccount, account(email)),
    rateStatus(signInAddress, clientAddress(headers)),
  ]);
  return { retryAfterSeconds: Math.max(byAccount.retryAfterSeconds, byAddress.retryAfterSeconds) };
}

/** Counts a failed sign-in against the account and the address. */
export async function recordFailedSignIn(headers: Headers, email: string): Promise<void> {
  const { signInAccount, signInAddress } = limits();
  await Promise.all([rateHit(signInAccount, account(email)), rateHit(signInAddress, clientAddress(headers))]);
}

/** A successful sign-in clears its account's failures (not its address's: one good account must not unlock guessing). */
export async function recordSignIn(email: string): Promise<void> {
  await rateReset(limits().signInAccount, account(email));
}
