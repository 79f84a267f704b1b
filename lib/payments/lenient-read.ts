import { z } from "zod";

/**
 * Reading vendors' answers leniently: a field a vendor may leave out or send as null reads as undefined either way
 * (where sources disagree, the store accepts every documented variant).
 */
export function lenient<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((value) => value ?? undefined);
}

/** An object of text fields, each of which a vendor may leave out or send as null: an address, as read back. */
export function lenientTexts<const Names extends readonly string[]>(...names: Names) {
  const shape = Object.fromEntries(names.map((name) => [name, lenient(z.string())]));
  return z.object(shape as { [Name in Names[number]]: ReturnType<typeof lenient<z.ZodString>> });
}
