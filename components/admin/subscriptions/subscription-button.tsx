"use client";

import { useActionState, useState } from "react";
import { ActionMessage } from "../action-message";
import type { AdminFormState } from "../form-state";

type Action = (previous: AdminFormState | null, form: FormData) => Promise<AdminFormState>;

/** One subscription action as a button; `confirm` asks first (cancelling cannot be undone). */
export function SubscriptionButton(props: {
  action: Action;
  id: number;
  label: string;
  pendingLabel: string;
  confirm?: { question: string; button: string; keep: string };
  tone?: "danger" | "secondary";
}) {
  const { action, id, label, pendingLabel, confirm, tone = "secondary" } = props;
  const [state, dispatch, pending] = useActionState<AdminFormState | null, FormData>(action, null);
  const [asking, setAsking] = useState(false);
  return (
    <div className="action-row__result">
      {confirm && !asking ? (
        <button type="button" className="button button--small button--secondary" onClick={() => setAsking(true)}>
          {label}
        </button>
      ) : (
        <form action={dispatch} className={confirm ? "confirm-box" : undefined} aria-label={label.replace(/…$/, "")}>
          <input type="hidden" name="id" value={id} />
          {confirm && <p>{confirm.question}</p>}
          <div className="confirm-box__buttons">
            <button type="submit" className={`button button--small ${tone === "danger" ? "button--danger" : "button--secondary"}`} disabled={pending}>
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
