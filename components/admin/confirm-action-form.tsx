"use client";

import { useActionState, useState } from "react";
import { ActionMessage } from "./action-message";
import type { AdminFormState } from "./form-state";

type Action = (previous: AdminFormState | null, form: FormData) => Promise<AdminFormState>;

interface Props {
  action: Action;
  klarnaOrderId: string;
  idempotencyKey: string;
  /** The button that starts it; with `confirm`, a second step asks before anything is sent. */
  label: string;
  pendingLabel: string;
  confirm?: { question: string; button: string; keep: string; reasonLabel?: string };
  tone?: "danger" | "secondary";
  /** Why the action is not possible now; shown instead of the button. */
  refusal: string | null;
}

/** One order action (cancel, release, extend), with a confirmation step for the ones that cannot be undone. */
export function ConfirmActionForm(props: Props) {
  const { action, klarnaOrderId, idempotencyKey, label, pendingLabel, confirm, tone = "secondary", refusal } = props;
  const [state, dispatch, pending] = useActionState<AdminFormState | null, FormData>(action, null);
  const [asking, setAsking] = useState(false);
  const restored = state && !state.ok ? state.values : undefined;
  const submitClass = `button button--small ${tone === "danger" ? "button--danger" : "button--secondary"}`;
  return (
    <div className="action-row__result">
      {refusal ? (
        <p className="refusal">{refusal}</p>
      ) : confirm && !asking ? (
        <button type="button" className={`button button--small ${tone === "danger" ? "button--quiet" : "button--secondary"}`} onClick={() => setAsking(true)}>
          {label}
        </button>
      ) : (
        <form action={dispatch} className={confirm ? "confirm-box" : undefined} aria-label={label.replace(/…$/, "")} noValidate>
          <input type="hidden" name="klarnaOrderId" value={klarnaOrderId} />
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          {confirm && <p>{confirm.question}</p>}
          {confirm?.reasonLabel && (
            <label className="field">
              <span className="field__label">{confirm.reasonLabel}</span>
              <input name="reason" maxLength={255} defaultValue={restored?.reason ?? ""} className="field__input" />
            </label>
          )}
          <div className="confirm-box__buttons">
            <button type="submit" className={submitClass} disabled={pending}>
              {pending ? pendingLabel : (confirm?.button ?? label)}
            </button>
            {confirm && (
              <button type="button" className="button button--small button--quiet" onClick={() => setAsking(false)} disabled={pending}>
                {confirm.keep}
              </button>
            )}
          </div>
        </form>
      )}
      <ActionMessage state={state} className="panel-message" />
    </div>
  );
}
