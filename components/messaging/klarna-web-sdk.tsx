"use client";

import Script from "next/script";
import type { OnSiteMessaging } from "@/lib/messaging/on-site-messaging";

/**
 * Klarna's web SDK, loaded once per visit after the page has loaded (lazyOnload), so it never delays the page nor
 * competes with its first paint and hydration. Klarna's
 * snippet is <script async data-client-id data-environment src>; the library then finds the placements itself.
 */
export function KlarnaWebSdk({ config }: { config: OnSiteMessaging }) {
  return (
    <Script
      id="klarna-web-sdk"
      src={config.sdkUrl}
      strategy="lazyOnload"
      data-client-id={config.clientId}
      data-environment={config.environment}
    />
  );
}
