import type { Subscription } from "@/lib/subscriptions/store";

const LABELS: Record<Subscription["status"], string> = {
  tokenizing: "Starting",
  active: "Active",
  paused: "Paused",
  cancelled: "Cancelled",
  failed: "No token",
};

/** The subscription's state as a pill; the colours follow the order pills (paused reads as attention). */
export function SubscriptionStatus({ status }: { status: Subscription["status"] }) {
  const tone = status === "active" ? "acknowledged" : status === "paused" ? "expired" : status === "tokenizing" ? "placed" : "cancelled";
  return (
    <span className={`status-pill status-pill--${tone}`} data-status={status}>
      {LABELS[status]}
    </span>
  );
}
