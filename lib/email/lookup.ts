import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { orders } from "@/db/schema";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/security/limits";
import { rateAttempt, type RateRule } from "@/lib/security/rate-limit";
import { signOrderLink } from "./order-link";
import { recordOrderLink } from "./outbox";

const MINUTE = 60_000;

/**
 * "Find my order" requests: per client address, 10 within 15 minutes; per email address, 5 within 15 minutes; past
 * either, a wait of 5 minutes growing to an hour. Counted whether or not the order exists, so the limit reveals
 * nothing either.
 */
export const LOOKUP_RULES: { address: RateRule; email: RateRule } = {
  address: { name: "order-lookup-address", limit: 10, windowMs: 15 * MINUTE, blockMs: 5 * MINUTE, maxBlockMs: 60 * MINUTE },
  email: { name: "order-lookup-email", limit: 5, windowMs: 15 * MINUTE, blockMs: 5 * MINUTE, maxBlockMs: 60 * MINUTE },
};

export const lookupSchema = z.object({
  orderNumber: z
    .string({ error: "Enter your order number." })
    .trim()
    .toUpperCase()
    .min(1, "Enter your order number.")
    .max(32, "An order number is at most 32 characters, like ORD-2026-000123."),
  email: z
    .string({ error: "Enter the email address you paid with." })
    .trim()
    .toLowerCase()
    .pipe(z.email("Enter the email address you paid with, like name@example.com.")),
});

/** The one answer every accepted request gets, whether or not the order exists or the email matches. */
export const LOOKUP_ANSWER =
  "If the order number and email match an order, we have sent a link to that email address. It works for 24 hours. Check your inbox (and spam folder).";

export type LookupResult = { ok: true; message: string } | { ok: false; message: string; retryAfterSeconds?: number };

export async function requestOrderLink(input: { orderNumber: unknown; email: unknown }, headers: Headers, now = Date.now()): Promise<LookupResult> {
  const parsed = lookupSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Check the form." };
  const { orderNumber, email } = parsed.data;

  const [byAddress, byEmail] = await Promise.all([
    rateAttempt(LOOKUP_RULES.address, clientAddress(headers), now),
    rateAttempt(LOOKUP_RULES.email, email, now),
  ]);
  if (!byAddress.allowed || !byEmail.allowed) {
    const wait = Math.max(byAddress.retryAfterSeconds, byEmail.retryAfterSeconds);
    return { ok: false, message: "Too many requests for order links. Try again later.", retryAfterSeconds: wait };
  }

  const [order] = await db()
    .select({ id: orders.id, email: orders.email, orderNumber: orders.orderNumber })
    .from(orders)
    .where(eq(orders.orderNumber, orderNumber));
  if (order?.email && order.email.trim().toLowerCase() === email) {
    const url = new URL("/orders/lookup/open", env().STORE_URL);
    url.search = (await signOrderLink(order.orderNumber, now)).toString();
    // Queued, not sent here: the answer does not wait for (or reveal anything through) the mail server.
    await recordOrderLink(order.id, order.email, url.toString(), now);
  }
  return { ok: true, message: LOOKUP_ANSWER };
}
