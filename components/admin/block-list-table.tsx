"use client";

import { Fragment } from "react";
import type { BlockedShopper } from "@/lib/admin/block-list";
import { ActionTable, RowActionButton } from "./action-table";
import { unblockShopperAction } from "./block-list-actions";

export interface BlockedShopperView extends Pick<BlockedShopper, "id" | "kind" | "value" | "reason"> {
  kindLabel: string;
  /** When it was added, formatted on the server so the browser's Intl cannot render it differently. */
  added: string;
}

const COLUMNS = [{ label: "Checked as" }, { label: "Kind" }, { label: "Reason" }, { label: "Added" }];

/** The block list, with a remove button per entry. */
export function BlockListTable({ rows }: { rows: BlockedShopperView[] }) {
  return (
    <ActionTable action={unblockShopperAction} columns={COLUMNS} rows={rows} empty="Nobody is blocked. The store's rules accept every shopper.">
      {(row, actions) => (
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
          <RowActionButton actions={actions} fields={{ id: row.id }} label="Remove" name={`Remove ${row.value} from the block list`} />
        </tr>
      )}
    </ActionTable>
  );
}
