"use client";

import { useActionState } from "react";
import { findMyOrder, type LookupState } from "./lookup-actions";

export function OrderLookupForm() {
  const [state, action, pending] = useActionState<LookupState | null, FormData>(findMyOrder, null);
  const failed = state?.ok === false;
  return (
    <form action={action} aria-label="Find my order" noValidate className="lookup-form">
      <label className="field">
        <span className="field__label">Order number</span>
        <input
          name="orderNumber"
          required
          maxLength={32}
          placeholder="ORD-2026-000123"
          autoComplete="off"
          defaultValue={state?.orderNumber}
          className="field__input"
          aria-invalid={failed || undefined}
        />
      </label>
      <label className="field">
        <span className="field__label">Email address</span>
        <input
          name="email"
          type="email"
          required
          autoComplete="email"
          defaultValue={state?.email}
          className="field__input"
          aria-invalid={failed || undefined}
        />
      </label>
      <div aria-live="polite" className="form-message-slot">
        {state ? (
          <p className={`notice ${state.ok ? "notice--success" : "notice--error"}`} role={state.ok ? "status" : "alert"} data-testid="lookup-answer">
            {state.message}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button button--primary" disabled={pending}>
        {pending ? "Sending…" : "Email me a link"}
      </button>
    </form>
  );
}
