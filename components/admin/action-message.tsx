import type { AdminFormState } from "./form-state";

/** The outcome of an admin action, announced to screen readers. */
export function ActionMessage({ state, className = "" }: { state: AdminFormState | null; className?: string }) {
  return (
    <div aria-live="polite" className={className}>
      {state && (
        <p className={`notice ${state.ok ? "notice--success" : "notice--error"} action-result`} role={state.ok ? "status" : "alert"}>
          {state.message}
        </p>
      )}
    </div>
  );
}
