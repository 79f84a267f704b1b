"use client";

import { useActionState } from "react";
import { applyCoupon, removeCoupon, type CartActionState } from "./actions";

export function CouponForm({ applied, problem }: { applied: string | null; problem: string | null }) {
  const [applyState, apply, applying] = useActionState<CartActionState | null, FormData>(applyCoupon, null);
  const [, remove, removing] = useActionState<CartActionState | null, FormData>(removeCoupon, null);
  if (applied) {
    return (
      <div className="coupon">
        <form action={remove} className="coupon__applied">
          <span>
            Discount code <strong>{applied}</strong>
          </span>
          <button type="submit" className="button button--link" disabled={removing} aria-label={`Remove discount code ${applied}`}>
            Remove
          </button>
        </form>
        {problem && (
          <p className="notice notice--error" role="alert">
            {problem} It is not applied.
          </p>
        )}
      </div>
    );
  }
  return (
    <form action={apply} className="coupon" aria-label="Discount code">
      <div className="coupon__row">
        <label className="visually-hidden" htmlFor="coupon-code">
          Discount code
        </label>
        <input id="coupon-code" name="code" className="field__input" placeholder="Discount code" autoComplete="off" />
        <button type="submit" className="button button--secondary button--small" disabled={applying}>
          {applying ? "Checking…" : "Apply"}
        </button>
      </div>
      {applyState && !applyState.ok && (
        <p className="notice notice--error" role="alert">
          {applyState.message}
        </p>
      )}
    </form>
  );
}
