"use client";

import { useActionState } from "react";
import { ActionMessage } from "../action-message";
import type { AdminFormState } from "../form-state";

type Action = (previous: AdminFormState | null, form: FormData) => Promise<AdminFormState>;

/** One back-office action on a Checkout.com payment, with its outcome announced below it. */
export function PaymentActionForm(props: {
  action: Action;
  orderNumber: string;
  idempotencyKey: string;
  label: string;
  pendingLabel: string;
  tone?: "primary" | "secondary" | "danger";
  children?: React.ReactNode;
}) {
  const [state, dispatch, pending] = useActionState<AdminFormState | null, FormData>(props.action, null);
  return (
    <form action={dispatch} aria-label={props.label} style={{ display: "grid", gap: "0.75rem" }} noValidate>
      <input type="hidden" name="orderNumber" value={props.orderNumber} />
      <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
      {props.children}
      <button type="submit" className={`button button--small button--${props.tone ?? "primary"}`} style={{ justifySelf: "start" }} disabled={pending}>
        {pending ? props.pendingLabel : props.label}
      </button>
      <ActionMessage state={state} />
    </form>
  );
}
