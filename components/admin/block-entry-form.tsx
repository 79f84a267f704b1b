"use client";

import { useActionState, useState, type FormEvent } from "react";
import { blockedValue, isInternationalPhone, type BlockEntryFields } from "@/lib/admin/block-list-input";
import type { MarketCode } from "@/lib/pricing/markets";
import { ActionMessage } from "./action-message";
import { blockShopperAction } from "./block-list-actions";
import { FormField } from "./form-field";
import { KindChoice } from "./kind-choice";
import type { AdminFormState } from "./form-state";

type Kind = BlockEntryFields["kind"];

const KINDS: [Kind, string][] = [
  ["email", "E-mail"],
  ["phone", "Phone"],
  ["address", "Address"],
];

/** What will be stored for the form as typed: the form checkBlocked compares shoppers in. */
function preview(values: Record<string, string>): { kind: Kind; value: string } | null {
  const text = (name: string) => values[name] ?? "";
  const country = text("country") as MarketCode;
  switch (text("kind")) {
    case "email":
      return text("email").trim() ? { kind: "email", value: blockedValue({ kind: "email", email: text("email"), reason: "" }) } : null;
    case "phone":
      return text("phone").trim() ? { kind: "phone", value: blockedValue({ kind: "phone", phone: text("phone"), country, reason: "" }) } : null;
    case "address":
      return text("street").trim() || text("postcode").trim()
        ? { kind: "address", value: blockedValue({ kind: "address", street: text("street"), postcode: text("postcode"), country, reason: "" }) }
        : null;
    default:
      return null;
  }
}

function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) if (typeof value === "string") values[name] = value;
  return values;
}

/**
 * The add-to-block-list form. Which fields show follows the checked kind in CSS, so it is right even before the page
 * hydrates; the preview reads the whole form on every change for the same reason.
 */
export function BlockEntryForm({ countries }: { countries: { code: MarketCode; name: string }[] }) {
  const [state, action, pending] = useActionState<AdminFormState | null, FormData>(blockShopperAction, null);
  // The form as typed since the last result; React resets the form after each action, and this with it.
  const [typed, setTyped] = useState<{ after: AdminFormState | null; values: Record<string, string> } | null>(null);
  const refused = state && !state.ok ? state : undefined;
  const values = refused?.values;
  const errors = refused?.errors ?? {};
  const kind = KINDS.find(([option]) => option === values?.kind)?.[0] ?? "email";
  const stored = preview(typed?.after === state ? typed.values : (values ?? { kind }));
  const onChange = (event: FormEvent<HTMLFormElement>) => setTyped({ after: state, values: formValues(event.currentTarget) });

  return (
    <form action={action} onChange={onChange} className="settings-form" aria-label="Block a shopper" noValidate>
      <KindChoice legend="Block by" options={KINDS} checked={kind} error={errors.kind} />

      <div className="settings-form__pair">
        <FormField label="E-mail address" error={errors.email} className="field--wide" when="email">
          {(control) => (
            <input {...control} name="email" type="email" required maxLength={254} autoComplete="off" defaultValue={values?.email ?? ""} className="field__input" />
          )}
        </FormField>
        <FormField label="Phone number" hint="With country code, or as dialled in the country." error={errors.phone} when="phone">
          {(control) => (
            <input {...control} name="phone" type="tel" required maxLength={40} autoComplete="off" defaultValue={values?.phone ?? ""} className="field__input" />
          )}
        </FormField>
        <FormField label="Street address" error={errors.street} className="field--wide" when="address">
          {(control) => (
            <input {...control} name="street" required maxLength={200} autoComplete="off" defaultValue={values?.street ?? ""} className="field__input" />
          )}
        </FormField>
        <FormField label="Postcode" error={errors.postcode} when="address">
          {(control) => (
            <input {...control} name="postcode" required maxLength={20} autoComplete="off" defaultValue={values?.postcode ?? ""} className="field__input" />
          )}
        </FormField>
        <FormField label="Country" error={errors.country} when="phone address">
          {(control) => (
            <select {...control} name="country" defaultValue={values?.country ?? countries[0]?.code} className="field__input">
              {countries.map((country) => (
                <option key={country.code} value={country.code}>
                  {country.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>

      <FormField label="Reason" hint="Only the back office shows it." error={errors.reason}>
        {(control) => <input {...control} name="reason" required maxLength={200} defaultValue={values?.reason ?? ""} className="field__input" />}
      </FormField>

      <p className="stored-as">
        <span className="stored-as__label">Checked as</span>
        {stored ? <code className="mono">{stored.value}</code> : <span className="muted">what you type, normalised</span>}
        {stored?.kind === "phone" && !isInternationalPhone(stored.value) && (
          <span className="stored-as__warning">needs its country code or a leading 0</span>
        )}
      </p>

      <button type="submit" className="button button--primary" disabled={pending}>
        {pending ? "Adding…" : "Add to block list"}
      </button>
      <ActionMessage state={state} />
    </form>
  );
}
