import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import type { z } from "zod";

/** The new API's error types (notes.md §8). */
export type KnErrorType = "ACCESS_ERROR" | "TECHNICAL_ERROR" | "RESOURCE_ERROR" | "INPUT_ERROR";

export interface KnFieldError {
  parameter: string;
  error_message: string;
}

/**
 * An error answered in the Klarna Network shape `{ error_id, error_type, error_code, error_message, errors? }`
 * (notes.md §8), unlike the older APIs' `{ error_code, error_messages, correlation_id }`.
 */
export class KnError extends Error {
  constructor(
    readonly status: number,
    readonly type: KnErrorType,
    readonly code: string,
    message: string,
    readonly errors: KnFieldError[] = [],
  ) {
    super(message);
  }
}

export const knNotFound = (what: string) => new KnError(404, "RESOURCE_ERROR", "NOT_FOUND", `${what} was not found`);
export const knInput = (message: string, errors: KnFieldError[] = []) =>
  new KnError(400, "INPUT_ERROR", "VALIDATION_ERROR", message, errors);
export const knNotAllowed = (message: string) => new KnError(403, "RESOURCE_ERROR", "OPERATION_NOT_ALLOWED", message);

export function knErrorResponse(c: Context, error: KnError): Response {
  const errorId = randomUUID();
  c.header("Klarna-Correlation-Id", randomUUID());
  return c.json(
    {
      error_id: errorId,
      error_type: error.type,
      error_code: error.code,
      error_message: error.message,
      ...(error.errors.length > 0 ? { errors: error.errors } : {}),
    },
    error.status as 400,
  );
}

/** Validates a decoded body; each zod issue becomes one `errors[]` entry naming the parameter. */
export function parseKnBody<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    parameter: issue.path.map(String).join(".") || "(body)",
    error_message: issue.message,
  }));
  throw knInput("The request body is not valid", errors);
}

/** The JSON body; malformed JSON or another content type is a 400 INPUT_ERROR, never a 500. */
export async function readKnJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") return undefined;
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(c.req.header("content-type") ?? "")) {
    throw new KnError(415, "INPUT_ERROR", "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new KnError(400, "INPUT_ERROR", "VALIDATION_ERROR", "The request body is not valid JSON");
  }
}
