import { randomBytes } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** Checkout.com's ids: a prefix and 26 base32 characters (pct_…, pay_…, act_…, evt_…, wf_…, wfc_… and wfa_… for a workflow's conditions and actions). */
export function newId(prefix: "pct" | "pay" | "act" | "evt" | "wf" | "wfc" | "wfa" | "whd"): string {
  const bytes = randomBytes(26);
  let suffix = "";
  for (const byte of bytes) suffix += ALPHABET[byte % 32];
  return `${prefix}_${suffix}`;
}
