import type { z } from "zod";
import type { AdminFormState } from "./form-state";

/** What the merchant typed, to put back into the form after a refusal (React resets a form after its action). */
export function typedValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === "string" && !name.startsWith("$ACTION") && name !== "idempotencyKey") values[name] = value;
  }
  return values;
}

export function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? "Something in the form is not right.";
}

/** A 400 for a form that did not parse: one message per field to show beside it, and the typed values back. */
export function invalidForm(error: z.ZodError, form: FormData): Extract<AdminFormState, { ok: false }> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "");
    if (field && !(field in errors)) errors[field] = issue.message;
  }
  const count = Object.keys(errors).length;
  return {
    ok: false,
    status: 400,
    message: count > 1 ? `Nothing was saved: ${count} fields need a look.` : `Nothing was saved. ${firstIssue(error)}`,
    errors,
    values: typedValues(form),
  };
}
