import { ADMIN_STATUS_LABELS, type AdminOrderStatus } from "@/lib/admin/order-status";

export function StatusPill({ status, large = false }: { status: AdminOrderStatus; large?: boolean }) {
  return (
    <span className={`status-pill status-pill--${status}${large ? " status-pill--large" : ""}`} data-status={status}>
      {ADMIN_STATUS_LABELS[status]}
    </span>
  );
}
