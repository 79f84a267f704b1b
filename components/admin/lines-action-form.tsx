"use client";

import { useActionState, type ReactNode } from "react";
import type { SelectableLine } from "@/lib/admin/order-ledger";
import { formatMoney } from "@/lib/pricing/money";
import { ActionMessage } from "./action-message";
import type { AdminFormState } from "./form-state";
import { LinePicker, pickedTotal } from "./line-picker";
import { useEdits } from "./use-edits";

export interface LinesActionFormProps {
  klarnaOrderId: string;
  /** Made when the page was rendered: a double submit sends the same key, and Klarna does it once. */
  idempotencyKey: string;
  lines: SelectableLine[];
  currency: string;
  locale: string;
  /** Why nothing can be done now; the form stays mounted so the last result stays on screen. */
  refusal: string | null;
  /** The most the action can take (what remains to capture, what can be refunded) and how to say it. */
  limit: { amount: number; label: string };
}

interface Verb {
  action: (previous: AdminFormState | null, form: FormData) => Promise<AdminFormState>;
  /** "Capture", "Refund": the form's name and its button. */
  verb: "Capture" | "Refund";
  pendingLabel: string;
  doneLabel: string;
  /** The quantity a line starts with. */
  defaults: (line: SelectableLine) => number;
  nothingLeft: (line: SelectableLine) => { label: string; done: boolean };
  /** The fields after the lines (shipping, a note), given what was typed before a refusal. */
  extra: (restored: Record<string, string> | undefined) => ReactNode;
}

/** Capture and refund: chosen lines and quantities of one order, a running total, one Klarna request. */
export function LinesActionForm(props: LinesActionFormProps & Verb) {
  const [state, action, pending] = useActionState<AdminFormState | null, FormData>(props.action, null);
  const { edited, onChange } = useEdits(state);
  const restored = state && !state.ok ? state.values : undefined;
  const format = (amount: number) => formatMoney(amount, props.currency, props.locale);
  const total = pickedTotal(props.lines, (name) => {
    const line = props.lines.find((candidate) => `qty:${candidate.key}` === name);
    return edited[name] ?? restored?.[name] ?? String(line ? props.defaults(line) : 0);
  });
  if (props.refusal) {
    return (
      <div className="action-form">
        <p className="refusal">{props.refusal}</p>
        <ActionMessage state={state} />
      </div>
    );
  }
  return (
    <form action={action} onChange={onChange} className="action-form" aria-label={props.verb} noValidate>
      <input type="hidden" name="klarnaOrderId" value={props.klarnaOrderId} />
      <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
      <LinePicker
        lines={props.lines}
        verb={props.verb}
        doneLabel={props.doneLabel}
        defaults={props.defaults}
        values={restored}
        format={format}
        nothingLeft={props.nothingLeft}
      />
      {props.extra(restored)}
      <div className="action-form__footer">
        <p className="action-form__total">
          {total === null ? (
            "Check the quantities."
          ) : (
            <>
              <strong>{format(total)}</strong> of {format(props.limit.amount)} {props.limit.label}
            </>
          )}
        </p>
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? props.pendingLabel : total ? `${props.verb} ${format(total)}` : props.verb}
        </button>
      </div>
      <ActionMessage state={state} />
    </form>
  );
}
