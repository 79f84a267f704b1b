"use client";

import Link from "next/link";
import { useEffect, useSyncExternalStore } from "react";

/**
 * The header's cart link. The store layout counts the cart while the page renders, so a page that changes the cart
 * as it renders (the confirmation page settles the order, which empties the cart) announces the count it read
 * afterwards, and the header shows that one until the layout renders again with a count of its own.
 */
let announced: number | null = null;
const listeners = new Set<() => void>();

function setAnnounced(count: number | null) {
  announced = count;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** `countedAt`: when the layout counted the cart; each render of the layout gives a new one. */
export function CartLink({ itemCount, countedAt }: { itemCount: number; countedAt: number }) {
  const latest = useSyncExternalStore(
    subscribe,
    () => announced,
    () => null,
  );
  // A count the layout made afterwards (it renders again after every cart change) replaces any announcement. On the
  // first render this runs before the page's effects, which come later in the tree.
  useEffect(() => setAnnounced(null), [countedAt]);
  const count = latest ?? itemCount;
  const label = count === 1 ? "Cart, 1 item" : `Cart, ${count} items`;
  return (
    <Link href="/cart" className="cart-link" aria-label={label}>
      <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
        <path d="M6 7h12l-1 13H7L6 7Z" />
        <path d="M9 7a3 3 0 0 1 6 0" />
      </svg>
      <span className="cart-link__text">Cart</span>
      <span className="cart-link__count" data-testid="cart-count">
        {count}
      </span>
    </Link>
  );
}

/** Rendered by a page that changed the cart while rendering: tells the header the count the page read afterwards. */
export function CartCountAnnouncement({ count }: { count: number }) {
  useEffect(() => setAnnounced(count), [count]);
  return null;
}
