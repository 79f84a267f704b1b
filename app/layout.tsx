import type { Metadata, Viewport } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Trailhead Supply Co.", template: "%s · Trailhead Supply Co." },
  description: "Outdoor gear for long days outside. Pay with Klarna.",
  icons: { icon: "/brand/logo.svg" },
};

export const viewport: Viewport = { themeColor: "#1f3d2b", width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
