"use client";

import Script from "next/script";
import { preconnect } from "react-dom";
import { useSyncExternalStore } from "react";

/**
 * Klarna's SDK for a client component (the checkout's widget, the Express button and its review page): the Script is
 * rendered only once the page is hydrated, `afterInteractive`, and the SDK's connection is opened from the first bytes
 * (a `<link rel="preconnect">` React puts in the head). Rendered on the server, the Script would preload the SDK at high
 * priority, where its 37 kB competed with the page's own first paint on a phone (Lighthouse, bench/lighthouse.ts:
 * first contentful paint 1.23–1.42 s on the product page, the cart and the checkout, against 0.9 s without it;
 * preloaded at low priority, it still lengthened the largest paint). The SDK starts to download when the page is
 * interactive, as afterInteractive loads it anyway, without paying for DNS and the connection then.
 */
export function KlarnaSdkScript(props: { src: string; onReady: () => void; onError?: () => void }) {
  if (URL.canParse(props.src)) preconnect(new URL(props.src).origin);
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);
  return hydrated ? <Script src={props.src} strategy="afterInteractive" onReady={props.onReady} onError={props.onError} /> : null;
}

function noSubscription(): () => void {
  return () => {};
}
