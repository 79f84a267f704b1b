import type { Metadata } from "next";
import "./admin.css";

export const metadata: Metadata = {
  title: { default: "Back office", template: "%s · Back office · Trailhead Supply Co." },
  robots: { index: false, follow: false },
};

/** The back office: its own look, outside the shop's header and footer. */
export default function AdminLayout({ children }: { children: React.ReactNode }) {
  return <div className="admin">{children}</div>;
}
