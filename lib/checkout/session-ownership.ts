import { z } from "zod";
import { readCartCookie } from "@/lib/cart/session";
import { findCheckoutSession, type CheckoutSession } from "./session-store";

const idSchema = z.uuid();
const text = z.string().max(255).optional();
const addressSchema = z
  .object({
    given_name: text,
    family_name: text,
    email: text,
    phone: text,
    street_address: text,
    street_address2: text,
    postal_code: text,
    city: text,
    region: text,
    country: z.string().regex(/^[A-Z]{2}$/).optional(),
  })
  .strict();

/** The addresses the checkout form passes with Klarna's authorization (shared by every provider's actions). */
export const addressesSchema = z.object({ billing_address: addressSchema.optional(), shipping_address: addressSchema.optional() }).strict();

/** A server action is a public endpoint: the session must belong to the cart in this browser's signed cookie. */
export async function ownSession(sessionId: unknown): Promise<CheckoutSession | null> {
  const id = idSchema.safeParse(sessionId);
  if (!id.success) return null;
  const [cookie, session] = await Promise.all([readCartCookie(), findCheckoutSession(id.data)]);
  if (!session || cookie.status !== "valid" || cookie.cartId !== session.cartId) return null;
  return session;
}
