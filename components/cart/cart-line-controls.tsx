"use client";

import { useActionState } from "react";
import { changeQuantity, removeFromCart, type CartActionState } from "./actions";

export function CartLineControls({
  productId,
  productName,
  quantity,
  maxQuantity,
}: {
  productId: number;
  productName: string;
  quantity: number;
  maxQuantity: number;
}) {
  const [changeState, change, changing] = useActionState<CartActionState | null, FormData>(changeQuantity, null);
  const [removeState, remove, removing] = useActionState<CartActionState | null, FormData>(removeFromCart, null);
  const error = [changeState, removeState].find((state) => state && !state.ok);
  return (
    <div className="line-controls">
      <form action={change} className="line-controls__quantity">
        <input type="hidden" name="productId" value={productId} />
        <label className="visually-hidden" htmlFor={`quantity-${productId}`}>
          Quantity of {productName}
        </label>
        <input
          id={`quantity-${productId}`}
          name="quantity"
          type="number"
          inputMode="numeric"
          min={1}
          max={Math.max(1, Math.min(maxQuantity, 99))}
          defaultValue={quantity}
          key={quantity}
          className="field__input quantity-input"
        />
        <button type="submit" className="button button--secondary button--small" disabled={changing} aria-label={`Update quantity of ${productName}`}>
          {changing ? "Saving…" : "Update"}
        </button>
      </form>
      <form action={remove}>
        <input type="hidden" name="productId" value={productId} />
        <button type="submit" className="button button--link" disabled={removing} aria-label={`Remove ${productName} from cart`}>
          {removing ? "Removing…" : "Remove"}
        </button>
      </form>
      {error && (
        <p className="notice notice--error line-controls__error" role="alert">
          {error.message}
        </p>
      )}
    </div>
  );
}
