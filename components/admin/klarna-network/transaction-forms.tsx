"use client";

import { useActionState } from "react";
import { ActionMessage } from "../action-message";
import type { AdminFormState } from "../form-state";
import { captureNetworkAction, refundNetworkAction, voidNetworkAction } from "./actions";

interface Common {
  transactionId: string;
  idempotencyKey: string;
  /** Why it is not possible now; shown instead of the form. */
  refusal: string | null;
}

function Hidden({ transactionId, idempotencyKey }: Omit<Common, "refusal">) {
  return (
    <>
      <input type="hidden" name="transactionId" value={transactionId} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
    </>
  );
}

export function NetworkCaptureForm(props: Common & { remaining: string }) {
  const [state, dispatch, pending] = useActionState<AdminFormState | null, FormData>(captureNetworkAction, null);
  if (props.refusal) return <p className="refusal">{props.refusal}</p>;
  return (
    <form action={dispatch} aria-label="Capture" className="field-grid" noValidate>
      <Hidden {...props} />
      <label className="field">
        <span className="field__label">Amount to capture</span>
        <input name="amount" inputMode="decimal" defaultValue={props.remaining} className="field__input" required />
      </label>
      <label className="field">
        <span className="field__label">Shipping company</span>
        <input name="carrier" maxLength={100} className="field__input" />
      </label>
      <label className="field">
        <span className="field__label">Tracking number</span>
        <input name="trackingNumber" maxLength={100} className="field__input" />
      </label>
      <label className="field">
        <span className="field__label">Tracking link</span>
        <input name="trackingUrl" type="url" maxLength={1024} className="field__input" />
      </label>
      <div className="field--wide">
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? "Capturing…" : "Capture at Klarna"}
        </button>
      </div>
      <ActionMessage state={state} className="panel-message field--wide" />
    </form>
  );
}

export function NetworkRefundForm(props: Common & { captures: { id: string; label: string }[]; lines: { index: number; label: string }[] }) {
  const [state, dispatch, pending] = useActionState<AdminFormState | null, FormData>(refundNetworkAction, null);
  if (props.refusal) return <p className="refusal">{props.refusal}</p>;
  return (
    <div className="refund-options">
      {props.captures.map((capture) => (
        <form key={capture.id} action={dispatch} aria-label={`Refund from ${capture.label}`} className="field-grid" noValidate>
          <Hidden {...props} />
          <input type="hidden" name="captureId" value={capture.id} />
          <label className="field">
            <span className="field__label">Refund from {capture.label}</span>
            <input name="amount" inputMode="decimal" className="field__input" required />
          </label>
          <div className="field">
            <span className="field__label" aria-hidden="true">&nbsp;</span>
            <button type="submit" className="button button--secondary" disabled={pending}>
              Refund from this capture
            </button>
          </div>
        </form>
      ))}
      {props.lines.length > 0 && (
        <form action={dispatch} aria-label="Refund a line" className="field-grid" noValidate>
          <Hidden {...props} />
          <label className="field">
            <span className="field__label">Line to refund</span>
            <select name="line" className="field__input">
              {props.lines.map((line) => (
                <option key={line.index} value={line.index}>
                  {line.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">Quantity</span>
            <input name="quantity" inputMode="numeric" defaultValue="1" className="field__input" required />
          </label>
          <div className="field--wide">
            <button type="submit" className="button button--secondary" disabled={pending}>
              Refund the line
            </button>
          </div>
        </form>
      )}
      <ActionMessage state={state} className="panel-message" />
    </div>
  );
}

export function NetworkVoidForm(props: Common & { label: string }) {
  const [state, dispatch, pending] = useActionState<AdminFormState | null, FormData>(voidNetworkAction, null);
  return (
    <div className="action-row__result">
      {props.refusal ? (
        <p className="refusal">{props.refusal}</p>
      ) : (
        <form action={dispatch} aria-label={props.label}>
          <Hidden {...props} />
          <button type="submit" className="button button--small button--secondary" disabled={pending}>
            {pending ? "Releasing…" : props.label}
          </button>
        </form>
      )}
      <ActionMessage state={state} className="panel-message" />
    </div>
  );
}
