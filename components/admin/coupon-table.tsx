"use client";

import type { CouponListRow, CouponState } from "@/lib/admin/coupons";
import { ActionTable, RowActionButton } from "./action-table";
import { setCouponActiveAction } from "./coupon-actions";

export interface CouponRowView extends CouponListRow {
  /** The expiry as the page formatted it on the server, so the browser's Intl cannot render it differently. */
  expires: string | null;
}

const STATE_LABELS: Record<CouponState, string> = { active: "Active", inactive: "Inactive", expired: "Expired", "used-up": "Used up" };

const COLUMNS = [{ label: "Code" }, { label: "Discount" }, { label: "Uses", className: "num" }, { label: "Expires" }, { label: "Status" }];

/** The codes, with a deactivate or reactivate button per code. */
export function CouponTable({ rows }: { rows: CouponRowView[] }) {
  return (
    <ActionTable action={setCouponActiveAction} columns={COLUMNS} rows={rows} empty="No codes yet. Create one with the form.">
      {(row, actions) => (
        <tr key={row.code} data-testid={`coupon-${row.code}`}>
          <td className="stacked-table__title">
            <span className="admin-table__primary code-text">{row.code}</span>
            <span className="admin-table__secondary">{row.description}</span>
          </td>
          <td data-label="Discount">
            <span className="nowrap">
              {row.discount}
              {row.currency && <span className="admin-table__secondary">{row.currency} orders only</span>}
            </span>
          </td>
          <td data-label="Uses" className="num">
            {row.maxUses === null ? (
              <span>
                {row.uses} <span className="muted">· no limit</span>
              </span>
            ) : (
              `${row.uses} / ${row.maxUses}`
            )}
          </td>
          <td data-label="Expires" className="nowrap">
            {row.expires ?? <span className="muted">Never</span>}
          </td>
          <td data-label="Status" className="stacked-table__aside">
            <span className={`status-pill status-pill--coupon-${row.state}`}>{STATE_LABELS[row.state]}</span>
          </td>
          <RowActionButton
            actions={actions}
            fields={{ code: row.code, active: String(!row.active) }}
            label={row.active ? "Deactivate" : "Reactivate"}
            name={`${row.active ? "Deactivate" : "Reactivate"} ${row.code}`}
            quiet={row.active}
          />
        </tr>
      )}
    </ActionTable>
  );
}
