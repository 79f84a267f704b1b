"use client";

import { useActionState } from "react";
import type { ProviderId } from "@/lib/payments/provider";
import { ActionMessage } from "./action-message";
import type { AdminFormState } from "./form-state";
import { reconcileAction, reconcileAllAction } from "./order-actions";

export function ReconcileButton({
  klarnaOrderId,
  provider,
  orderNumber,
}: {
  klarnaOrderId: string;
  provider: ProviderId;
  orderNumber: string;
}) {
  const [state, action, pending] = useActionState<AdminFormState | null, FormData>(reconcileAction, null);
  return (
    <form action={action} className="reconcile-form">
      <input type="hidden" name="klarnaOrderId" value={klarnaOrderId} />
      <input type="hidden" name="provider" value={provider} />
      <button type="submit" className="button button--secondary button--small" disabled={pending} aria-label={`Reconcile ${orderNumber}`}>
        {pending ? "Reconciling…" : "Reconcile"}
      </button>
      <ActionMessage state={state} />
    </form>
  );
}

export function ReconcileAllButton() {
  const [state, action, pending] = useActionState<AdminFormState | null, FormData>(reconcileAllAction, null);
  return (
    <div>
      <form action={action} className="inline-form">
        <button type="submit" className="button button--primary button--small" disabled={pending}>
          {pending ? "Reconciling…" : "Reconcile all"}
        </button>
      </form>
      <ActionMessage state={state} className="panel-message" />
    </div>
  );
}
