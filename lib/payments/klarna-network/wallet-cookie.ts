import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * "Pay with Klarna again" without shopper accounts: a long-lived cookie names a stored wallet row (the Klarna customer
 * token stays on the server) and carries an HMAC of that id, so it can be neither forged nor guessed.
 */
export const WALLET_COOKIE = "klarna_wallet";
export const WALLET_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;

const ID_PATTERN = /^[A-Za-z0-9_-]{32}$/;

function mac(id: string, secret: string): string {
  return createHmac("sha256", secret).update(`klarna-wallet:${id}`).digest("base64url");
}

export function signWalletId(id: string, secret: string): string {
  return `${id}.${mac(id, secret)}`;
}

export function verifyWalletCookie(value: string | undefined, secret: string): string | null {
  if (!value) return null;
  const dot = value.indexOf(".");
  if (dot < 0) return null;
  const id = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(mac(id, secret));
  if (!ID_PATTERN.test(id) || given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return id;
}
