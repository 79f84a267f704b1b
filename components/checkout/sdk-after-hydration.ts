"use client";

import { preconnect } from "react-dom";
import { useSyncExternalStore } from "react";

/**
 * For a vendor's SDK that a client component loads with `<Script strategy="afterInteractive">`: render the Script only
 * once hydrated (`useHydrated`), and open its connection from the first bytes (`preconnectToScript`). Rendered on the
 * server, the Script would preload the SDK at high priority, where its bytes compete with the page's own first paint
 * on a phone (Lighthouse, bench/lighthouse.ts). The SDK then starts to download when the page is interactive, as
 * afterInteractive loads it anyway, without paying for DNS and the connection then.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}

/** `<link rel="preconnect">` to the origin of an absolute script URL (React renders it in the head); nothing for others. */
export function preconnectToScript(src: string): void {
  if (URL.canParse(src)) preconnect(new URL(src).origin);
}

function noSubscription(): () => void {
  return () => {};
}
