"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import { KlarnaPlacement } from "./klarna-placement";
import { KlarnaRefresh } from "./klarna-refresh";

/** The quantity field of the add-to-cart form it wraps: a whole number from 1, else nothing. */
function quantityOf(form: HTMLFormElement | null): number | null {
  const field = form?.elements.namedItem("quantity");
  if (!(field instanceof HTMLInputElement)) return null;
  const value = Number(field.value);
  return Number.isInteger(value) && value >= 1 ? value : null;
}

/**
 * Wraps the add-to-cart form and shows Klarna's message for the unit price times the chosen quantity, following
 * the quantity field as the shopper types (and back to its default when the form resets after adding to cart).
 */
export function QuantityPlacement({
  unitPrice,
  placementKey,
  locale,
  children,
}: {
  unitPrice: number;
  placementKey: string;
  locale: string;
  children: ReactNode;
}) {
  const [quantity, setQuantity] = useState(1);
  const follow = (event: FormEvent) => {
    const form = event.target instanceof HTMLElement ? event.target.closest("form") : null;
    // A reset event fires before the fields take their default values again.
    const read = () => setQuantity((current) => quantityOf(form) ?? current);
    if (event.type === "reset") setTimeout(read, 0);
    else read();
  };
  const amount = unitPrice * quantity;
  return (
    <div onChange={follow} onReset={follow}>
      {children}
      <KlarnaPlacement placementKey={placementKey} locale={locale} amount={amount} />
      <KlarnaRefresh amount={amount} />
    </div>
  );
}
