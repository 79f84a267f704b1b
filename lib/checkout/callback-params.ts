import { z } from "zod";

/** Klarna order ids are UUIDs; anything else is refused before the store or Klarna is asked about it. */
export const klarnaOrderIdSchema = z
  .string({ error: "klarna_order_id is required." })
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{7,63}$/, "klarna_order_id is not a Klarna order id.");

export const callbackTokenSchema = z
  .string({ error: "The callback token is missing." })
  .regex(/^[A-Za-z0-9_-]{16,128}$/, "The callback token is malformed.");
