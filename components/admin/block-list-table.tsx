"use client";

import { Fragment, useActionState } from "react";
import type { BlockedShopper } from "@/lib/admin/block-list";
import { ActionMessage } from "./action-message";
import { unblockShopperAction } from "./block-list-actions";
import type { AdminFormState } from "./form-state";

export interface BlockedShopperView extends Pick<BlockedShopper, "id" | "kind" | "value" | "reason"> {
  kindLabel: string;
  /** When it was added, formatted on the server so the browser's Intl cannot render it differently. */
  added: string;
}

/** The block list as a table, cards on a phone; one action state for the remove buttons, so its message outlives the row. */
export function BlockListTable({ rows }: { rows: BlockedShopperView[] }) {
  const [state, action, pending] = useActionState<AdminFormState | null, FormData>(unblockShopperAction, null);
  return (
    <>
      <ActionMessage state={state} className="table-message" />
      <table className="admin-table stacked-table">
        <thead>
          <tr>
            <th scope="col">Checked as</th>
            <th scope="col">Kind</th>
            <th scope="col">Reason</th>
            <th scope="col">Added</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={5} className="admin-table__empty">
                Nobody is blocked. Klarna&apos;s validation accepts every shopper.
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.id} data-testid={`blocked-${row.kind}-${row.value}`}>
                <td className="stacked-table__title">
                  <span className="admin-table__primary mono blocked-value">
                    {row.value.split("|").map((part, index) => (
                      <Fragment key={index}>
                        {index > 0 && (
                          <>
                            |<wbr />
                          </>
                        )}
                        {part}
                      </Fragment>
                    ))}
                  </span>
                </td>
                <td data-label="Kind" className="stacked-table__aside">
                  <span className={`kind-tag kind-tag--${row.kind}`}>{row.kindLabel}</span>
                </td>
                <td data-label="Reason" className="stacked-table__wide">
                  {row.reason}
                </td>
                <td data-label="Added" className="nowrap">
                  {row.added}
                </td>
                <td>
                  <div className="cell-actions">
                    <form action={action} className="inline-form">
                      <input type="hidden" name="id" value={row.id} />
                      <button
                        type="submit"
                        className="button button--small button--quiet"
                        disabled={pending}
                        aria-label={`Remove ${row.value} from the block list`}
                      >
                        Remove
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
