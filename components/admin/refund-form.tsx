"use client";

import { LinesActionForm, type LinesActionFormProps } from "./lines-action-form";
import { refundAction } from "./order-actions";

/** Refund chosen captured lines (none, to start with), with an optional note to the customer. */
export function RefundForm({ refundable, ...props }: Omit<LinesActionFormProps, "limit"> & { refundable: number }) {
  return (
    <LinesActionForm
      {...props}
      limit={{ amount: refundable, label: "refundable" }}
      action={refundAction}
      verb="Refund"
      pendingLabel="Refunding…"
      doneLabel="Refunded"
      defaults={() => 0}
      nothingLeft={(line) => (line.done > 0 ? { label: "Refunded", done: true } : { label: "Not captured", done: false })}
      extra={(restored) => (
        <label className="field">
          <span className="field__label">Note to the customer (optional)</span>
          <input name="description" maxLength={255} defaultValue={restored?.description ?? ""} className="field__input" />
        </label>
      )}
    />
  );
}
