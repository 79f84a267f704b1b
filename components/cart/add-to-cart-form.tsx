"use client";

import Link from "next/link";
import { useActionState } from "react";
import { addToCart, type CartActionState } from "./actions";

export function AddToCartForm({ productId, maxQuantity }: { productId: number; maxQuantity: number }) {
  const [state, action, pending] = useActionState<CartActionState | null, FormData>(addToCart, null);
  const soldOut = maxQuantity <= 0;
  return (
    <form action={action} className="add-to-cart" aria-label="Add to cart">
      <input type="hidden" name="productId" value={productId} />
      <div className="add-to-cart__row">
        <label className="field field--compact">
          <span className="field__label">Quantity</span>
          <input
            name="quantity"
            type="number"
            inputMode="numeric"
            min={1}
            max={Math.max(1, Math.min(maxQuantity, 99))}
            defaultValue={1}
            disabled={soldOut}
            className="field__input quantity-input"
          />
        </label>
        <button type="submit" className="button button--primary button--large" disabled={soldOut || pending}>
          {soldOut ? "Sold out" : pending ? "Adding…" : "Add to cart"}
        </button>
      </div>
      <div aria-live="polite" className="form-message-slot">
        {state && (
          <p className={state.ok ? "notice notice--success" : "notice notice--error"} role={state.ok ? "status" : "alert"}>
            {state.message}
            {state.ok && (
              <>
                {" "}
                <Link href="/cart">View cart</Link>
              </>
            )}
          </p>
        )}
      </div>
    </form>
  );
}
