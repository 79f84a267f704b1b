import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Trailhead Supply Co.", template: "%s · Trailhead Supply Co." },
  description: "Outdoor gear for long days outside. Pay with Klarna.",
  icons: { icon: "/brand/logo.svg" },
};

export const viewport: Viewport = { themeColor: "#1f3d2b", width: "device-width", initialScale: 1 };

/**
 * Every page is rendered per request: its scripts carry the request's CSP nonce (proxy.ts), which Next.js reads from
 * the request headers; a page prerendered at build time would have none and its scripts would be refused.
 */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await headers();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
