"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/** How often the page asks the server again; the server reads Checkout.com at most every 10 seconds per payment. */
const REFRESH_MS = 3_000;
/** After this long the message says it can take minutes and that leaving is safe. */
const SLOW_AFTER_MS = 30_000;

/**
 * Checkout.com answered the payment with 202 Pending (reference/seeds/004_6e27f3ac1c8818d9.txt): Klarna approved the
 * shopper, and Checkout.com's decision follows. The page refreshes itself until the receipt (or the decline) replaces
 * this; a polite live status says what is happening without interrupting a screen reader.
 */
export function PaymentConfirming() {
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
    <section className="receipt" aria-labelledby="confirming-title">
      <div className="receipt__hero" style={{ background: "var(--sand-50)", color: "var(--ink-2)" }}>
        <span className="spinner" aria-hidden="true" style={{ flex: "none" }} />
        <div>
          <h1 id="confirming-title">We are confirming your payment</h1>
          <p role="status" aria-live="polite" data-testid="payment-confirming-status">
            {slow
              ? "Still confirming. This can take a few minutes; you do not need to pay again. You can leave this page: your order is made as soon as the payment is confirmed."
              : "Klarna accepted your purchase and Checkout.com is confirming the payment. This page updates by itself."}
          </p>
        </div>
      </div>
      <p className="checkout-note">Nothing is charged twice: please do not pay again while this page is open.</p>
      <p className="receipt__links">
        <Link href="/">Continue shopping</Link>
      </p>
    </section>
  );
}
