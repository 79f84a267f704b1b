"use client";

import { useActionState, useId } from "react";
import type { AddressRead } from "@/lib/klarna/types";
import { ActionMessage } from "../action-message";
import type { AdminFormState } from "../form-state";
import { extendDueDateAction, merchantReferenceAction, resendInvoiceAction, shippingAddressAction } from "./actions";

function Text(props: { name: string; label: string; max: number; value: string | undefined; autoComplete?: string; wide?: boolean }) {
  const id = useId();
  return (
    <div className={`field${props.wide ? " field--wide" : ""}`}>
      <label htmlFor={id} className="field__label">
        {props.label}
      </label>
      <input id={id} name={props.name} maxLength={props.max} defaultValue={props.value ?? ""} autoComplete={props.autoComplete ?? "off"} className="field__input" />
    </div>
  );
}

const Hidden = ({ klarnaOrderId, idempotencyKey }: { klarnaOrderId: string; idempotencyKey: string }) => (
  <>
    <input type="hidden" name="klarnaOrderId" value={klarnaOrderId} />
    <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
  </>
);

/** The shipping address at Klarna (PATCH …/customer-details); the country stays the order's. */
export function ShippingAddressForm(props: { klarnaOrderId: string; idempotencyKey: string; address: AddressRead | null; refusal: string | null }) {
  const [state, action, pending] = useActionState<AdminFormState | null, FormData>(shippingAddressAction, null);
  const values = state && !state.ok ? state.values : undefined;
  const value = (name: keyof AddressRead) => values?.[name] ?? props.address?.[name] ?? undefined;
  if (props.refusal) return <p className="refusal">{props.refusal}</p>;
  return (
    <form action={action} className="action-form" aria-label="Shipping address" noValidate>
      <Hidden {...props} />
      <div className="shipping-grid">
        <Text name="given_name" label="First name" max={99} value={value("given_name")} />
        <Text name="family_name" label="Last name" max={99} value={value("family_name")} />
        <Text name="street_address" label="Street address" max={99} value={value("street_address")} wide />
        <Text name="street_address2" label="Address line 2" max={99} value={value("street_address2")} wide />
        <Text name="postal_code" label="Postal code" max={10} value={value("postal_code")} />
        <Text name="city" label="City" max={99} value={value("city")} />
        <Text name="region" label="Region" max={99} value={value("region")} />
        <Text name="phone" label="Phone" max={99} value={value("phone")} />
        <input type="hidden" name="country" value={value("country") ?? ""} />
      </div>
      <div>
        <button type="submit" className="button button--secondary" disabled={pending}>
          {pending ? "Saving…" : "Save shipping address"}
        </button>
      </div>
      <ActionMessage state={state} />
    </form>
  );
}

/** merchant_reference1 at Klarna (PATCH …/merchant-references). */
export function MerchantReferenceForm(props: { klarnaOrderId: string; idempotencyKey: string; reference: string | undefined; refusal: string | null }) {
  const [state, action, pending] = useActionState<AdminFormState | null, FormData>(merchantReferenceAction, null);
  if (props.refusal) return <p className="refusal">{props.refusal}</p>;
  return (
    <form action={action} className="order-edit__inline" aria-label="Merchant reference" noValidate>
      <Hidden {...props} />
      <Text name="merchant_reference1" label="Merchant reference" max={255} value={(state && !state.ok ? state.values?.merchant_reference1 : undefined) ?? props.reference} />
      <div>
        <button type="submit" className="button button--secondary" disabled={pending}>
          {pending ? "Saving…" : "Save reference"}
        </button>
      </div>
      <ActionMessage state={state} className="order-edit__full" />
    </form>
  );
}

/** Extend a capture's payment due date by one of Klarna's options (PATCH …/extend-due-date). */
export function ExtendDueDateForm(props: {
  klarnaOrderId: string;
  idempotencyKey: string;
  captureId: string;
  choices: { days: number; fee: string }[];
}) {
  const [state, action, pending] = useActionState<AdminFormState | null, FormData>(extendDueDateAction, null);
  const id = useId();
  return (
    <form action={action} className="order-edit__inline" aria-label={`Extend the due date of capture ${props.captureId}`} noValidate>
      <Hidden {...props} />
      <input type="hidden" name="captureId" value={props.captureId} />
      <div className="field">
        <label htmlFor={id} className="field__label">
          Extend the due date by
        </label>
        <select id={id} name="days" className="field__input" defaultValue={String(props.choices[0]?.days ?? "")}>
          {props.choices.map((choice) => (
            <option key={choice.days} value={choice.days}>
              {choice.days} days · fee {choice.fee}
            </option>
          ))}
        </select>
      </div>
      <div>
        <button type="submit" className="button button--secondary button--small" disabled={pending}>
          {pending ? "Extending…" : "Extend due date"}
        </button>
      </div>
      <ActionMessage state={state} className="order-edit__full" />
    </form>
  );
}

/** Ask Klarna to send the customer this capture's invoice again (POST …/trigger-send-out). */
export function ResendInvoiceForm(props: { klarnaOrderId: string; idempotencyKey: string; captureId: string }) {
  const [state, action, pending] = useActionState<AdminFormState | null, FormData>(resendInvoiceAction, null);
  return (
    <form action={action} className="order-edit__inline" aria-label={`Re-send the invoice of capture ${props.captureId}`}>
      <Hidden {...props} />
      <input type="hidden" name="captureId" value={props.captureId} />
      <button type="submit" className="button button--secondary button--small" disabled={pending}>
        {pending ? "Sending…" : "Re-send invoice"}
      </button>
      <ActionMessage state={state} className="order-edit__full" />
    </form>
  );
}
