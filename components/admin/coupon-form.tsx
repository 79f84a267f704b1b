"use client";

import { useActionState } from "react";
import { ActionMessage } from "./action-message";
import { createCouponAction } from "./coupon-actions";
import { FormField } from "./form-field";
import { KindChoice } from "./kind-choice";
import type { AdminFormState } from "./form-state";

const KINDS = [
  ["percent", "Percentage"],
  ["amount", "Fixed amount"],
] as const;

/**
 * The new-code form. The server parses it again (lib/admin/coupon-input.ts); the browser's checks are a courtesy.
 * Which discount fields show follows the checked kind in CSS, so it is right even before the page hydrates.
 */
export function CouponForm({ currencies }: { currencies: readonly string[] }) {
  const [state, action, pending] = useActionState<AdminFormState | null, FormData>(createCouponAction, null);
  const refused = state && !state.ok ? state : undefined;
  const values = refused?.values;
  const errors = refused?.errors ?? {};
  const kind = values?.kind === "amount" ? "amount" : "percent";
  return (
    <form action={action} className="settings-form" aria-label="New code" noValidate>
      <FormField label="Code" hint="3–32 letters, digits or hyphens; shoppers type it in the cart." error={errors.code}>
        {(control) => (
          <input
            {...control}
            name="code"
            required
            maxLength={32}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            defaultValue={values?.code ?? ""}
            className="field__input code-input"
          />
        )}
      </FormField>
      <FormField label="Description" hint="Shown to the shopper when the code is applied." error={errors.description}>
        {(control) => (
          <input {...control} name="description" required maxLength={120} defaultValue={values?.description ?? ""} className="field__input" />
        )}
      </FormField>

      <KindChoice legend="Discount" options={KINDS} checked={kind} error={errors.kind} />

      <div className="settings-form__pair">
        <FormField label="Percent off" hint="A whole number from 1 to 100." error={errors.percent} className="field--wide" when="percent">
          {(control) => (
            <span className="input-suffix">
              <input
                {...control}
                name="percent"
                type="number"
                inputMode="numeric"
                min={1}
                max={100}
                step={1}
                required
                defaultValue={values?.percent ?? ""}
                className="field__input"
              />
              <span aria-hidden="true">%</span>
            </span>
          )}
        </FormField>
        <FormField label="Amount off" hint="Works only in orders in this currency." error={errors.amount} when="amount">
          {(control) => (
            <input {...control} name="amount" inputMode="decimal" required autoComplete="off" defaultValue={values?.amount ?? ""} className="field__input" />
          )}
        </FormField>
        <FormField label="Currency" error={errors.currency} when="amount">
          {(control) => (
            <select {...control} name="currency" defaultValue={values?.currency ?? currencies[0]} className="field__input">
              {currencies.map((currency) => (
                <option key={currency}>{currency}</option>
              ))}
            </select>
          )}
        </FormField>
      </div>

      <div className="settings-form__pair">
        <FormField label="Maximum uses" hint="Optional; empty is no limit." error={errors.maxUses}>
          {(control) => (
            <input {...control} name="maxUses" type="number" inputMode="numeric" min={1} step={1} defaultValue={values?.maxUses ?? ""} className="field__input" />
          )}
        </FormField>
        <FormField label="Expires on" hint="Optional; ends 00:00 UTC that day." error={errors.expiresOn}>
          {(control) => <input {...control} name="expiresOn" type="date" defaultValue={values?.expiresOn ?? ""} className="field__input" />}
        </FormField>
      </div>

      <button type="submit" className="button button--primary" disabled={pending}>
        {pending ? "Creating…" : "Create code"}
      </button>
      <ActionMessage state={state} />
    </form>
  );
}
