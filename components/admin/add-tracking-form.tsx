"use client";

import { useActionState } from "react";
import { ActionMessage } from "./action-message";
import type { AdminFormState } from "./form-state";
import { addTrackingAction } from "./order-actions";
import { ShippingFields } from "./shipping-fields";

export function AddTrackingForm(props: { klarnaOrderId: string; captureId: string; idempotencyKey: string }) {
  const [state, action, pending] = useActionState<AdminFormState | null, FormData>(addTrackingAction, null);
  const restored = state && !state.ok ? state.values : undefined;
  return (
    <form action={action} className="action-form" aria-label={`Add tracking to capture ${props.captureId}`} noValidate>
      <input type="hidden" name="klarnaOrderId" value={props.klarnaOrderId} />
      <input type="hidden" name="captureId" value={props.captureId} />
      <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
      <ShippingFields values={restored} legend="Tracking for this capture" />
      <div>
        <button type="submit" className="button button--secondary button--small" disabled={pending}>
          {pending ? "Adding…" : "Add tracking"}
        </button>
      </div>
      <ActionMessage state={state} />
    </form>
  );
}
