"use client";

import { useActionState } from "react";
import { cancelBySignedLink, type CancelState } from "./actions";

export function CancelForm({ id, sig }: { id: number; sig: string }) {
  const [state, dispatch, pending] = useActionState<CancelState, FormData>(cancelBySignedLink, null);
  return (
    <form action={dispatch} aria-label="Cancel subscription">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="sig" value={sig} />
      {!state?.ok && (
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? "Cancelling…" : "Cancel my subscription"}
        </button>
      )}
      <div aria-live="polite">
        {state && (
          <p className={`notice ${state.ok ? "notice--success" : "notice--error"}`} role={state.ok ? "status" : "alert"}>
            {state.message}
          </p>
        )}
      </div>
    </form>
  );
}
