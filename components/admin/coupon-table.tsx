"use client";

import { useActionState } from "react";
import type { CouponListRow, CouponState } from "@/lib/admin/coupons";
import { ActionMessage } from "./action-message";
import { setCouponActiveAction } from "./coupon-actions";
import type { AdminFormState } from "./form-state";

export interface CouponRowView extends CouponListRow {
  /** The expiry as the page formatted it on the server, so the browser's Intl cannot render it differently. */
  expires: string | null;
}

const STATE_LABELS: Record<CouponState, string> = { active: "Active", inactive: "Inactive", expired: "Expired", "used-up": "Used up" };

/** The codes as a table, cards on a phone; one action state for the row buttons, so its message outlives the click. */
export function CouponTable({ rows }: { rows: CouponRowView[] }) {
  const [state, action, pending] = useActionState<AdminFormState | null, FormData>(setCouponActiveAction, null);
  return (
    <>
      <ActionMessage state={state} className="table-message" />
      <table className="admin-table stacked-table">
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Discount</th>
            <th scope="col" className="num">
              Uses
            </th>
            <th scope="col">Expires</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={6} className="admin-table__empty">
                No codes yet. Create one with the form.
              </td>
            </tr>
          ) : (
            rows.map((row) => (
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
                <td>
                  <div className="cell-actions">
                    <form action={action} className="inline-form">
                      <input type="hidden" name="code" value={row.code} />
                      <input type="hidden" name="active" value={String(!row.active)} />
                      <button
                        type="submit"
                        className={`button button--small ${row.active ? "button--quiet" : "button--secondary"}`}
                        disabled={pending}
                        aria-label={`${row.active ? "Deactivate" : "Reactivate"} ${row.code}`}
                      >
                        {row.active ? "Deactivate" : "Reactivate"}
                      </button>
                    </form>
                  </div>
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </>
  );
}
