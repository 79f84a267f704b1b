"use client";

import { useActionState, type ReactNode } from "react";
import { ActionMessage } from "./action-message";
import type { AdminFormState } from "./form-state";

type Action = (previous: AdminFormState | null, form: FormData) => Promise<AdminFormState>;

export interface RowActions {
  action: (form: FormData) => void;
  pending: boolean;
}

/**
 * A back-office list as a table (cards on a phone) whose rows carry buttons of one server action. One action state
 * serves every row, so its message stays on screen after the row it was about is gone.
 */
export function ActionTable<Row>(props: {
  action: Action;
  columns: readonly { label: string; className?: string }[];
  empty: ReactNode;
  rows: readonly Row[];
  children: (row: Row, actions: RowActions) => ReactNode;
}) {
  const [state, action, pending] = useActionState<AdminFormState | null, FormData>(props.action, null);
  return (
    <>
      <ActionMessage state={state} className="table-message" />
      <table className="admin-table stacked-table">
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th key={column.label} scope="col" className={column.className}>
                {column.label}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 ? (
            <tr>
              <td colSpan={props.columns.length + 1} className="admin-table__empty">
                {props.empty}
              </td>
            </tr>
          ) : (
            props.rows.map((row) => props.children(row, { action, pending }))
          )}
        </tbody>
      </table>
    </>
  );
}

/** A row's button: a one-button form posting `fields` to the table's action. */
export function RowActionButton(props: {
  actions: RowActions;
  fields: Record<string, string | number>;
  label: string;
  /** The button's accessible name, naming the row ("Remove x from the block list"). */
  name: string;
  quiet?: boolean;
}) {
  return (
    <td>
      <div className="cell-actions">
        <form action={props.actions.action} className="inline-form">
          {Object.entries(props.fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <button
            type="submit"
            className={`button button--small ${props.quiet === false ? "button--secondary" : "button--quiet"}`}
            disabled={props.actions.pending}
            aria-label={props.name}
          >
            {props.label}
          </button>
        </form>
      </div>
    </td>
  );
}
