"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/** How often the page asks the server again while the order is being confirmed. */
const REFRESH_MS = 2_000;
/** After this long the message says it can take a while and that leaving is safe. */
const SLOW_AFTER_MS = 30_000;

/**
 * Shown on the shopper's order page while the order is still being confirmed with the provider (the shopper came back
 * while a webhook, in the same moment, held the order's settlement): the page asks the server again until the order
 * is confirmed or cancelled, so it never stays on "being confirmed" until a reload. A polite live status says so.
 */
export function RefreshWhilePending() {
  const router = useRouter();
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const refresh = setInterval(() => router.refresh(), REFRESH_MS);
    const slowTimer = setTimeout(() => setSlow(true), SLOW_AFTER_MS);
    return () => {
      clearInterval(refresh);
      clearTimeout(slowTimer);
    };
  }, [router]);
  return (
    <p className="checkout-note" role="status" aria-live="polite" data-testid="order-confirming">
      <span className="spinner" aria-hidden="true" />{" "}
      {slow
        ? "Still confirming. This can take a few minutes; you do not need to pay again, and you can leave this page."
        : "This page updates by itself in a moment."}
    </p>
  );
}
