/**
 * What an admin form shows after its action: the outcome, and on a refusal the values to put back and, for a form
 * that did not parse, a message per field.
 */
export type AdminFormState =
  | { ok: true; message: string }
  | { ok: false; status: number; message: string; values?: Record<string, string>; errors?: Record<string, string> };
