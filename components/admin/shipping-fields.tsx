import { useId } from "react";
import { SHIPPING_METHOD_LABELS, SHIPPING_METHODS } from "@/lib/admin/shipping-info";

type Values = Record<string, string> | undefined;

function TextField(props: { name: string; label: string; max: number; type?: "text" | "url"; hint?: string; values: Values }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {props.label}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        maxLength={props.max}
        defaultValue={props.values?.[props.name] ?? ""}
        className="field__input"
        autoComplete="off"
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
      {props.hint && (
        <span id={`${id}-hint`} className="field__hint">
          {props.hint}
        </span>
      )}
    </div>
  );
}

/** Klarna's shipping_info fields with its limits (100 characters, links 1024), shown to the customer in Klarna's app. */
export function ShippingFields({ values, legend }: { values: Values; legend: string }) {
  return (
    <fieldset className="shipping-grid">
      <legend>{legend}</legend>
      <TextField name="shipping_company" label="Shipping company" max={100} hint="As specific as possible: “DHL US”, not “DHL”." values={values} />
      <label className="field">
        <span className="field__label">Shipping method</span>
        <select name="shipping_method" defaultValue={values?.shipping_method ?? ""} className="field__input">
          <option value="">Not specified</option>
          {SHIPPING_METHODS.map((method) => (
            <option key={method} value={method}>
              {SHIPPING_METHOD_LABELS[method]}
            </option>
          ))}
        </select>
      </label>
      <TextField name="tracking_number" label="Tracking number" max={100} values={values} />
      <TextField name="tracking_uri" label="Tracking link" type="url" max={1024} values={values} />
      <details className="return-shipping" open={Boolean(values?.return_shipping_company || values?.return_tracking_number || values?.return_tracking_uri)}>
        <summary>Return shipment</summary>
        <div className="shipping-grid">
          <TextField name="return_shipping_company" label="Return shipping company" max={100} values={values} />
          <TextField name="return_tracking_number" label="Return tracking number" max={100} values={values} />
          <TextField name="return_tracking_uri" label="Return tracking link" type="url" max={1024} values={values} />
        </div>
      </details>
    </fieldset>
  );
}
