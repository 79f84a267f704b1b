"use client";

import { useState, type FormEvent } from "react";
import type { AdminFormState } from "./form-state";

/**
 * The values of a form as the merchant is editing them, for live totals. React resets a form after its action; the
 * edits belong to the state they were made after, so a new result starts from the form's defaults again.
 */
export function useEdits(state: AdminFormState | null) {
  const [edits, setEdits] = useState<{ after: AdminFormState | null; values: Record<string, string> }>({
    after: state,
    values: {},
  });
  const current = edits.after === state ? edits.values : {};
  const onChange = (event: FormEvent<HTMLFormElement>) => {
    const target = event.target;
    if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement) {
      setEdits({ after: state, values: { ...current, [target.name]: target.value } });
    }
  };
  return { edited: current, onChange };
}
