import "server-only";
import type { z } from "zod";
import type { Merchant } from "@/lib/admin/merchants";
import { NOT_SIGNED_IN } from "@/lib/admin/order-management";
import { currentMerchant } from "@/lib/admin/session";
import type { AdminFormState } from "./form-state";

/** What the merchant typed, to put back into the form after a refusal (React resets a form after its action). */
function typedValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === "string" && !name.startsWith("$ACTION") && name !== "idempotencyKey") values[name] = value;
  }
  return values;
}

export function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? "Something in the form is not right.";
}

/** A 400 for a form that did not parse: one message per field to show beside it. */
function invalidForm(error: z.ZodError): Extract<AdminFormState, { ok: false }> {
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
  };
}

export interface AdminActionSteps<T> {
  /** The form, parsed with zod; a form that does not parse gets a 400 and nothing runs. */
  parse: (form: FormData) => z.ZodSafeParseResult<T>;
  /** Forms of many fields (coupon, block entry) show a message beside each bad field; others give the first issue. */
  fieldErrors?: boolean;
  run: (input: T, merchant: Merchant) => Promise<AdminFormState>;
  /** Refreshes the pages that show what the action changed. */
  revalidate: () => void;
}

/**
 * Every back-office server action, in the same steps. An action is a public endpoint whatever the page showed, so
 * it checks the session itself (401 without one), parses its form (400, nothing written), runs, and answers in words,
 * with the typed values back on a refusal so the form keeps them.
 */
export async function adminAction<T>(form: FormData, steps: AdminActionSteps<T>): Promise<AdminFormState> {
  const merchant = await currentMerchant();
  if (!merchant) return { ...NOT_SIGNED_IN, values: typedValues(form) };
  const input = steps.parse(form);
  if (!input.success) {
    const refusal = steps.fieldErrors ? invalidForm(input.error) : { ok: false as const, status: 400, message: firstIssue(input.error) };
    return { ...refusal, values: typedValues(form) };
  }
  const result = await steps.run(input.data, merchant);
  // After a 502 Klarna may or may not have done it: the page keeps its request key, so a retry cannot do it twice.
  if (result.ok || result.status !== 502) steps.revalidate();
  return result.ok ? result : { ...result, values: typedValues(form) };
}
