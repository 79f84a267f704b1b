"use client";

import { useActionState } from "react";
import type { SelectableLine } from "@/lib/admin/order-ledger";
import { formatMoney } from "@/lib/pricing/money";
import { ActionMessage } from "./action-message";
import type { AdminFormState } from "./form-state";
import { LinePicker, pickedTotal } from "./line-picker";
import { refundAction } from "./order-actions";
import { useEdits } from "./use-edits";

interface Props {
  klarnaOrderId: string;
  idempotencyKey: string;
  lines: SelectableLine[];
  currency: string;
  locale: string;
  /** Why nothing can be done now; the form stays mounted so the last result stays on screen. */
  refusal: string | null;
  refundable: number;
}

export function RefundForm({ klarnaOrderId, idempotencyKey, lines, currency, locale, refusal, refundable }: Props) {
  const [state, action, pending] = useActionState<AdminFormState | null, FormData>(refundAction, null);
  const { edited, onChange } = useEdits(state);
  const restored = state && !state.ok ? state.values : undefined;
  const format = (amount: number) => formatMoney(amount, currency, locale);
  const total = pickedTotal(lines, (name) => edited[name] ?? restored?.[name] ?? "0");
  if (refusal) {
    return (
      <div className="action-form">
        <p className="refusal">{refusal}</p>
        <ActionMessage state={state} />
      </div>
    );
  }
  return (
    <form action={action} onChange={onChange} className="action-form" aria-label="Refund" noValidate>
      <input type="hidden" name="klarnaOrderId" value={klarnaOrderId} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <LinePicker
        lines={lines}
        verb="Refund"
        doneLabel="Refunded"
        defaults={() => 0}
        values={restored}
        format={format}
        nothingLeft={(line) =>
          line.done > 0 ? { label: "Refunded", done: true } : { label: "Not captured", done: false }
        }
      />
      <label className="field">
        <span className="field__label">Note to the customer (optional)</span>
        <input name="description" maxLength={255} defaultValue={restored?.description ?? ""} className="field__input" />
      </label>
      <div className="action-form__footer">
        <p className="action-form__total">
          {total === null ? (
            "Check the quantities."
          ) : (
            <>
              <strong>{format(total)}</strong> of {format(refundable)} refundable
            </>
          )}
        </p>
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? "Refunding…" : total ? `Refund ${format(total)}` : "Refund"}
        </button>
      </div>
      <ActionMessage state={state} />
    </form>
  );
}
