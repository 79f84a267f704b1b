"use client";

import { LinesActionForm, type LinesActionFormProps } from "./lines-action-form";
import { captureAction } from "./order-actions";
import { ShippingFields } from "./shipping-fields";

/** Capture chosen lines (all that remains, to start with), with the shipment's tracking. */
export function CaptureForm({ remaining, ...props }: Omit<LinesActionFormProps, "limit"> & { remaining: number }) {
  return (
    <LinesActionForm
      {...props}
      limit={{ amount: remaining, label: "remaining" }}
      action={captureAction}
      verb="Capture"
      pendingLabel="Capturing…"
      doneLabel="Captured"
      defaults={(line) => line.available}
      nothingLeft={() => ({ label: "Captured", done: true })}
      extra={(restored) => <ShippingFields values={restored} legend="Shipping (shown to the customer in the Klarna app)" />}
    />
  );
}
