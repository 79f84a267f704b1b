"use client";

import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent } from "react";
import { ActionMessage } from "../action-message";
import { editLinesAction, type EditLinesState } from "./actions";

export interface EditableLine {
  reference: string;
  name: string;
  quantity: number;
  /** Already captured of this line: the quantity cannot go below it. */
  captured: number;
  unitPrice: string;
  total: string;
}

export interface AddableProduct {
  sku: string;
  name: string;
  price: string;
  stock: number;
}

/**
 * Change quantities (0 removes a line), add one product from the catalogue, review the new total worked out by the
 * server exactly as the edit will be, then confirm. Editing anything after the review asks for a new one.
 */
export function EditLinesForm(props: {
  klarnaOrderId: string;
  idempotencyKey: string;
  lines: EditableLine[];
  catalogue: AddableProduct[];
  vendor: string;
  refusal: string | null;
}) {
  const [state, action, pending] = useActionState<EditLinesState | null, FormData>(editLinesAction, null);
  const [changedAfter, setChangedAfter] = useState<EditLinesState | null>(null);
  const restored = state && "values" in state ? state.values : undefined;
  const preview = state?.ok && state.preview && changedAfter !== state ? state.preview : null;
  const formRef = useRef<HTMLFormElement>(null);
  // The form is sent by hand, so a review keeps what was typed (a form action would reset every field, the product
  // choice included); after a change is made the fields start again from the order as it now is.
  useEffect(() => {
    if (state?.ok && !state.preview) formRef.current?.reset();
  }, [state]);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(event.currentTarget, submitter);
    startTransition(() => action(data));
  };

  if (props.refusal) {
    return (
      <div className="action-form">
        <p className="refusal">{props.refusal}</p>
        <ActionMessage state={state} />
      </div>
    );
  }
  return (
    <form ref={formRef} onSubmit={submit} onChange={() => setChangedAfter(state)} className="action-form order-edit" aria-label="Edit order lines" noValidate>
      <input type="hidden" name="klarnaOrderId" value={props.klarnaOrderId} />
      <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
      <table className="admin-table stacked-table">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" className="num">Unit price</th>
            <th scope="col" className="num">Current total</th>
            <th scope="col" className="num">Quantity</th>
          </tr>
        </thead>
        <tbody>
          {props.lines.map((line) => {
            const name = `qty:${line.reference}`;
            return (
              <tr key={line.reference}>
                <td className="stacked-table__title">
                  <span className="admin-table__primary">{line.name}</span>
                  <span className="admin-table__secondary mono">{line.reference}</span>
                  {line.captured > 0 && <span className="admin-table__secondary">{line.captured} captured</span>}
                </td>
                <td data-label="Unit price" className="num">{line.unitPrice}</td>
                <td data-label="Current total" className="num">{line.total}</td>
                <td data-label="Quantity" className="num">
                  <input
                    type="number"
                    inputMode="numeric"
                    name={name}
                    min={line.captured}
                    max={99}
                    step={1}
                    defaultValue={restored?.[name] ?? String(line.quantity)}
                    aria-label={`New quantity of ${line.name} (0 removes it)`}
                    className="field__input qty-input"
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <fieldset className="order-edit__add">
        <legend>Add a product</legend>
        <label className="field">
          <span className="field__label">Product</span>
          <select name="add_sku" defaultValue={restored?.add_sku ?? ""} className="field__input">
            <option value="">No product to add</option>
            {props.catalogue.map((product) => (
              <option key={product.sku} value={product.sku} disabled={product.stock <= 0}>
                {product.name} · {product.price} · {product.stock > 0 ? `${product.stock} in stock` : "sold out"}
              </option>
            ))}
          </select>
        </label>
        <label className="field order-edit__add-qty">
          <span className="field__label">Quantity</span>
          <input
            type="number"
            inputMode="numeric"
            name="add_quantity"
            min={1}
            max={99}
            step={1}
            defaultValue={restored?.add_quantity ?? "1"}
            className="field__input qty-input"
          />
        </label>
      </fieldset>

      {preview && (
        <div className="order-edit__preview" role="status" data-testid="edit-preview">
          <p>
            New total <strong data-testid="edit-new-total">{preview.total}</strong> <span className="muted">(now {preview.before})</span>
          </p>
          <p className="muted">{preview.summary}</p>
          {preview.increase && (
            <p className="muted">An increase is a new credit decision: {props.vendor} may decline it, and then nothing changes.</p>
          )}
          <input type="hidden" name="expectedTotal" value={preview.totalMinor} />
        </div>
      )}

      <div className="action-form__footer">
        <p className="action-form__total">
          {preview ? "Check the new total, then confirm." : "Review the new total before anything is sent."}
        </p>
        <div className="order-edit__buttons">
          <button type="submit" name="intent" value="preview" className={`button ${preview ? "button--secondary" : "button--primary"}`} disabled={pending}>
            {pending ? "Working…" : preview ? "Review again" : "Review new total"}
          </button>
          {preview && (
            <button type="submit" name="intent" value="confirm" className="button button--primary" disabled={pending}>
              {pending ? "Sending…" : `Confirm: ${preview.total}`}
            </button>
          )}
        </div>
      </div>
      <ActionMessage state={state && !(state.ok && state.preview) ? state : null} />
    </form>
  );
}
