import { z } from "zod";

export const MAX_QUANTITY = 99;

export const quantitySchema = z.coerce
  .number({ error: "Enter a quantity." })
  .int("Enter a whole number.")
  .min(1, "The quantity must be at least 1.")
  .max(MAX_QUANTITY, `You can buy at most ${MAX_QUANTITY} of one product.`);

export const productIdSchema = z.coerce.number({ error: "Unknown product." }).int("Unknown product.").positive("Unknown product.");

/** Why a quantity of a product cannot be bought right now, in the shopper's words; null when it can. */
export function stockProblem(name: string, wanted: number, stock: number): string | null {
  if (stock <= 0) return `${name} is sold out. Remove it to continue.`;
  if (wanted > stock) return `Only ${stock} ${name} left in stock. Lower the quantity to ${stock} to continue.`;
  return null;
}
