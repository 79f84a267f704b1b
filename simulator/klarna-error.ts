import type { z } from "zod";

/**
 * An error answered with Klarna's body `{ error_code, error_messages, correlation_id }` and Klarna's status.
 * Services throw it; the HTTP layer adds the correlation id.
 */
export class KlarnaError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messages: string[];

  constructor(status: number, code: string, messages: string[]) {
    super(`${status} ${code}: ${messages.join("; ")}`);
    this.status = status;
    this.code = code;
    this.messages = messages;
  }
}

export const notFound = (message: string) => new KlarnaError(404, "NOT_FOUND", [message]);
export const badValue = (messages: string[]) => new KlarnaError(400, "BAD_VALUE", messages);

/** "order_lines[0].total_amount" from a zod issue path, the way Klarna names fields in BAD_VALUE messages. */
function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Validates an already-decoded JSON value; field problems become 400 BAD_VALUE naming each field. */
export function parseBody<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(dropNulls(value ?? {}));
  if (result.success) return result.data;
  const messages = result.error.issues.map((issue) => {
    const field = fieldPath(issue.path);
    return field === "" ? `Bad value: ${issue.message}` : `Bad value: ${field} (${issue.message})`;
  });
  throw badValue([...new Set(messages)]);
}

// Klarna's JSON binding treats an explicit null like a missing optional property.
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (inner !== null) out[key] = dropNulls(inner);
    }
    return out;
  }
  return value;
}
