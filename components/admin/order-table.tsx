import Link from "next/link";
import { PROVIDER_LABELS } from "@/lib/payments/provider";
import { formatDateTime, moneyFormatter } from "@/lib/admin/format";
import type { OrderListRow } from "@/lib/admin/order-list";
import { StatusPill } from "./status-pill";

/** Orders as a table; on a phone each row becomes a card (see .stacked-table in admin.css). */
export function OrderTable({ rows, emptyText }: { rows: OrderListRow[]; emptyText: string }) {
  return (
    <table className="admin-table stacked-table">
      <thead>
        <tr>
          <th scope="col">Order</th>
          <th scope="col">Customer</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Total
          </th>
          <th scope="col" className="num">
            Captured
          </th>
          <th scope="col">Placed</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={6} className="admin-table__empty">
              {emptyText}
            </td>
          </tr>
        ) : (
          rows.map((row) => {
            const money = moneyFormatter(row);
            return (
              <tr key={row.orderNumber} data-testid={`order-row-${row.orderNumber}`}>
                <td className="stacked-table__title">
                  <Link href={`/admin/orders/${row.orderNumber}`} className="admin-table__primary">
                    {row.orderNumber}
                  </Link>
                  <span className="admin-table__secondary">
                    {row.market} · {PROVIDER_LABELS[row.provider]}
                    {row.express && " · Express checkout"}
                  </span>
                </td>
                <td data-label="Customer">
                  <span>
                    {row.customer ?? "—"}
                    <span className="admin-table__secondary">{row.email}</span>
                  </span>
                </td>
                <td data-label="Status" className="stacked-table__aside">
                  <StatusPill status={row.status} />
                </td>
                <td data-label="Total" className="num">
                  {money(row.orderAmount)}
                </td>
                <td data-label="Captured" className="num">
                  <span>
                    {row.capturedAmount > 0 ? money(row.capturedAmount) : <span className="muted">—</span>}
                    {row.refundedAmount > 0 && (
                      <span className="admin-table__secondary">{money(row.refundedAmount)} refunded</span>
                    )}
                  </span>
                </td>
                <td data-label="Placed">{formatDateTime(row.createdAt)}</td>
              </tr>
            );
          })
        )}
      </tbody>
    </table>
  );
}
