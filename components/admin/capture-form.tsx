"use client";

import { useActionState } from "react";
import type { SelectableLine } from "@/lib/admin/order-ledger";
import { formatMoney } from "@/lib/pricing/money";
import { ActionMessage } from "./action-message";
import type { AdminFormState } from "./form-state";
import { LinePicker, pickedTotal } from "./line-picker";
import { captureAction } from "./order-actions";
import { ShippingFields } from "./shipping-fields";
import { useEdits } from "./use-edits";

interface Props {
  klarnaOrderId: string;
  /** Made when the page was rendered: a double submit sends the same key, and Klarna captures once. */
  idempotencyKey: string;
  lines: SelectableLine[];
  currency: string;
  locale: string;
  /** Why nothing can be done now; the form stays mounted so the last result stays on screen. */
  refusal: string | null;
  remaining: number;
}

export function CaptureForm({ klarnaOrderId, idempotencyKey, lines, currency, locale, refusal, remaining }: Props) {
  const [state, action, pending] = useActionState<AdminFormState | null, FormData>(captureAction, null);
  const { edited, onChange } = useEdits(state);
  const restored = state && !state.ok ? state.values : undefined;
  const format = (amount: number) => formatMoney(amount, currency, locale);
  const defaults = (line: SelectableLine) => line.available;
  const total = pickedTotal(lines, (name) => edited[name] ?? restored?.[name] ?? String(defaults(lines.find((line) => `qty:${line.key}` === name)!)));
  if (refusal) {
    return (
      <div className="action-form">
        <p className="refusal">{refusal}</p>
        <ActionMessage state={state} />
      </div>
    );
  }
  return (
    <form action={action} onChange={onChange} className="action-form" aria-label="Capture" noValidate>
      <input type="hidden" name="klarnaOrderId" value={klarnaOrderId} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <LinePicker
        lines={lines}
        verb="Capture"
        doneLabel="Captured"
        defaults={defaults}
        values={restored}
        format={format}
        nothingLeft={() => ({ label: "Captured", done: true })}
      />
      <ShippingFields values={restored} legend="Shipping (shown to the customer in the Klarna app)" />
      <div className="action-form__footer">
        <p className="action-form__total">
          {total === null ? (
            "Check the quantities."
          ) : (
            <>
              <strong>{format(total)}</strong> of {format(remaining)} remaining
            </>
          )}
        </p>
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? "Capturing…" : total ? `Capture ${format(total)}` : "Capture"}
        </button>
      </div>
      <ActionMessage state={state} />
    </form>
  );
}
