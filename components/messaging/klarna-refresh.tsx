"use client";

import { useEffect } from "react";

interface KlarnaWindow {
  Klarna?: { OnsiteMessaging?: { refresh?: () => void } };
}

/**
 * Asks Klarna's library to render the placements again whenever the amount changes without a page load
 * (Klarna: call window.Klarna.OnsiteMessaging.refresh() after a price change). Before the library has loaded
 * there is nothing to call: it renders the placements with their current attributes when it starts.
 */
export function KlarnaRefresh({ amount }: { amount: number }) {
  useEffect(() => {
    (window as KlarnaWindow).Klarna?.OnsiteMessaging?.refresh?.();
  }, [amount]);
  return null;
}
