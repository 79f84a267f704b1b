/** What an admin form shows after its action: the outcome, and on a refusal the values to put back. */
export type AdminFormState =
  | { ok: true; message: string }
  | { ok: false; status: number; message: string; values?: Record<string, string> };
